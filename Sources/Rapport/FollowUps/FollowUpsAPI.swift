import Fluent
import Foundation
import RapportCore
import SQLKit
import Vapor

/// /api/v1/tickets/{id}/follow-ups and /api/v1/follow-ups: scheduled tasks on tickets.
struct FollowUpsAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("tickets", ":id", "follow-ups", use: ofTicket)
        routes.get("follow-ups", use: list)
        let writers = routes.requiring(.agent)
        writers.post("tickets", ":id", "follow-ups", use: create)
        writers.patch("follow-ups", ":id", use: update)
    }

    func ofTicket(req: Request) async throws -> Page<FollowUpResponse> {
        let ticket = try await req.tickets.find(try req.requireUUID("id"))
        let rows = try await FollowUpStore(db: req.db, workspaceID: try req.workspaceID).of(ticket: ticket.id!)
        let now = req.clock.now
        return Page(items: rows.map { FollowUpResponse($0, ticketNumber: ticket.number, now: now) }, nextCursor: nil)
    }

    /// `owner_id` me (default), a user id or any; `due` overdue, today or all (default); `done` false (default), true or any.
    func list(req: Request) async throws -> Page<FollowUpResponse> {
        let actor = try req.actor
        let now = req.clock.now
        var errors = FieldErrors()
        var filter = FollowUpStore.Filter(ownerID: actor.userID, dueBy: nil, done: false)
        switch req.query[String.self, at: "owner_id"] {
        case nil, "me": break
        case "any": filter.ownerID = nil
        case let raw?:
            if let id = UUID(uuidString: raw) { filter.ownerID = id } else { errors.add("owner_id", "must be a user id, 'me' or 'any'") }
        }
        let due = errors.choice("due", req.query["due"], as: FollowUpDue.self) ?? .all
        filter.dueBy = due.latest(at: now)
        switch req.query[String.self, at: "done"] {
        case nil, "false": break
        case "true": filter.done = true
        case "any": filter.done = nil
        default: errors.add("done", "must be false, true or any")
        }
        try errors.throwIfAny()
        let page = try PageRequest(req)
        let offset = page.cursor.flatMap { Int($0.key) } ?? 0
        let store = FollowUpStore(db: req.db, workspaceID: actor.workspaceID)
        let rows = try await store.list(filter, limit: page.limit + 1, offset: offset)
        let shown = Array(rows.prefix(page.limit))
        let numbers = try await store.ticketNumbers(shown.map(\.ticketID))
        let next = rows.count > page.limit ? ListCursor(key: String(offset + page.limit), id: shown[shown.count - 1].id).encoded() : nil
        return Page(items: shown.map { FollowUpResponse($0, ticketNumber: numbers[$0.ticketID], now: now) }, nextCursor: next)
    }

    func create(req: Request) async throws -> Response {
        let actor = try req.actor
        let ticketID = try req.requireUUID("id")
        // Another workspace's ticket answers 404 before its input is judged.
        _ = try await req.tickets.find(ticketID)
        let input = try req.content.decode(FollowUpInput.self)
        var errors = FieldErrors()
        let kind = errors.choice("kind", input.kind, as: FollowUpKind.self)
        if input.kind == nil { errors.add("kind", "is required: " + FollowUpKind.allCases.map(\.rawValue).joined(separator: ", ")) }
        let dueAt = input.dueAt(into: &errors, required: true)
        let note = errors.optionalText("note", input.note, maxLength: 2_000)
        try errors.throwIfAny()
        let store = FollowUpStore(db: req.db, workspaceID: actor.workspaceID)
        let owner = input.ownerID ?? actor.userID
        try await store.checkOwner(owner)
        let now = req.clock.now
        let row = FollowUpRow(workspaceID: actor.workspaceID, ticketID: ticketID, kind: kind!, note: note, dueAt: dueAt!, ownerID: owner, createdBy: actor.userID, at: now)
        let number = try await req.writes.perform { batch in
            let ticket = try await TicketStore(db: batch.db, workspaceID: actor.workspaceID).find(ticketID)
            var events = TicketEventLog(workspaceID: actor.workspaceID, ticketID: ticketID, actor: .user(actor.userID), at: now)
            row.insert(into: batch, events: &events, ticketNumber: ticket.number)
            events.insert(into: batch)
            return ticket.number
        }
        return try await FollowUpResponse(row, ticketNumber: number, now: now).encodeResponse(status: .created, for: req)
    }

    /// Changes `done`, `due_at`, `owner_id` or `note`; each change is an event in the ticket's history.
    func update(req: Request) async throws -> FollowUpResponse {
        let actor = try req.actor
        let id = try req.requireUUID("id")
        let store = FollowUpStore(db: req.db, workspaceID: actor.workspaceID)
        _ = try await store.find(id)
        let input = try req.content.decode(FollowUpInput.self)
        var errors = FieldErrors()
        let dueAt = input.dueAt(into: &errors, required: false)
        let note = errors.optionalText("note", input.note, maxLength: 2_000)
        if input.kind != nil { errors.add("kind", "cannot change; add another follow-up instead") }
        try errors.throwIfAny()
        if let owner = input.ownerID { try await store.checkOwner(owner) }
        let now = req.clock.now
        return try await req.writes.perform { batch in
            let store = FollowUpStore(db: batch.db, workspaceID: actor.workspaceID)
            var row = try await store.find(id)
            let before = row
            if let done = input.done {
                row.doneAt = done ? (row.doneAt ?? now) : nil
                row.doneBy = done ? (row.doneBy ?? actor.userID) : nil
            }
            if let dueAt { row.dueAt = dueAt }
            if let owner = input.ownerID { row.ownerID = owner }
            if input.present.contains("note") { row.note = note }
            let ticket = try await TicketStore(db: batch.db, workspaceID: actor.workspaceID).find(row.ticketID)
            var events = TicketEventLog(workspaceID: actor.workspaceID, ticketID: row.ticketID, actor: .user(actor.userID), at: now)
            try await FollowUpChanges.save(row, before: before, events: &events, batch: batch, by: actor.userID, ticketNumber: ticket.number)
            events.insert(into: batch)
            return FollowUpResponse(row, ticketNumber: ticket.number, now: now)
        }
    }
}

