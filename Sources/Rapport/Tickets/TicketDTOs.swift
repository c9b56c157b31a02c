import Foundation
import RapportCore
import Vapor

/// A ticket as the API shows it.
struct TicketResponse: Content {
    var id: UUID
    var number: Int64
    var requesterID: UUID
    var organizationID: UUID?
    var subject: String
    var kind: TicketKind
    var status: TicketStatus
    var priority: TicketPriority
    var channel: TicketChannel
    var category: ComplaintCategory?
    var topic: TicketTopic?
    var product: String?
    var tags: [String]
    var customFields: [String: AttributeValue]
    var assigneeID: UUID?
    var teamID: UUID?
    var followerIDs: [UUID]
    var sla: SLAResponse
    var mergedIntoID: UUID?
    var splitFromID: UUID?
    var firstResponseAt: Date?
    var solvedAt: Date?
    var createdAt: Date
    var updatedAt: Date

    /// The service-level state: a summary to sort and filter on, and every measure.
    struct SLAResponse: Content {
        var policyID: UUID?
        var state: SLAState?
        var dueAt: Date?
        var measures: [SLAMeasure]
        enum CodingKeys: String, CodingKey {
            case state, measures
            case policyID = "policy_id"
            case dueAt = "due_at"
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, number, subject, kind, status, priority, channel, category, topic, product, tags, sla
        case requesterID = "requester_id"
        case organizationID = "organization_id"
        case customFields = "custom_fields"
        case assigneeID = "assignee_id"
        case teamID = "team_id"
        case followerIDs = "follower_ids"
        case mergedIntoID = "merged_into_id"
        case splitFromID = "split_from_id"
        case firstResponseAt = "first_response_at"
        case solvedAt = "solved_at"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    init(_ ticket: Ticket, details: TicketDetails) {
        id = ticket.id!
        number = ticket.number
        requesterID = ticket.requesterID
        organizationID = ticket.organizationID
        subject = ticket.subject
        kind = ticket.kind
        status = ticket.status
        priority = ticket.priority
        channel = ticket.channel
        category = ticket.category
        topic = ticket.topic
        product = ticket.product
        tags = details.tags
        customFields = ticket.customFields
        assigneeID = ticket.assigneeID
        teamID = ticket.teamID
        followerIDs = details.followerIDs
        sla = SLAResponse(policyID: ticket.slaPolicyID, state: ticket.slaState, dueAt: ticket.slaDueAt, measures: ticket.sla)
        mergedIntoID = ticket.mergedIntoID
        splitFromID = ticket.splitFromID
        firstResponseAt = ticket.firstResponseAt
        solvedAt = ticket.solvedAt
        createdAt = ticket.createdAt
        updatedAt = ticket.updatedAt
    }
}

/// What a ticket row needs from side tables to be shown.
struct TicketDetails: Sendable {
    var tags: [String] = []
    var followerIDs: [UUID] = []
}

/// A create or change of a ticket. On create `requester_id` and `subject` are required; on change
/// only the keys sent change, and a key sent as null clears the field.
struct TicketInput: Decodable, Sendable {
    var requesterID: UUID?
    var subject: String?
    var kind: String?
    var status: String?
    var priority: String?
    var channel: String?
    var category: String?
    var topic: String?
    var product: String?
    var tags: [String]?
    var customFields: [String: AttributeValue]?
    var assigneeID: UUID?
    var teamID: UUID?
    var followerIDs: [UUID]?
    /// The first message, on create.
    var message: MessageInput?
    var present: Set<String> = []

