import Fluent
import Foundation
import RapportCore
import SQLKit

/// Reads what the feedback analysis needs: complaints with their category and product, complaint
/// messages and survey comments. The rules themselves are in RapportCore (`ComplaintSurge`, `FeedbackThemes`).
struct InsightStore {
    let db: any Database
    let workspaceID: UUID
    private var sql: any SQLDatabase { db as! any SQLDatabase }

    /// Complaint tickets created in `[from, to)`.
    func complaints(from: Date, to: Date) async throws -> [ComplaintSurge.Complaint] {
        try await sql.select().columns("id", "created_at", "category", "product").from("tickets")
            .where("workspace_id", .equal, workspaceID).where("kind", .equal, TicketKind.complaint.rawValue)
            .where("merged_into_id", .is, SQLLiteral.null)
            .where("created_at", .greaterThanOrEqual, from).where("created_at", .lessThan, to).all()
            .map { row in
                ComplaintSurge.Complaint(
                    ticketID: try row.decode(column: "id", as: UUID.self), at: try row.decode(column: "created_at", as: Date.self),
                    category: try row.decode(column: "category", as: String?.self), product: try row.decode(column: "product", as: String?.self))
            }
    }

    /// A text to find themes in, with where it came from.
    struct Text: Sendable {
        var text: String
        var ticketID: UUID?
        var product: String?
        var category: String?
    }

    /// Customers' messages on complaint tickets, written in `[from, to)`.
    func complaintMessages(from: Date, to: Date) async throws -> [Text] {
        try await sql.select()
            .column(SQLColumn("body", table: "m")).column(SQLColumn("id", table: "t"))
            .column(SQLColumn("product", table: "t")).column(SQLColumn("category", table: "t"))
            .from(SQLAlias(SQLIdentifier("ticket_messages"), as: SQLIdentifier("m")))
            .join(SQLAlias(SQLIdentifier("tickets"), as: SQLIdentifier("t")), on: SQLColumn("id", table: "t"), .equal, SQLColumn("ticket_id", table: "m"))
            .where(SQLColumn("workspace_id", table: "m"), .equal, SQLBind(workspaceID))
            .where(SQLColumn("workspace_id", table: "t"), .equal, SQLBind(workspaceID))
            .where(SQLColumn("kind", table: "t"), .equal, SQLBind(TicketKind.complaint.rawValue))
            .where(SQLColumn("author_kind", table: "m"), .equal, SQLBind(MessageAuthorKind.customer.rawValue))
            .where(SQLColumn("created_at", table: "m"), .greaterThanOrEqual, SQLBind(from))
            .where(SQLColumn("created_at", table: "m"), .lessThan, SQLBind(to))
            .all()
            .map { row in
                Text(text: try row.decode(column: "body", as: String.self), ticketID: try row.decode(column: "id", as: UUID.self),
                     product: try row.decode(column: "product", as: String?.self), category: try row.decode(column: "category", as: String?.self))
            }
    }

    /// Survey comments and feedback recorded by hand in `[from, to)`, with their ticket's product and category.
    func comments(from: Date, to: Date) async throws -> [Text] {
        try await FeedbackStore(db: db, workspaceID: workspaceID).comments(from: from, to: to)
            .map { Text(text: $0.text, ticketID: $0.ticketID, product: $0.product, category: $0.category) }
    }

    /// Ticket numbers by id, for links people read.
    func numbers(of ids: [UUID]) async throws -> [UUID: Int64] {
        var numbers: [UUID: Int64] = [:]
        for chunk in ids.chunked(into: 500) where !chunk.isEmpty {
            for row in try await sql.select().columns("id", "number").from("tickets")
                .where("workspace_id", .equal, workspaceID).where("id", .in, Array(chunk)).all() {
                numbers[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "number", as: Int64.self)
            }
        }
        return numbers
    }
}
