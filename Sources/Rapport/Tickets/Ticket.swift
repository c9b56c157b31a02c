import Fluent
import Foundation
import RapportCore

/// An inquiry or complaint and everything about its handling; messages and events hang off it.
final class Ticket: Model, @unchecked Sendable {
    static let schema = "tickets"

    @ID(key: .id) var id: UUID?
    @Field(key: "workspace_id") var workspaceID: UUID
    /// Per workspace, from 1: what people say on the phone ("ticket 1042").
    @Field(key: "number") var number: Int64
    @Field(key: "requester_id") var requesterID: UUID
    @OptionalField(key: "organization_id") var organizationID: UUID?
    @Field(key: "subject") var subject: String
    @Field(key: "kind") var kind: TicketKind
    @Field(key: "status") var status: TicketStatus
    /// True while the status is new, open, pending or on hold: what the work queues index on.
    @Field(key: "unsolved") var unsolved: Bool
    @Field(key: "priority") var priority: TicketPriority
    @Field(key: "channel") var channel: TicketChannel
    @OptionalField(key: "category") var category: ComplaintCategory?
    @OptionalField(key: "topic") var topic: TicketTopic?
    @OptionalField(key: "product") var product: String?
    @Field(key: "custom_fields") var customFields: [String: AttributeValue]
    @OptionalField(key: "assignee_id") var assigneeID: UUID?
    @OptionalField(key: "team_id") var teamID: UUID?
    @OptionalField(key: "sla_policy_id") var slaPolicyID: UUID?
    /// The measures as last evaluated, for display; `sla_state`, `sla_due_at` and `sla_check_at` are their indexable summary.
    @Field(key: "sla") var sla: [SLAMeasure]
    @OptionalField(key: "sla_state") var slaState: SLAState?
    @OptionalField(key: "sla_due_at") var slaDueAt: Date?
    /// When time alone will next change an SLA state; the scheduler looks at tickets whose moment has come.
    @OptionalField(key: "sla_check_at") var slaCheckAt: Date?
    @OptionalField(key: "first_response_at") var firstResponseAt: Date?
    @OptionalField(key: "last_customer_message_at") var lastCustomerMessageAt: Date?
    @OptionalField(key: "last_agent_reply_at") var lastAgentReplyAt: Date?
    @OptionalField(key: "solved_at") var solvedAt: Date?
    @OptionalField(key: "merged_into_id") var mergedIntoID: UUID?
    @OptionalField(key: "split_from_id") var splitFromID: UUID?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

/// A reply, an internal note, a logged call or a visit on a ticket.
final class TicketMessage: Model, @unchecked Sendable {
    static let schema = "ticket_messages"

    @ID(key: .id) var id: UUID?
    @Field(key: "workspace_id") var workspaceID: UUID
    @Field(key: "ticket_id") var ticketID: UUID
    @Field(key: "kind") var kind: MessageKind
    @Field(key: "visibility") var visibility: MessageVisibility
    @Field(key: "author_kind") var authorKind: MessageAuthorKind
    @OptionalField(key: "author_user_id") var authorUserID: UUID?
    @OptionalField(key: "author_customer_id") var authorCustomerID: UUID?
    @Field(key: "body") var body: String
    @OptionalField(key: "duration_seconds") var durationSeconds: Int?
    @OptionalField(key: "outcome") var outcome: ContactOutcome?
    @Field(key: "created_at") var createdAt: Date

    init() {}
}

/// One entry of a ticket's append-only history.
final class TicketEvent: Model, @unchecked Sendable {
    static let schema = "ticket_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "workspace_id") var workspaceID: UUID
    @Field(key: "ticket_id") var ticketID: UUID
    @Field(key: "at") var at: Date
    @Field(key: "actor_kind") var actorKind: EventActorKind
    @OptionalField(key: "actor_id") var actorID: UUID?
    @Field(key: "action") var action: String
    @OptionalField(key: "field") var field: String?
    @OptionalField(key: "old_value") var oldValue: String?
    @OptionalField(key: "new_value") var newValue: String?

    init() {}
}

/// A file attached to a message; the bytes live content-addressed under the data directory.
final class TicketAttachment: Model, @unchecked Sendable {
    static let schema = "ticket_attachments"

    @ID(key: .id) var id: UUID?
    @Field(key: "workspace_id") var workspaceID: UUID
    @Field(key: "ticket_id") var ticketID: UUID
    @Field(key: "message_id") var messageID: UUID
    @Field(key: "filename") var filename: String
    @Field(key: "media_type") var mediaType: String
    @Field(key: "size") var size: Int64
    @Field(key: "sha256") var sha256: String
    @Field(key: "created_at") var createdAt: Date

    init() {}
}
