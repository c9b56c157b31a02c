import Fluent
import Foundation
import RapportCore
import SQLKit
import Vapor

/// Who caused a change: recorded on every event.
struct EventActor: Sendable {
    var kind: EventActorKind
    var id: UUID?

    static let system = EventActor(kind: .system, id: nil)
    static func user(_ id: UUID) -> EventActor { EventActor(kind: .user, id: id) }
    static func rule(_ id: UUID) -> EventActor { EventActor(kind: .rule, id: id) }
}

/// A message to add, validated.
struct NewMessage: Sendable {
    var kind: MessageKind = .message
    var visibility: MessageVisibility = .public
    var authorKind: MessageAuthorKind
    var authorUserID: UUID?
    var authorCustomerID: UUID?
    var body: String
    var durationSeconds: Int?
    var outcome: ContactOutcome?
    var attachments: [StoredFile] = []
    /// Set by inbound mail for auto-replies and bulk mail: a new ticket from such a message gets no acknowledgement.
    var suppressAcknowledgement = false
    /// More rows to write with the message, in its transaction (inbound mail records its thread and parts).
    var alsoWrite: (@Sendable (TicketMessage, WriteBatch) async throws -> Void)? = nil
}

/// Creates and changes tickets. Every write goes through the write queue, so that many requests
/// share one commit; every change leaves events in the ticket's history in the same transaction.
struct TicketService: Sendable {
    let workspaceID: UUID
    let actor: EventActor
    let now: Date
    let reader: any Database
    let writes: WriteQueue
    let serviceLevels: ServiceLevelCache
    /// The workspace's automation rules; nil reads them from the database.
    var automations: AutomationCache? = nil
    /// Where links in mail point (CSAT surveys); nil falls back to RAPPORT_PUBLIC_URL's default.
    var siteURL: String? = nil

    /// Creates a ticket, with its first message when there is one.
    func create(_ changes: TicketChanges, requesterID: UUID, message: NewMessage?) async throws -> (Ticket, TicketDetails) {
        // Reads that do not need the write lock happen before the queue, on a reader connection.
        let references = TicketReferences(db: reader, workspaceID: workspaceID)
        guard let requester = try await references.requester(requesterID) else {
            throw APIError.validation(["requester_id": "is not a customer of this workspace"])
        }
        try await references.check(changes)
        let policies = try await serviceLevels.policies(for: workspaceID, db: reader)

        let ticket = Ticket()
        ticket.id = TimeOrderedID.make(now: now)
        ticket.workspaceID = workspaceID
        ticket.requesterID = requesterID
        ticket.organizationID = requester.organizationID
        ticket.subject = changes.subject ?? ""
        ticket.kind = changes.kind ?? .question
        ticket.priority = changes.priority ?? .normal
        ticket.channel = changes.channel ?? .web
        ticket.category = changes.category.applied(to: nil)
        ticket.topic = changes.topic.applied(to: nil)
        ticket.product = changes.product.applied(to: nil)
        ticket.customFields = changes.customFields ?? [:]
        ticket.assigneeID = changes.assigneeID.applied(to: nil)
        ticket.teamID = changes.teamID.applied(to: nil)
        // An assigned ticket is being worked on; an unassigned one waits in the queue as new.
        let status = changes.status ?? (ticket.assigneeID == nil ? .new : .open)
        if let error = TicketStatusMachine.check(from: .new, to: status) { throw APIError.validation(["status": error.message]) }
        ticket.status = status
        ticket.unsolved = status.isUnsolved
        ticket.createdAt = now
        ticket.updatedAt = now
        if status == .solved || status == .closed { ticket.solvedAt = now }
        var errors = FieldErrors()
        TicketRules.checkClassification(ticket, into: &errors)
        try errors.throwIfAny()

        var timeline = SLATimeline(createdAt: now, entries: [])
        if status.slaKind != .active { timeline.entries.append(.status(now, status.slaKind)) }
        let firstMessage = message.map { makeMessage($0, ticketID: ticket.id!) }
        if let firstMessage { record(message: firstMessage, on: ticket, timeline: &timeline) }
        let policy = policies.policy(for: ticket.priority, valueTier: requester.valueTier, lifecycle: requester.lifecycle)
        TicketSLA.apply(policy, timeline: timeline, to: ticket, at: now)

        let tags = changes.tags ?? []
        let followers = changes.followerIDs ?? []
        let actor = self.actor
        let workspaceID = self.workspaceID
        // Only collected rows and batch counters: no savepoint needed (see WriteQueue).
        let created = try await writes.perform(savepoint: false) { batch in
            ticket.number = try await TicketNumbers.next(in: workspaceID, batch: batch)
            var events = TicketEventLog(workspaceID: workspaceID, ticketID: ticket.id!, actor: actor, at: ticket.createdAt)
            events.add("created", newValue: ticket.number.description)
            // The SLA timeline reads status changes from the history, including one made at birth.
            if ticket.status != .new { events.add("updated", field: "status", oldValue: TicketStatus.new.rawValue, newValue: ticket.status.rawValue) }
            try await TicketRouting.routeNew(ticket, events: &events, batch: batch)
            batch.insert(into: Ticket.schema, columns: Ticket.columns, values: ticket.columnValues)
            for tag in tags { batch.insert(into: "taggings", columns: ["id", "workspace_id", "subject_id", "tag"], values: [TimeOrderedID.make(), workspaceID, ticket.id!, tag]) }
            for user in followers { TicketFollowers.insert(user, ticket: ticket.id!, workspaceID: workspaceID, batch: batch) }
            try await TicketSearchIndex.index(subjectOf: ticket, batch: batch)
            if let firstMessage {
                batch.insert(into: TicketMessage.schema, columns: TicketMessage.columns, values: firstMessage.columnValues)
                TicketAttachments.insert(message?.attachments ?? [], message: firstMessage, batch: batch)
                try await message?.alsoWrite?(firstMessage, batch)
                events.add("message_added", newValue: firstMessage.id!.uuidString)
                try await TicketSearchIndex.index(message: firstMessage, batch: batch)
            }
            events.insert(into: batch)
            ProfileQueue.enqueue(ticket.requesterID, workspaceID: workspaceID, reason: .ticket, at: ticket.createdAt, batch: batch)
            try await Acknowledgement.enqueue(for: ticket, firstMessage: firstMessage, suppressed: message?.suppressAcknowledgement ?? false, batch: batch, now: ticket.createdAt)
            if ticket.status == .solved { try await SurveyInvitations.enqueueSatisfaction(for: ticket, batch: batch, now: ticket.createdAt, siteURL: self.siteURL) }
            try await self.runAutomations(.ticketCreated, ticket: ticket, message: firstMessage, batch: batch)
            return ticket
        }
        return (created, TicketDetails(tags: tags, followerIDs: followers))
    }

