import Foundation
import RapportCore
import SQLKit

/// A scheduled task on a ticket: call, email or visit the customer, or send a progress update,
/// by a due time, for an owner; done once `doneAt` is set.
struct FollowUpRow: Sendable {
    var id: UUID
    var workspaceID: UUID
    var ticketID: UUID
    var kind: FollowUpKind
    var note: String?
    var dueAt: Date
    var ownerID: UUID
    var doneAt: Date?
    var doneBy: UUID?
    var createdBy: UUID?
    var createdAt: Date

    static let table = "follow_ups"
    static let columns = ["id", "workspace_id", "ticket_id", "kind", "note", "due_at", "owner_id", "done_at", "done_by", "created_by", "created_at"]

    var columnValues: [any Encodable & Sendable] {
        [id, workspaceID, ticketID, kind.rawValue, note, dueAt, ownerID, doneAt, doneBy, createdBy, createdAt]
    }

    init(workspaceID: UUID, ticketID: UUID, kind: FollowUpKind, note: String?, dueAt: Date, ownerID: UUID, createdBy: UUID?, at now: Date) {
        id = TimeOrderedID.make(now: now)
        self.workspaceID = workspaceID
        self.ticketID = ticketID
        self.kind = kind
        self.note = note
        self.dueAt = dueAt
        self.ownerID = ownerID
        self.createdBy = createdBy
        createdAt = now
    }

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: UUID.self)
        workspaceID = try row.decode(column: "workspace_id", as: UUID.self)
        ticketID = try row.decode(column: "ticket_id", as: UUID.self)
        kind = try row.decodeEnum("kind")
        note = try row.decode(column: "note", as: String?.self)
        dueAt = try row.decode(column: "due_at", as: Date.self)
        ownerID = try row.decode(column: "owner_id", as: UUID.self)
        doneAt = try row.decode(column: "done_at", as: Date?.self)
        doneBy = try row.decode(column: "done_by", as: UUID?.self)
        createdBy = try row.decode(column: "created_by", as: UUID?.self)
        createdAt = try row.decode(column: "created_at", as: Date.self)
    }
}

extension FollowUpRow {
    /// Adds the follow-up to the batch with its event in the ticket's history, and tells the owner
    /// when someone else (or a rule) gave it to them.
    func insert(into batch: WriteBatch, events: inout TicketEventLog, ticketNumber: Int64) {
        batch.insert(into: Self.table, columns: Self.columns, values: columnValues)
        events.add("follow_up_added", field: kind.rawValue, newValue: "\(id.uuidString) due \(FollowUpDates.text(dueAt)) for \(ownerID.uuidString)")
        if createdBy != ownerID {
            Notifications.add(NotificationRow(
                workspaceID: workspaceID, userID: ownerID, ticketID: ticketID, kind: .followUpAssigned,
                text: "Follow-up on ticket \(ticketNumber): \(kind.rawValue.replacingOccurrences(of: "_", with: " ")) due \(FollowUpDates.text(dueAt))"
                    + (note.map { ": \($0)" } ?? ""),
                at: createdAt), to: batch)
        }
    }
}

/// Dates as the API reads and writes them.
enum FollowUpDates {
    static func text(_ date: Date) -> String { date.formatted(.iso8601) }

    /// An ISO 8601 time, with or without fractional seconds.
    static func parse(_ raw: String) -> Date? {
        if let date = try? Date(raw, strategy: .iso8601) { return date }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: raw)
    }
}
