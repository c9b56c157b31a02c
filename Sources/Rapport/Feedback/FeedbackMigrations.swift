import Fluent
import SQLKit

/// Survey invitations (CSAT after a solve, NPS to a segment) and NPS campaigns; feedback answers say
/// which invitation they answer and, when recorded by hand, which product they are about.
struct CreateSurveys: AsyncMigration {
    var name: String { "0110_CreateSurveys" }

    func prepare(on database: any Database) async throws {
        try await database.schema("nps_campaigns")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("name", .string, .required)
            // The customer list's query string that chose the recipients, kept to show who was asked.
            .field("segment", .string, .required)
            .field("recipients", .int, .required)
            .field("created_by_id", .uuid)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("survey_invitations")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("kind", .string, .required)
            .field("token_hash", .string, .required)
            .field("customer_id", .uuid, .required, .references("customers", "id"))
            .field("ticket_id", .uuid, .references("tickets", "id", onDelete: .setNull))
            .field("agent_id", .uuid, .references("users", "id"))
            .field("campaign_id", .uuid, .references("nps_campaigns", "id"))
            .field("email", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("answered_at", .datetime)
            .unique(on: "token_hash")
            // Once per ticket: a second solve finds the first invitation (NULL tickets never collide).
            .unique(on: "ticket_id", "kind")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "survey_invitations_of_campaign").on("survey_invitations").column("campaign_id").run()
        try await database.schema("feedback").field("invitation_id", .uuid).update()
        try await database.schema("feedback").field("product", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("feedback").deleteField("product").update()
        try await database.schema("feedback").deleteField("invitation_id").update()
        try await database.schema("survey_invitations").delete()
        try await database.schema("nps_campaigns").delete()
    }
}

/// Improvement actions: what a team decided to change, why, and which metric should show it.
struct CreateImprovements: AsyncMigration {
    var name: String { "0111_CreateImprovements" }

    func prepare(on database: any Database) async throws {
        try await database.schema("improvement_actions")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("title", .string, .required)
            .field("reason", .string, .required)
            .field("owner_id", .uuid, .references("users", "id"))
            .field("insight_key", .string)
            .field("theme", .string)
            .field("metric", .string, .required)
            .field("breakdown", .string)
            .field("breakdown_value", .string)
            .field("due_on", .string)
            .field("status", .string, .required)
            .field("done_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "improvement_actions_by_workspace").on("improvement_actions").column("workspace_id").column("status").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("improvement_actions").delete()
    }
}