/// Writes a changed follow-up and records each changed field in the ticket's history.
enum FollowUpChanges {
    static func save(_ row: FollowUpRow, before: FollowUpRow, events: inout TicketEventLog, batch: WriteBatch, by userID: UUID?, ticketNumber: Int64) async throws {
        let prefix = "follow_up \(row.id.uuidString)"
        if (row.doneAt != nil) != (before.doneAt != nil) {
            events.add(row.doneAt != nil ? "follow_up_done" : "follow_up_reopened", field: "\(prefix) done",
                oldValue: String(before.doneAt != nil), newValue: String(row.doneAt != nil))
        }
        if row.dueAt != before.dueAt {
            events.add("follow_up_updated", field: "\(prefix) due_at", oldValue: FollowUpDates.text(before.dueAt), newValue: FollowUpDates.text(row.dueAt))
        }
        if row.ownerID != before.ownerID {
            events.add("follow_up_updated", field: "\(prefix) owner_id", oldValue: before.ownerID.uuidString, newValue: row.ownerID.uuidString)
            if row.ownerID != userID {
                Notifications.add(NotificationRow(
                    workspaceID: row.workspaceID, userID: row.ownerID, ticketID: row.ticketID, kind: .followUpAssigned,
                    text: "Follow-up on ticket \(ticketNumber) handed to you: \(row.kind.rawValue.replacingOccurrences(of: "_", with: " ")) due \(FollowUpDates.text(row.dueAt))",
                    at: events.at), to: batch)
            }
        }
        if row.note != before.note {
            events.add("follow_up_updated", field: "\(prefix) note", oldValue: before.note, newValue: row.note)
        }
        try await (batch.db as! any SQLDatabase).updateRow(
            FollowUpRow.table, workspaceID: row.workspaceID, id: row.id, columns: FollowUpRow.columns, values: row.columnValues)
    }
}

/// The body of POST /tickets/{id}/follow-ups and PATCH /follow-ups/{id}.
struct FollowUpInput: Decodable, Sendable {
    var kind: String?
    var note: String?
    var dueAtText: String?
    var ownerID: UUID?
    var done: Bool?
    var present: Set<String> = []

    enum CodingKeys: String, CodingKey {
        case kind, note, done
        case dueAtText = "due_at"
        case ownerID = "owner_id"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decodeIfPresent(String.self, forKey: .kind)
        note = try c.decodeIfPresent(String.self, forKey: .note)
        dueAtText = try c.decodeIfPresent(String.self, forKey: .dueAtText)
        ownerID = try c.decodeIfPresent(UUID.self, forKey: .ownerID)
        done = try c.decodeIfPresent(Bool.self, forKey: .done)
        present = Set(c.allKeys.map(\.stringValue))
    }

    func dueAt(into errors: inout FieldErrors, required: Bool) -> Date? {
        guard let raw = dueAtText else {
            if required { errors.add("due_at", "is required: an ISO 8601 time such as 2026-12-01T15:00:00Z") }
            return nil
        }
        guard let date = FollowUpDates.parse(raw) else {
            errors.add("due_at", "must be an ISO 8601 time such as 2026-12-01T15:00:00Z")
            return nil
        }
        return date
    }
}

struct FollowUpResponse: Content {
    var id: UUID
    var ticketID: UUID
    var ticketNumber: Int64?
    var kind: FollowUpKind
    var note: String?
    var dueAt: Date
    var ownerID: UUID
    var done: Bool
    var overdue: Bool
    var doneAt: Date?
    var doneBy: UUID?
    var createdBy: UUID?
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, kind, note, done, overdue
        case ticketID = "ticket_id"
        case ticketNumber = "ticket_number"
        case dueAt = "due_at"
        case ownerID = "owner_id"
        case doneAt = "done_at"
        case doneBy = "done_by"
        case createdBy = "created_by"
        case createdAt = "created_at"
    }

    init(_ row: FollowUpRow, ticketNumber: Int64?, now: Date) {
        id = row.id
        ticketID = row.ticketID
        self.ticketNumber = ticketNumber
        kind = row.kind
        note = row.note
        dueAt = row.dueAt
        ownerID = row.ownerID
        done = row.doneAt != nil
        overdue = row.doneAt == nil && row.dueAt <= now
        doneAt = row.doneAt
        doneBy = row.doneBy
        createdBy = row.createdBy
        createdAt = row.createdAt
    }
}
