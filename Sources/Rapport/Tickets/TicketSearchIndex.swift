import Fluent
import Foundation
import RapportCore
import SQLKit

/// Keeps SQLite's full-text index in step with tickets and messages, in the same transaction.
/// PostgreSQL needs nothing here: its tsvector indexes are on the columns themselves.
enum TicketSearchIndex {
    static func isSQLite(_ sql: any SQLDatabase) -> Bool { sql.dialect.name == "sqlite" }

    static func index(subjectOf ticket: Ticket, batch: WriteBatch) async throws {
        guard isSQLite(batch.sql) else { return }
        let rowid = try await batch.nextSearchRowID()
        batch.insert(into: "ticket_search_docs", columns: ["rowid", "workspace_id", "ticket_id", "message_id"],
            values: [rowid, ticket.workspaceID, ticket.id!, UUID?.none])
        batch.insert(into: "ticket_search", columns: ["rowid", "subject", "body"], values: [rowid, ticket.subject, ""])
    }

    static func index(message: TicketMessage, batch: WriteBatch) async throws {
        guard isSQLite(batch.sql) else { return }
        let rowid = try await batch.nextSearchRowID()
        batch.insert(into: "ticket_search_docs", columns: ["rowid", "workspace_id", "ticket_id", "message_id"],
            values: [rowid, message.workspaceID, message.ticketID, message.id!])
        batch.insert(into: "ticket_search", columns: ["rowid", "subject", "body"], values: [rowid, "", message.body])
    }

    /// After a subject change: the old subject row goes, the new one comes.
    static func reindex(subjectOf ticket: Ticket, batch: WriteBatch) async throws {
        guard isSQLite(batch.sql) else { return }
        let old = try await batch.sql.select().column("rowid").from("ticket_search_docs")
            .where("ticket_id", .equal, ticket.id!).where("message_id", .is, SQLLiteral.null).all()
        for row in old {
            let rowid = try row.decode(column: "rowid", as: Int64.self)
            try await batch.sql.raw("DELETE FROM ticket_search WHERE rowid = \(bind: rowid)").run()
            try await batch.sql.raw("DELETE FROM ticket_search_docs WHERE rowid = \(bind: rowid)").run()
        }
        try await index(subjectOf: ticket, batch: batch)
    }

    /// After a merge: the moved messages now belong to the surviving ticket.
    static func move(messagesOf from: UUID, to: UUID, batch: WriteBatch) async throws {
        guard isSQLite(batch.sql) else { return }
        try await batch.sql.raw("""
            UPDATE ticket_search_docs SET ticket_id = \(bind: to) WHERE ticket_id = \(bind: from) AND message_id IS NOT NULL
            """).run()
    }
}
