import Fluent
import SQLKit

/// Outbound mail: each workspace's SMTP server (password sealed with AES-GCM), its acknowledgement
/// template, and the outbox that holds every message until the worker has delivered it.
struct CreateOutboundMail: AsyncMigration {
    var name: String { "0022_CreateOutboundMail" }

    func prepare(on database: any Database) async throws {
        try await database.schema("outbound_mail_settings")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("host", .string, .required)
            .field("port", .int, .required)
            .field("tls_mode", .string, .required)
            .field("username", .string)
            .field("password_sealed", .string)
            .field("verify_certificate", .bool, .required)
            .field("from_name", .string)
            .field("updated_at", .datetime, .required)
            .unique(on: "workspace_id")
            .create()
        try await database.schema("acknowledgement_settings")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("enabled", .bool, .required)
            .field("subject_template", .string, .required)
            .field("body_template", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "workspace_id")
            .create()
        try await database.schema("outbox")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("ticket_id", .uuid)
            .field("ticket_message_id", .uuid)
            .field("kind", .string, .required)
            .field("mail_from", .string, .required)
            .field("recipients", .string, .required)
            .field("message_id", .string, .required)
            .field("content", .string, .required)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("lease_until", .datetime)
            .field("last_error", .string)
            .field("sent_at", .datetime)
            .field("created_at", .datetime, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "outbox_of_message").on("outbox").column("workspace_id").column("ticket_message_id").run()
        // The worker serves every workspace at once: its claim query is the one index not led by workspace_id.
        try await sql.create(index: "outbox_due").on("outbox").column("status").column("next_attempt_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("outbox").delete()
        try await database.schema("acknowledgement_settings").delete()
        try await database.schema("outbound_mail_settings").delete()
    }
}
