import Fluent
import SQLKit

struct CreateFollowUps: AsyncMigration {
    var name: String { "0016_CreateFollowUps" }

    func prepare(on database: any Database) async throws {
        try await database.schema("follow_ups")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("ticket_id", .uuid, .required, .references("tickets", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("note", .string)
            .field("due_at", .datetime, .required)
            .field("owner_id", .uuid, .required, .references("users", "id"))
            .field("done_at", .datetime)
            .field("done_by", .uuid, .references("users", "id"))
            .field("created_by", .uuid)
            .field("created_at", .datetime, .required)
            .create()
        let sql = database as! any SQLDatabase
        // "Due for me" and the follow_ups_due view: an owner's open follow-ups by due time.
        try await sql.create(index: "follow_ups_due_for_owner").on("follow_ups")
            .column("workspace_id").column("owner_id").column("done_at").column("due_at").run()
        // "Overdue in the workspace": open follow-ups by due time.
        try await sql.create(index: "follow_ups_due_in_workspace").on("follow_ups")
            .column("workspace_id").column("done_at").column("due_at").run()
        try await sql.create(index: "follow_ups_of_ticket").on("follow_ups")
            .column("workspace_id").column("ticket_id").column("due_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("follow_ups").delete()
    }
}
