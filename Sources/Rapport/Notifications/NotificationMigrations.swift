import Fluent
import SQLKit

struct CreateNotifications: AsyncMigration {
    var name: String { "0017_CreateNotifications" }

    func prepare(on database: any Database) async throws {
        try await database.schema("notifications")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("ticket_id", .uuid, .references("tickets", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("text", .string, .required)
            .field("created_at", .datetime, .required)
            .field("read_at", .datetime)
            // Set by the mailer (a later issue) once it has sent the notification by email.
            .field("emailed_at", .datetime)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "notifications_of_user").on("notifications")
            .column("workspace_id").column("user_id").column("read_at").column("created_at").run()
        try await sql.create(index: "notifications_to_email").on("notifications")
            .column("workspace_id").column("emailed_at").column("created_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("notifications").delete()
    }
}
