import Foundation
import RapportCore
import SQLKit

extension TicketStore {
    /// How many of a workspace's newest matching texts SQLite ranks (see `searchSQLite`).
    static let searchCandidates = 500

    /// Tickets whose subject or messages contain every word of `query`, best first, narrowed by
    /// `filter`. Ranked results page by offset.
    func search(_ query: SearchQuery, filter: TicketFilter, limit: Int, offset: Int) async throws -> [(Ticket, SearchHit)] {
        guard !query.isEmpty else { return [] }
        let hits = sql.dialect.name == "sqlite"
            ? try await searchSQLite(query, filter: filter, limit: limit, offset: offset)
            : try await searchPostgres(query, filter: filter, limit: limit, offset: offset)
        return try await withSnippets(hits, query: query)
    }

    /// FTS5 finds the matching subjects and messages, newest first; the workspace's newest
    /// `searchCandidates` rows are kept, and each ticket keeps its best row: a subject hit before a
    /// message hit, then the newest (the order PostgreSQL uses too). The matched message gives the snippet.
    ///
    /// Not BM25: on a million tickets it cost about 80 µs a row (FTS5 reads each row's sizes and
    /// positions), and a common word matches hundreds of thousands of rows. Walking the index
    /// newest first and stopping early keeps a search's cost bounded in any size of desk.
    private func searchSQLite(_ query: SearchQuery, filter: TicketFilter, limit: Int, offset: Int) async throws -> [(Ticket, UUID?)] {
        let workspaceID = self.workspaceID
        let best = SQLQueryString("""
            (WITH m AS MATERIALIZED (SELECT d.rowid AS rowid, d.ticket_id AS ticket_id, d.message_id AS message_id
               FROM ticket_search JOIN ticket_search_docs d ON d.rowid = ticket_search.rowid
               WHERE ticket_search MATCH \(bind: query.fts5) AND d.workspace_id = \(bind: workspaceID)
               ORDER BY ticket_search.rowid DESC LIMIT \(literal: Self.searchCandidates))
             SELECT ticket_id, message_id, min((message_id IS NOT NULL) * 1000000000000000 - rowid) AS score FROM m GROUP BY ticket_id)
            """)
        // The page is chosen before the tickets are read, so only its rows are fetched: on a large
        // desk each ticket row is a random read, and reading all candidates cost more than the search.
        // Only filters on ticket columns need the candidates' rows.
        let narrows = filter.narrowsBeyondText
        let page = SQLSubquery.select { page in
            page.column(SQLColumn("ticket_id", table: "h")).column(SQLColumn("message_id", table: "h")).column(SQLColumn("score", table: "h"))
                .from(SQLAlias(best, as: SQLIdentifier("h")))
            if narrows {
                page.join(SQLAlias(SQLIdentifier(Ticket.schema), as: SQLIdentifier("f")), method: SQLJoinMethod.inner,
                    on: SQLColumn("id", table: "f"), .equal, SQLColumn("ticket_id", table: "h"))
                filter.apply(to: page, workspaceID: workspaceID, table: "f")
            }
            return page.orderBy(SQLColumn("score", table: "h")).orderBy(SQLColumn("ticket_id", table: "h")).limit(limit).offset(offset)
        }
        let select = sql.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("t"))).column(SQLColumn("message_id", table: "p"))
            .from(SQLAlias(page, as: SQLIdentifier("p")))
            .join(SQLAlias(SQLIdentifier(Ticket.schema), as: SQLIdentifier("t")), method: SQLJoinMethod.inner,
                on: SQLColumn("id", table: "t"), .equal, SQLColumn("ticket_id", table: "p"))
            .where(SQLColumn("workspace_id", table: "t"), .equal, SQLBind(workspaceID))
            .orderBy(SQLColumn("score", table: "p")).orderBy(SQLColumn("ticket_id", table: "p"))
        return try await select.all().map { row in
            (try Ticket(row: row), try row.decode(column: "message_id", as: UUID?.self))
        }
    }

    /// PostgreSQL: the GIN indexes on the subject's and the messages' folded tsvectors (see
    /// FoldTicketSearchAccents); subject matches first.
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
            // Snippets are made lazily: the message FTS5 matched, else the first that highlights.
            let snippets = (bodies[ticket.id!] ?? []).lazy.map { (id: $0.0, snippet: query.snippet(of: $0.1)) }
            let matched = messageID.flatMap { id in (bodies[ticket.id!] ?? []).first { $0.0 == id } }.map { (id: $0.0, snippet: query.snippet(of: $0.1)) }
            let best = matched ?? snippets.first { $0.snippet.contains("<mark>") }
            let snippet = best.flatMap { $0.snippet.contains("<mark>") ? $0.snippet : nil } ?? query.snippet(of: ticket.subject)
            return (ticket, SearchHit(ticketID: ticket.id!, messageID: best?.id, snippet: snippet))
        }
    }
}
