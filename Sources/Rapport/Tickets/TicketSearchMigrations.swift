import Fluent
import SQLKit

/// PostgreSQL's search folds accents like SQLite's: "cafe" finds "café". The 'simple'
/// configuration keeps accents, and the unaccent extension needs rights a hosted database may not
/// grant, so a plain SQL function folds the letters that Swift's diacritic folding (SearchQuery) folds.
struct FoldTicketSearchAccents: AsyncMigration {
    var name: String { "0020_FoldTicketSearchAccents" }

    static let accented = "àáâãäåāăąçćĉċčďèéêëēĕėęěĝğġģĥìíîïĩīĭįĵķĺļľñńņňòóôõöōŏőŕŗřśŝşšţťùúûüũūŭůűųŵýÿŷźżž"
    static let plain = "aaaaaaaaacccccdeeeeeeeeegggghiiiiiiiijklllnnnnoooooooorrrssssttuuuuuuuuuuwyyyzzz"

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        guard sql.dialect.name == "postgresql" else { return }
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
        guard sql.dialect.name == "postgresql" else { return }
        try await sql.raw("DROP INDEX tickets_subject_search").run()
        try await sql.raw("DROP INDEX ticket_messages_body_search").run()
        try await sql.raw("CREATE INDEX tickets_subject_search ON tickets USING gin (to_tsvector('simple', subject))").run()
        try await sql.raw("CREATE INDEX ticket_messages_body_search ON ticket_messages USING gin (to_tsvector('simple', body))").run()
        try await sql.raw("DROP FUNCTION rapport_fold(text)").run()
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

/// Prefix searches ("ref*") of two and three letters read prefix indexes: without them FTS5
/// merged every word starting with those letters, which on a large desk took hundreds of
/// milliseconds. An FTS5 table's options are fixed when it is created, so the table is made again
/// from the text it indexes (the index keeps no copy: the docs table says where each row's text is).
/// PostgreSQL needs nothing: its GIN indexes answer `word:*` prefixes as they are.
struct AddTicketSearchPrefixes: AsyncMigration {
    var name: String { "0140_AddTicketSearchPrefixes" }

    func prepare(on database: any Database) async throws {
        try await Self.rebuild(database, options: "prefix='2 3', ")
    }

    func revert(on database: any Database) async throws {
        try await Self.rebuild(database, options: "")
    }

    private static func rebuild(_ database: any Database, options: String) async throws {
        guard (database as! any SQLDatabase).dialect.name == "sqlite" else { return }
        try await database.transaction { tx in
            let sql = tx as! any SQLDatabase
            try await sql.raw(SQLQueryString("""
                CREATE VIRTUAL TABLE ticket_search_rebuilt USING fts5(subject, body, content='', contentless_delete=1,
                    \(unsafeRaw: options)tokenize='unicode61 remove_diacritics 2')
                """)).run()
            try await sql.raw("""
                INSERT INTO ticket_search_rebuilt(rowid, subject, body) SELECT d.rowid, t.subject, ''
                FROM ticket_search_docs d JOIN tickets t ON t.id = d.ticket_id WHERE d.message_id IS NULL
                """).run()
            try await sql.raw("""
                INSERT INTO ticket_search_rebuilt(rowid, subject, body) SELECT d.rowid, '', m.body
                FROM ticket_search_docs d JOIN ticket_messages m ON m.id = d.message_id
                """).run()
            try await sql.raw("DROP TABLE ticket_search").run()
            try await sql.raw("ALTER TABLE ticket_search_rebuilt RENAME TO ticket_search").run()
        }
    }
}
