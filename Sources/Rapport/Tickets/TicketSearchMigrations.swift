import Fluent
import SQLKit

/// PostgreSQL's search folds accents like SQLite's: "cafe" finds "café". The 'simple' configuration
/// keeps accents, and the unaccent extension needs rights a hosted database may not grant, so a
/// plain SQL function folds the letters that Swift's diacritic folding (SearchQuery) folds.
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