    /// A message row for `message` on ticket `ticketID`, stamped now.
    func makeMessage(_ message: NewMessage, ticketID: UUID) -> TicketMessage {
        let row = TicketMessage()
        row.id = TimeOrderedID.make(now: now)
        row.workspaceID = workspaceID
        row.ticketID = ticketID
        row.kind = message.kind
        row.visibility = message.visibility
        row.authorKind = message.authorKind
        row.authorUserID = message.authorUserID
        row.authorCustomerID = message.authorCustomerID
        row.body = message.body
        row.durationSeconds = message.durationSeconds
        row.outcome = message.outcome
        row.createdAt = now
        return row
    }

    /// What a message does to the ticket's response times and to the SLA timeline.
    func record(message: TicketMessage, on ticket: Ticket, timeline: inout SLATimeline) {
        switch (message.authorKind, message.visibility) {
        case (.customer, _):
            ticket.lastCustomerMessageAt = message.createdAt
            timeline.entries.append(.customerMessage(message.createdAt))
        case (.agent, .public):
            ticket.lastAgentReplyAt = message.createdAt
            if ticket.firstResponseAt == nil { ticket.firstResponseAt = message.createdAt }
            timeline.entries.append(.agentReply(message.createdAt))
        default:
            break
        }
    }
}

extension TicketStatus {
    /// New, open, pending and on hold: the ticket still needs something from someone.
    var isUnsolved: Bool { self != .solved && self != .closed }
}

/// Ticket numbers: a counter per workspace, taken inside the write transaction (see `WriteBatch.nextTicketNumber`).
enum TicketNumbers {
    static func next(in workspaceID: UUID, batch: WriteBatch) async throws -> Int64 {
        try await batch.nextTicketNumber(in: workspaceID)
    }
}

/// Collects a change's events, one per field, and inserts them with the batch.
struct TicketEventLog {
    let workspaceID: UUID
    let ticketID: UUID
    let actor: EventActor
    let at: Date
    private(set) var events: [TicketEvent] = []

    init(workspaceID: UUID, ticketID: UUID, actor: EventActor, at: Date) {
        self.workspaceID = workspaceID
        self.ticketID = ticketID
        self.actor = actor
        self.at = at
    }

    /// `by` names another actor than the log's, such as the system routing a ticket during a user's change.
    mutating func add(_ action: String, field: String? = nil, oldValue: String? = nil, newValue: String? = nil, by other: EventActor? = nil) {
        let event = TicketEvent()
        event.id = TimeOrderedID.make(now: at)
        event.workspaceID = workspaceID
        event.ticketID = ticketID
        event.at = at
        event.actorKind = (other ?? actor).kind
        event.actorID = (other ?? actor).id
        event.action = action
        event.field = field
        event.oldValue = oldValue
        event.newValue = newValue
        events.append(event)
    }

    func insert(into batch: WriteBatch) {
        for event in events { batch.insert(into: TicketEvent.schema, columns: TicketEvent.columns, values: event.columnValues) }
    }
}

enum TicketFollowers {
    static func insert(_ userID: UUID, ticket: UUID, workspaceID: UUID, batch: WriteBatch) {
        batch.insert(into: "ticket_followers", columns: ["id", "workspace_id", "ticket_id", "user_id"], values: [TimeOrderedID.make(), workspaceID, ticket, userID])
    }
}
