import Fluent
import SQLKit

/// Macros (canned replies with actions) and saved ticket views: both are a workspace's reusable settings.
struct CreateMacrosAndSavedViews: AsyncMigration {
    var name: String { "0014_CreateMacrosAndSavedViews" }

    func prepare(on database: any Database) async throws {
        try await database.schema("macros")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("name", .string, .required)
            .field("body", .string)
            .field("visibility", .string, .required)
            .field("status", .string)
            .field("priority", .string)
            .field("add_tags", .array(of: .string), .required)
            .field("remove_tags", .array(of: .string), .required)
            .field("assignee_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("team_id", .uuid, .references("teams", "id", onDelete: .setNull))
            .field("created_by_id", .uuid)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "workspace_id", "name")
            .create()
        try await database.schema("saved_views")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("owner_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("shared", .bool, .required)
            .field("filters", .dictionary(of: .string), .required)
            .field("sort", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "saved_views_by_owner").on("saved_views").column("workspace_id").column("owner_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("saved_views").delete()
        try await database.schema("macros").delete()
    }
}

/// Merges move events to the surviving ticket; this column remembers which ticket they came from,
/// so that the survivor's SLA clocks do not read another ticket's status changes as its own.
struct AddTicketEventMergedFrom: AsyncMigration {
    var name: String { "0015_AddTicketEventMergedFrom" }

    func prepare(on database: any Database) async throws {
        try await database.schema("ticket_events").field("merged_from_id", .uuid).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("ticket_events").deleteField("merged_from_id").update()
    }
}