    enum CodingKeys: String, CodingKey {
        case subject, kind, status, priority, channel, category, topic, product, tags, message
        case requesterID = "requester_id"
        case customFields = "custom_fields"
        case assigneeID = "assignee_id"
        case teamID = "team_id"
        case followerIDs = "follower_ids"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        requesterID = try c.decodeIfPresent(UUID.self, forKey: .requesterID)
        subject = try c.decodeIfPresent(String.self, forKey: .subject)
        kind = try c.decodeIfPresent(String.self, forKey: .kind)
        status = try c.decodeIfPresent(String.self, forKey: .status)
        priority = try c.decodeIfPresent(String.self, forKey: .priority)
        channel = try c.decodeIfPresent(String.self, forKey: .channel)
        category = try c.decodeIfPresent(String.self, forKey: .category)
        topic = try c.decodeIfPresent(String.self, forKey: .topic)
        product = try c.decodeIfPresent(String.self, forKey: .product)
        tags = try c.decodeIfPresent([String].self, forKey: .tags)
        customFields = try c.decodeIfPresent([String: AttributeValue].self, forKey: .customFields)
        assigneeID = try c.decodeIfPresent(UUID.self, forKey: .assigneeID)
        teamID = try c.decodeIfPresent(UUID.self, forKey: .teamID)
        followerIDs = try c.decodeIfPresent([UUID].self, forKey: .followerIDs)
        message = try c.decodeIfPresent(MessageInput.self, forKey: .message)
        present = Set(c.allKeys.map(\.stringValue))
    }
}

/// A message to add: a reply or note, or a logged call or visit.
struct MessageInput: Content {
    var body: String?
    var visibility: String?
    /// `agent` (default when a user writes) or `customer` (an agent recording what the customer said, a letter, say).
    var author: String?
    var kind: String?
    var durationSeconds: Int?
    var outcome: String?
    var attachments: [AttachmentInput]?
    /// The ticket's status after this message, in the same step ("reply and set pending").
    var status: String?

    enum CodingKeys: String, CodingKey {
        case body, visibility, author, kind, outcome, attachments, status
        case durationSeconds = "duration_seconds"
    }
}

/// A file sent inline with a message.
struct AttachmentInput: Content {
    var filename: String
    var mediaType: String?
    /// The file's bytes, base64-encoded.
    var content: String

    enum CodingKeys: String, CodingKey {
        case filename, content
        case mediaType = "media_type"
    }
}

/// A message as the API shows it.
struct MessageResponse: Content {
    var id: UUID
    var ticketID: UUID
    var kind: MessageKind
    var visibility: MessageVisibility
    var authorKind: MessageAuthorKind
    var authorUserID: UUID?
    var authorCustomerID: UUID?
    var body: String
    var durationSeconds: Int?
    var outcome: ContactOutcome?
    var attachments: [AttachmentResponse]
    var createdAt: Date
    /// How the reply's email is getting on; nil when no email goes out for it.
    var delivery: DeliveryResponse?
    /// For messages that came in by mail: the quote, signature and sanitised HTML kept beside the body.
    var mail: MessageMailResponse? = nil

    enum CodingKeys: String, CodingKey {
        case id, kind, visibility, body, outcome, attachments, delivery, mail
        case ticketID = "ticket_id"
        case authorKind = "author_kind"
        case authorUserID = "author_user_id"
        case authorCustomerID = "author_customer_id"
        case durationSeconds = "duration_seconds"
        case createdAt = "created_at"
    }

    init(_ message: TicketMessage, attachments: [TicketAttachment], delivery: DeliveryResponse? = nil) {
        self.delivery = delivery
        id = message.id!
        ticketID = message.ticketID
        kind = message.kind
        visibility = message.visibility
        authorKind = message.authorKind
        authorUserID = message.authorUserID
        authorCustomerID = message.authorCustomerID
        body = message.body
        durationSeconds = message.durationSeconds
        outcome = message.outcome
        self.attachments = attachments.map(AttachmentResponse.init)
        createdAt = message.createdAt
    }
}

/// An attachment's description; the bytes are at `url`.
struct AttachmentResponse: Content {
    var id: UUID
    var filename: String
    var mediaType: String
    var size: Int64
    var sha256: String
    var url: String

    enum CodingKeys: String, CodingKey {
        case id, filename, size, sha256, url
        case mediaType = "media_type"
    }

    init(_ attachment: TicketAttachment) {
        id = attachment.id!
        filename = attachment.filename
        mediaType = attachment.mediaType
        size = attachment.size
        sha256 = attachment.sha256
        url = "/api/v1/tickets/\(attachment.ticketID)/attachments/\(attachment.id!)"
    }
}

/// One history entry as the API shows it.
struct EventResponse: Content {
    var id: UUID
    var at: Date
    var actorKind: EventActorKind
    var actorID: UUID?
    var action: String
    var field: String?
    var oldValue: String?
    var newValue: String?

    enum CodingKeys: String, CodingKey {
        case id, at, action, field
        case actorKind = "actor_kind"
        case actorID = "actor_id"
        case oldValue = "old_value"
        case newValue = "new_value"
    }

    init(_ event: TicketEvent) {
        id = event.id!
        at = event.at
        actorKind = event.actorKind
        actorID = event.actorID
        action = event.action
        field = event.field
        oldValue = event.oldValue
        newValue = event.newValue
    }
}
