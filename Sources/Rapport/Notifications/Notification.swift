import Foundation
import RapportCore
import SQLKit

/// Why a user was told something.
enum NotificationKind: String, Codable, Sendable, CaseIterable {
    /// An automation's `notify` action.
    case automation
    case slaAtRisk = "sla_at_risk"
    case slaBreached = "sla_breached"
    /// A breached ticket was handed to this user.
    case escalated
    case followUpAssigned = "follow_up_assigned"
}

/// An in-app notification for one user; `emailed_at` is left for the mailer of a later issue.
struct NotificationRow: Sendable {
    var id: UUID
    var workspaceID: UUID
    var userID: UUID
    var ticketID: UUID?
    var kind: NotificationKind
    var text: String
    var createdAt: Date
    var readAt: Date?

    static let table = "notifications"
    static let columns = ["id", "workspace_id", "user_id", "ticket_id", "kind", "text", "created_at", "read_at"]

    var columnValues: [any Encodable & Sendable] {
        [id, workspaceID, userID, ticketID, kind.rawValue, text, createdAt, readAt]
    }

    init(workspaceID: UUID, userID: UUID, ticketID: UUID?, kind: NotificationKind, text: String, at: Date) {
        id = TimeOrderedID.make(now: at)
        self.workspaceID = workspaceID
        self.userID = userID
        self.ticketID = ticketID
        self.kind = kind
        self.text = String(text.prefix(2_000))
        createdAt = at
    }

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: UUID.self)
        workspaceID = try row.decode(column: "workspace_id", as: UUID.self)
        userID = try row.decode(column: "user_id", as: UUID.self)
        ticketID = try row.decode(column: "ticket_id", as: UUID?.self)
        kind = try row.decodeEnum("kind")
        text = try row.decode(column: "text", as: String.self)
        createdAt = try row.decode(column: "created_at", as: Date.self)
        readAt = try row.decode(column: "read_at", as: Date?.self)
    }
}

/// Writes notifications with a batch of the write queue, so they commit with the change that caused them.
enum Notifications {
    static func add(_ notification: NotificationRow, to batch: WriteBatch) {
        batch.insert(into: NotificationRow.table, columns: NotificationRow.columns, values: notification.columnValues)
    }
}
