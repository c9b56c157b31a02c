import Fluent
import SQLKit

/// Search, second version, one change per dialect.
///
/// SQLite: the index gets a column naming each row's workspace, so that a search reads only its
/// own workspace's rows and can stop at the newest matches; with one index shared by every
/// workspace, a common word made FTS5 score hundreds of thousands of other workspaces' rows. The
/// index is contentless, so it is rebuilt from the tickets and messages it points at.
///
/// PostgreSQL: search folds accents like SQLite's ("cafe" finds "café"). The 'simple'
/// configuration keeps accents, and the unaccent extension needs rights a hosted database may not
/// grant, so a plain SQL function folds the letters that Swift's diacritic folding (SearchQuery) folds.
struct ScopeTicketSearch: AsyncMigration {
    var name: String { "0020_ScopeTicketSearch" }

    static let accented = "àáâãäåāăąçćĉċčďèéêëēĕėęěĝğġģĥìíîïĩīĭįĵķĺļľñńņňòóôõöōŏőŕŗřśŝşšţťùúûüũūŭůűųŵýÿŷźżž"
    static let plain = "aaaaaaaaacccccdeeeeeeeeegggghiiiiiiiijklllnnnnoooooooorrrssssttuuuuuuuuuuwyyyzzz"

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        if sql.dialect.name == "sqlite" {
            try await rebuildSQLiteIndex(sql, columns: "workspace, subject, body", values: "'w' || lower(replace(d.workspace_id, '-', '')), ")
            return
        }
        try await sql.raw(SQLQueryString("""
            CREATE FUNCTION rapport_fold(input text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
            AS $$ SELECT translate(lower(input), '\(unsafeRaw: Self.accented)', '\(unsafeRaw: Self.plain)') $$
            """)).run()
        try await sql.raw("DROP INDEX tickets_subject_search").run()
        try await sql.raw("DROP INDEX ticket_messages_body_search").run()
        try await sql.raw("CREATE INDEX tickets_subject_search ON tickets USING gin (to_tsvector('simple', rapport_fold(subject)))").run()
        try await sql.raw("CREATE INDEX ticket_messages_body_search ON ticket_messages USING gin (to_tsvector('simple', rapport_fold(body)))").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        if sql.dialect.name == "sqlite" {
            try await rebuildSQLiteIndex(sql, columns: "subject, body", values: "")
            return
        }
        try await sql.raw("DROP INDEX tickets_subject_search").run()
        try await sql.raw("DROP INDEX ticket_messages_body_search").run()
        try await sql.raw("CREATE INDEX tickets_subject_search ON tickets USING gin (to_tsvector('simple', subject))").run()
        try await sql.raw("CREATE INDEX ticket_messages_body_search ON ticket_messages USING gin (to_tsvector('simple', body))").run()
        try await sql.raw("DROP FUNCTION rapport_fold(text)").run()
    }

    private func rebuildSQLiteIndex(_ sql: any SQLDatabase, columns: String, values: String) async throws {
        try await sql.raw("DROP TABLE ticket_search").run()
        try await sql.raw(SQLQueryString("""
            CREATE VIRTUAL TABLE ticket_search USING fts5(\(unsafeRaw: columns), content='', contentless_delete=1,
                tokenize='unicode61 remove_diacritics 2')
            """)).run()
        try await sql.raw(SQLQueryString("""
            INSERT INTO ticket_search (rowid, \(unsafeRaw: columns))
            SELECT d.rowid, \(unsafeRaw: values)CASE WHEN d.message_id IS NULL THEN t.subject ELSE '' END, coalesce(m.body, '')
            FROM ticket_search_docs d JOIN tickets t ON t.id = d.ticket_id LEFT JOIN ticket_messages m ON m.id = d.message_id
            """)).run()
    }
}

/// A team's queue filtered by status and priority, newest first: without this index SQLite walked
/// the whole workspace in update order to find a rare combination.
struct IndexTicketQueues: AsyncMigration {
    var name: String { "0021_IndexTicketQueues" }

    func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase).create(index: "tickets_by_team_queue").on("tickets")
            .column("workspace_id").column("team_id").column("status").column("priority").column("updated_at").column("id").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "tickets_by_team_queue").run()
    }
}
