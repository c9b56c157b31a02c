import Fluent
import SQLKit

/// Inbound mail: every message received (raw bytes on disk, one row here) with what became of it,
/// the mail parts of ticket messages made from mail, and the per-workspace secrets of the HTTP way in.
struct CreateInboundMail: AsyncMigration {
    var name: String { "0025_CreateInboundMail" }

    func prepare(on database: any Database) async throws {
        // workspace_id stays empty until the message is routed: an unroutable message is kept too.
        try await database.schema("inbound_emails")
            .id()
            .field("workspace_id", .uuid, .references("workspaces", "id"))
            .field("team_id", .uuid)
            .field("sha256", .string, .required)
            .field("size", .int64, .required)
            .field("received_at", .datetime, .required)
            .field("recipient", .string)
            .field("message_id", .string)
            .field("from_address", .string)
            .field("subject", .string)
            .field("status", .string, .required)
            .field("reason", .string)
            .field("ticket_id", .uuid)
            .field("ticket_message_id", .uuid)
            .field("kind", .string)
            .field("processed_at", .datetime)
            .create()
        try await database.schema("ticket_message_mail")
            .field("message_id", .uuid, .identifier(auto: false))
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("inbound_email_id", .uuid, .required)
            .field("quoted_text", .string)
            .field("signature", .string)
            .field("html_sanitized", .string)
            .create()
        try await database.schema("inbound_secrets")
            .field("workspace_id", .uuid, .identifier(auto: false), .references("workspaces", "id"))
            .field("secret_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "secret_hash")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "inbound_emails_by_status").on("inbound_emails").column("workspace_id").column("status").column("received_at").run()
        try await sql.create(index: "inbound_emails_by_sender").on("inbound_emails").column("workspace_id").column("from_address").column("received_at").run()
        try await sql.create(index: "inbound_emails_by_digest").on("inbound_emails").column("workspace_id").column("sha256").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("inbound_secrets").delete()
        try await database.schema("ticket_message_mail").delete()
        try await database.schema("inbound_emails").delete()
    }
}

/// Raw messages are stored a batch to a file (one file created and synced per batch rather than per
/// message): each row says which pack and where in it. Older rows keep their file named by the digest.
struct AddInboundRawPacks: AsyncMigration {
    var name: String { "0130_AddInboundRawPacks" }

    func prepare(on database: any Database) async throws {
        try await database.schema("inbound_emails").field("raw_pack", .string).update()
        try await database.schema("inbound_emails").field("raw_offset", .int64).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("inbound_emails").deleteField("raw_offset").update()
        try await database.schema("inbound_emails").deleteField("raw_pack").update()
    }
}
