import Fluent
import Foundation
import RapportCore
import SQLKit

/// The queue of customers whose profile needs computing again. Writers only append a row (in their
/// own transaction, so nothing is lost and ticket creation waits for no classifier); the background
/// job (`ProfileRefresh`) drains it in batches.
enum ProfileQueue {
    static let table = "profile_queue"
    static let columns = ["id", "workspace_id", "customer_id", "reason", "queued_at"]

    /// Why a customer was queued. An order also refits the workspace's value models; an order
    /// import does not, because the import refits them itself when it ends.
    enum Reason: String, Sendable {
        case ticket, message, order
        case orderImport = "order_import"
    }

    /// Queues the requester of a new ticket, in the ticket's write batch.
    static func enqueue(_ customerID: UUID, workspaceID: UUID, reason: Reason, at now: Date, batch: WriteBatch) {
        batch.insert(into: table, columns: columns, values: [TimeOrderedID.make(now: now), workspaceID, customerID, reason.rawValue, now])
    }

    /// Queues the author of a customer message (the ticket's requester when an agent logged it), in
    /// the message's write batch.
    static func enqueue(message: TicketMessage, requesterID: UUID, batch: WriteBatch) {
        guard message.authorKind == .customer else { return }
        enqueue(message.authorCustomerID ?? requesterID, workspaceID: message.workspaceID, reason: .message, at: message.createdAt, batch: batch)
    }

    /// Queues customers whose orders changed.
    static func enqueue(_ customerIDs: [UUID], workspaceID: UUID, reason: Reason, at now: Date, db: any Database) async throws {
        let rows: [[any Encodable & Sendable]] = Set(customerIDs).sorted { $0.uuidString < $1.uuidString }.map {
            [TimeOrderedID.make(now: now), workspaceID, $0, reason.rawValue, now]
        }
        try await (db as! any SQLDatabase).insertRows(rows, into: table, columns: columns)
    }
}
