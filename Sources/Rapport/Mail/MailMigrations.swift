import Fluent
import SQLKit

/// The addresses customers write to, and the Message-IDs that tie mail to tickets. Both mail
/// directions use them: inbound mail finds its workspace, team and ticket here; outbound mail
/// records the Message-ID of each message it sends so that the customer's reply threads.
struct CreateMailFoundation: AsyncMigration {
    var name: String { "0021_CreateMailFoundation" }

    func prepare(on database: any Database) async throws {
        // An address belongs to one workspace across the whole installation: it is how inbound mail
        // finds its workspace, so it is unique globally (a shard router would look it up the same way).
        try await database.schema("support_addresses")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("address", .string, .required)
            .field("display_name", .string)
            .field("team_id", .uuid, .references("teams", "id", onDelete: .setNull))
            .field("is_default", .bool, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "address")
            .create()
        try await database.schema("mail_threads")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("message_id", .string, .required)
            .field("ticket_id", .uuid, .required, .references("tickets", "id", onDelete: .cascade))
            .field("ticket_message_id", .uuid)
            .field("direction", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "workspace_id", "message_id")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "support_addresses_of_workspace").on("support_addresses").column("workspace_id").run()
        try await sql.create(index: "mail_threads_of_ticket").on("mail_threads").column("workspace_id").column("ticket_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("mail_threads").delete()
        try await database.schema("support_addresses").delete()
    }
}
