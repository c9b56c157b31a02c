import Fluent
import Foundation
import SQLKit
import Vapor

/// A reply's email as the agent sees it on the message.
struct DeliveryResponse: Content, Equatable {
    var status: OutboxStatus
    var attempts: Int
    var lastError: String?
    var sentAt: Date?

    enum CodingKeys: String, CodingKey {
        case status, attempts
        case lastError = "last_error"
        case sentAt = "sent_at"
    }
}

/// Reads the outbox of one workspace.
struct OutboxStore {
    let db: any Database
    let workspaceID: UUID

    /// The delivery of each message that has an email, by message id.
    func deliveries(ofMessages ids: [UUID]) async throws -> [UUID: DeliveryResponse] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await (db as! any SQLDatabase).select().columns("ticket_message_id", "status", "attempts", "last_error", "sent_at")
            .from("outbox").where("workspace_id", .equal, workspaceID).where("ticket_message_id", .in, ids).all()
        var result: [UUID: DeliveryResponse] = [:]
        for row in rows {
            guard let id = try row.decode(column: "ticket_message_id", as: UUID?.self) else { continue }
            result[id] = DeliveryResponse(status: try row.decodeEnum("status"), attempts: try row.decode(column: "attempts", as: Int.self),
                lastError: try row.decode(column: "last_error", as: String?.self), sentAt: try row.decode(column: "sent_at", as: Date?.self))
        }
        return result
    }
}
