import Fluent
import SQLKit

struct CreateTickets: AsyncMigration {
    var name: String { "0009_CreateTickets" }

    func prepare(on database: any Database) async throws {
        // Numbers are counted per workspace, never globally, so workspaces can live on different shards.
        try await database.schema("ticket_counters")
            .field("workspace_id", .uuid, .identifier(auto: false), .references("workspaces", "id"))
            .field("last_number", .int64, .required)
            .create()
        try await database.schema("tickets")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("number", .int64, .required)
            .field("requester_id", .uuid, .required, .references("customers", "id"))
            .field("organization_id", .uuid, .references("organizations", "id"))
            .field("subject", .string, .required)
            .field("kind", .string, .required)
            .field("status", .string, .required)
            .field("unsolved", .bool, .required)
            .field("priority", .string, .required)
            .field("channel", .string, .required)
            .field("category", .string)
            .field("topic", .string)
            .field("product", .string)
            .field("custom_fields", .json, .required)
            .field("assignee_id", .uuid, .references("users", "id"))
            .field("team_id", .uuid, .references("teams", "id", onDelete: .setNull))
            .field("sla_policy_id", .uuid)
            .field("sla", .json, .required)
            .field("sla_state", .string)
            .field("sla_due_at", .datetime)
            .field("sla_check_at", .datetime)
            .field("first_response_at", .datetime)
            .field("last_customer_message_at", .datetime)
            .field("last_agent_reply_at", .datetime)
            .field("solved_at", .datetime)
            .field("merged_into_id", .uuid)
            .field("split_from_id", .uuid)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "workspace_id", "number")
            .create()
        try await database.schema("ticket_followers")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("ticket_id", .uuid, .required, .references("tickets", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .unique(on: "ticket_id", "user_id")
            .create()
        try await database.schema("ticket_messages")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("ticket_id", .uuid, .required, .references("tickets", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("visibility", .string, .required)
            .field("author_kind", .string, .required)
            .field("author_user_id", .uuid)
            .field("author_customer_id", .uuid)
            .field("body", .string, .required)
            .field("duration_seconds", .int)
            .field("outcome", .string)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("ticket_attachments")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("ticket_id", .uuid, .required, .references("tickets", "id", onDelete: .cascade))
            .field("message_id", .uuid, .required, .references("ticket_messages", "id", onDelete: .cascade))
            .field("filename", .string, .required)
            .field("media_type", .string, .required)
            .field("size", .int64, .required)
            .field("sha256", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        // Append-only: rows are inserted, never updated or deleted (merges move them to the survivor).
        try await database.schema("ticket_events")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("ticket_id", .uuid, .required, .references("tickets", "id", onDelete: .cascade))
            .field("at", .datetime, .required)
            .field("actor_kind", .string, .required)
            .field("actor_id", .uuid)
            .field("action", .string, .required)
            .field("field", .string)
            .field("old_value", .string)
            .field("new_value", .string)
            .create()

        let sql = database as! any SQLDatabase
        // The agent's views: mine, a team's queue, unassigned, each newest first; keyset pages on (…, updated_at, id).
        try await sql.create(index: "tickets_by_assignee").on("tickets")
            .column("workspace_id").column("assignee_id").column("unsolved").column("updated_at").column("id").run()
        try await sql.create(index: "tickets_by_team").on("tickets")
            .column("workspace_id").column("team_id").column("unsolved").column("updated_at").column("id").run()
        try await sql.create(index: "tickets_by_status").on("tickets")
            .column("workspace_id").column("status").column("updated_at").column("id").run()
        try await sql.create(index: "tickets_by_update").on("tickets")
            .column("workspace_id").column("updated_at").column("id").run()
        try await sql.create(index: "tickets_by_requester").on("tickets")
            .column("workspace_id").column("requester_id").column("created_at").run()
        try await sql.create(index: "tickets_by_sla_due").on("tickets")
            .column("workspace_id").column("unsolved").column("sla_due_at").run()
        try await sql.create(index: "tickets_by_sla_check").on("tickets").column("sla_check_at").run()
        try await sql.create(index: "ticket_messages_of_ticket").on("ticket_messages")
            .column("workspace_id").column("ticket_id").column("created_at").run()
        try await sql.create(index: "ticket_attachments_of_message").on("ticket_attachments")
            .column("workspace_id").column("message_id").run()
        try await sql.create(index: "ticket_events_of_ticket").on("ticket_events")
            .column("workspace_id").column("ticket_id").column("id").run()
        try await sql.create(index: "ticket_followers_of_user").on("ticket_followers")
            .column("workspace_id").column("user_id").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["ticket_events", "ticket_attachments", "ticket_messages", "ticket_followers", "tickets", "ticket_counters"] {
            try await database.schema(table).delete()
        }
    }
}

/// Full-text search over subjects and messages: FTS5 on SQLite, tsvector indexes on PostgreSQL.
struct CreateTicketSearch: AsyncMigration {
    var name: String { "0010_CreateTicketSearch" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        if sql.dialect.name == "sqlite" {
            // Contentless: the text lives once, in tickets and ticket_messages. The docs table maps an
            // index row to its ticket; its INTEGER PRIMARY KEY keeps rowids stable across VACUUM.
            try await sql.raw("""
                CREATE VIRTUAL TABLE ticket_search USING fts5(subject, body, content='', contentless_delete=1,
                    tokenize='unicode61 remove_diacritics 2')
                """).run()
            try await sql.raw("""
                CREATE TABLE ticket_search_docs (rowid INTEGER PRIMARY KEY, workspace_id BLOB NOT NULL,
                    ticket_id BLOB NOT NULL, message_id BLOB)
                """).run()
            try await sql.raw("CREATE INDEX ticket_search_docs_of_ticket ON ticket_search_docs (ticket_id, message_id)").run()
        } else {
            try await sql.raw("CREATE INDEX tickets_subject_search ON tickets USING gin (to_tsvector('simple', subject))").run()
            try await sql.raw("CREATE INDEX ticket_messages_body_search ON ticket_messages USING gin (to_tsvector('simple', body))").run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        if sql.dialect.name == "sqlite" {
            try await sql.raw("DROP TABLE ticket_search_docs").run()
            try await sql.raw("DROP TABLE ticket_search").run()
        } else {
            try await sql.raw("DROP INDEX tickets_subject_search").run()
            try await sql.raw("DROP INDEX ticket_messages_body_search").run()
        }
    }
}

struct CreateServiceLevels: AsyncMigration {
    var name: String { "0011_CreateServiceLevels" }

    func prepare(on database: any Database) async throws {
        try await database.schema("business_calendars")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("name", .string, .required)
            .field("calendar", .json, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "workspace_id", "name")
            .create()
        try await database.schema("sla_policies")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("name", .string, .required)
            .field("position", .int, .required)
            .field("priorities", .array(of: .string), .required)
            .field("value_tiers", .array(of: .string), .required)
            .field("lifecycles", .array(of: .string), .required)
            .field("targets", .json, .required)
            .field("calendar_id", .uuid, .references("business_calendars", "id"))
            .field("escalation", .json, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "workspace_id", "name")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("sla_policies").delete()
        try await database.schema("business_calendars").delete()
    }
}
