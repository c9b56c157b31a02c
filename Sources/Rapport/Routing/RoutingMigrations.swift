import Fluent
import SQLKit

/// Agent availability and skills, team routing settings and the round-robin turns.
struct CreateRouting: AsyncMigration {
    var name: String { "0012_CreateRouting" }

    func prepare(on database: any Database) async throws {
        // A user without a row is offline.
        try await database.schema("agent_availability")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("availability", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "workspace_id", "user_id")
            .create()
        // One row per skill: kind is language, product or communication_style.
        try await database.schema("agent_skills")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("value", .string, .required)
            .unique(on: "workspace_id", "user_id", "kind", "value")
            .create()
        // A team without a row routes manually. last_turn counts the team's routed tickets.
        try await database.schema("team_routing")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("team_id", .uuid, .required, .references("teams", "id", onDelete: .cascade))
            .field("mode", .string, .required)
            .field("max_open_per_agent", .int)
            .field("last_turn", .int64, .required)
            .unique(on: "workspace_id", "team_id")
            .create()
        // The team's turn number of each member's last routed ticket: the round-robin pointer.
        try await database.schema("routing_turns")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("team_id", .uuid, .required, .references("teams", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("last_turn", .int64, .required)
            .unique(on: "workspace_id", "team_id", "user_id")
            .create()
        let sql = database as! any SQLDatabase
        // Which agents have a skill ("who speaks German?").
        try await sql.create(index: "agent_skills_by_value").on("agent_skills")
            .column("workspace_id").column("kind").column("value").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["routing_turns", "team_routing", "agent_skills", "agent_availability"] {
            try await database.schema(table).delete()
        }
    }
}
