import Fluent
import Foundation
import SQLKit
import Vapor

/// The mail parts of a ticket message that came in by mail.
struct MessageMailResponse: Content {
    var quoted: String?
    var signature: String?
    /// Sanitised with a strict allow-list; safe to show.
    var html: String?
    /// The original message as received.
    var rawURL: String

    enum CodingKeys: String, CodingKey {
        case quoted, signature, html
        case rawURL = "raw_url"
    }
}

/// Reads `ticket_message_mail` for the messages of one page.
struct TicketMessageMail {
    let db: any Database
    let workspaceID: UUID
    var sql: any SQLDatabase { db as! any SQLDatabase }

    func fill(_ items: inout [MessageResponse]) async throws {
        guard !items.isEmpty else { return }
        var parts: [UUID: MessageMailResponse] = [:]
        for chunk in items.map(\.id).chunked(into: 500) {
            for row in try await sql.select().columns("message_id", "inbound_email_id", "quoted_text", "signature", "html_sanitized")
                .from("ticket_message_mail").where("workspace_id", .equal, workspaceID).where("message_id", .in, Array(chunk)).all() {
                parts[try row.decode(column: "message_id", as: UUID.self)] = MessageMailResponse(
                    quoted: try row.decode(column: "quoted_text", as: String?.self), signature: try row.decode(column: "signature", as: String?.self),
                    html: try row.decode(column: "html_sanitized", as: String?.self),
                    rawURL: "/api/v1/inbound/emails/\(try row.decode(column: "inbound_email_id", as: UUID.self))/raw")
            }
        }
        for index in items.indices { items[index].mail = parts[items[index].id] }
    }
}
