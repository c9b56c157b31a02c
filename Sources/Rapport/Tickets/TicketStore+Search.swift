import Foundation
import RapportCore
import SQLKit

extension TicketStore {
    /// How many of the newest matching texts SQLite ranks (see `searchSQLite`).
    static let searchCandidates = 1_000

    /// Tickets whose subject or messages contain every word of `query`, best first, narrowed by
    /// `filter`. Ranked results page by offset.
    func search(_ query: SearchQuery, filter: TicketFilter, limit: Int, offset: Int) async throws -> [(Ticket, SearchHit)] {
        guard !query.isEmpty else { return [] }
        let hits = sql.dialect.name == "sqlite"
            ? try await searchSQLite(query, filter: filter, limit: limit, offset: offset)
            : try await searchPostgres(query, filter: filter, limit: limit, offset: offset)
        return try await withSnippets(hits, query: query)
    }

    /// FTS5 finds the workspace's matching rows and ranks them with BM25 (a subject hit weighs
    /// three times a message hit); each ticket keeps its best row, whose message gives the snippet.
    ///
    /// Only the newest `searchCandidates` matching rows are ranked: scoring costs about 2 µs a row,
    /// and a common word matches hundreds of thousands of rows in a large desk. A support desk
    /// searches mostly recent conversations; an older ticket is found with more specific words.
    ///
    /// bm25() only works while FTS5's cursor stands on the row, so the matches are scored in a
    /// materialized step of their own: used inside the GROUP BY's min(), SQLite would evaluate it
    /// from the sorter, and FTS5 refuses ("unable to use function bm25 in the requested context").
    private func searchSQLite(_ query: SearchQuery, filter: TicketFilter, limit: Int, offset: Int) async throws -> [(Ticket, UUID?)] {
        let match = "workspace : \"\(TicketSearchIndex.workspaceToken(workspaceID))\" AND {subject body} : (\(query.fts5))"
        let select = sql.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("t"))).column(SQLColumn("message_id", table: "h"))
            .from(SQLAlias(SQLQueryString("""
                (WITH m AS MATERIALIZED (SELECT rowid AS rowid, bm25(ticket_search, 0.0, 3.0, 1.0) AS score
                   FROM ticket_search WHERE ticket_search MATCH \(bind: match) ORDER BY rowid DESC LIMIT \(literal: Self.searchCandidates))
                 SELECT d.ticket_id AS ticket_id, d.message_id AS message_id, min(m.score) AS score
                 FROM m JOIN ticket_search_docs d ON d.rowid = m.rowid
                 WHERE d.workspace_id = \(bind: workspaceID) GROUP BY d.ticket_id)
                """), as: SQLIdentifier("h")))
            .join(SQLAlias(SQLIdentifier(Ticket.schema), as: SQLIdentifier("t")), method: SQLJoinMethod.inner,
                on: SQLColumn("id", table: "t"), .equal, SQLColumn("ticket_id", table: "h"))
        filter.apply(to: select, workspaceID: workspaceID, table: "t")
        select.orderBy(SQLColumn("score", table: "h")).orderBy(SQLColumn("id", table: "t")).limit(limit).offset(offset)
        return try await select.all().map { row in
            (try Ticket(row: row), try row.decode(column: "message_id", as: UUID?.self))
        }
    }

    /// PostgreSQL: the GIN indexes on the subject's and the messages' folded tsvectors (see
    /// ScopeTicketSearch); subject matches first.
    private func searchPostgres(_ query: SearchQuery, filter: TicketFilter, limit: Int, offset: Int) async throws -> [(Ticket, UUID?)] {
        let tsquery = SQLQueryString("to_tsquery('simple', \(bind: query.tsquery))")
        let subjectMatch = SQLBinaryExpression(left: SQLRaw("to_tsvector('simple', rapport_fold(t.subject))"), op: SQLRaw("@@"), right: tsquery)
        let select = sql.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("t")))
            .from(SQLAlias(SQLIdentifier(Ticket.schema), as: SQLIdentifier("t")))
        filter.apply(to: select, workspaceID: workspaceID, table: "t")
        select.where { $0
            .where(subjectMatch)
            .orWhere(SQLColumn("id", table: "t"), SQLBinaryOperator.in, SQLSubquery.select { $0
                .column("ticket_id").from(TicketMessage.schema).where("workspace_id", .equal, workspaceID)
                .where(SQLBinaryExpression(left: SQLRaw("to_tsvector('simple', rapport_fold(body))"), op: SQLRaw("@@"), right: tsquery))
            })
        }
        select.orderBy(SQLQueryString("ts_rank(to_tsvector('simple', rapport_fold(t.subject)), to_tsquery('simple', \(bind: query.tsquery))) DESC"))
            .orderBy(SQLColumn("updated_at", table: "t"), SQLDirection.descending).orderBy(SQLColumn("id", table: "t"))
            .limit(limit).offset(offset)
        return try await select.all().map { (try Ticket(row: $0), nil) }
    }

    /// A snippet per hit from the message that matched, or the subject, or the first matching message.
    private func withSnippets(_ hits: [(Ticket, UUID?)], query: SearchQuery) async throws -> [(Ticket, SearchHit)] {
        guard !hits.isEmpty else { return [] }
        let messageRows = try await sql.select().columns("id", "ticket_id", "body").from(TicketMessage.schema)
            .where("workspace_id", .equal, workspaceID).where("ticket_id", .in, hits.map { $0.0.id! })
            .orderBy("created_at").all()
        var bodies: [UUID: [(UUID, String)]] = [:]
        for row in messageRows {
            bodies[try row.decode(column: "ticket_id", as: UUID.self), default: []]
                .append((try row.decode(column: "id", as: UUID.self), try row.decode(column: "body", as: String.self)))
        }
        return hits.map { ticket, messageID in
            // Each message's snippet is made once: the one FTS5 ranked best, else the first that highlights.
            let snippets = (bodies[ticket.id!] ?? []).map { (id: $0.0, snippet: query.snippet(of: $0.1)) }
            let best = messageID.flatMap { id in snippets.first { $0.id == id } } ?? snippets.first { $0.snippet.contains("<mark>") }
            let snippet = best.flatMap { $0.snippet.contains("<mark>") ? $0.snippet : nil } ?? query.snippet(of: ticket.subject)
            return (ticket, SearchHit(ticketID: ticket.id!, messageID: best?.id, snippet: snippet))
        }
    }
}
