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
