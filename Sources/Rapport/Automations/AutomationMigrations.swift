import Fluent
import SQLKit

struct CreateAutomations: AsyncMigration {
    var name: String { "0018_CreateAutomations" }

    func prepare(on database: any Database) async throws {
        try await database.schema("automations")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("name", .string, .required)
            .field("active", .bool, .required)
            .field("position", .int, .required)
            .field("trigger", .string, .required)
            .field("time_condition", .json)
            .field("conditions", .json, .required)
            .field("actions", .json, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "workspace_id", "name")
            .create()
        // One row per rule, ticket and occasion (an event, or a status period for time rules, or a
        // breach for SLA escalations): the unique key is what makes a rule fire exactly once, even
        // when two scheduler runs or two app nodes reach the same ticket at the same moment.
        try await database.schema("automation_firings")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("rule", .string, .required)
            .field("automation_id", .uuid, .references("automations", "id", onDelete: .cascade))
            .field("ticket_id", .uuid, .required, .references("tickets", "id", onDelete: .cascade))
            .field("occasion", .string, .required)
            .field("fired_at", .datetime, .required)
            .unique(on: "rule", "ticket_id", "occasion")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "automations_by_trigger").on("automations")
            .column("workspace_id").column("trigger").column("active").column("position").run()
        try await sql.create(index: "automation_firings_of_ticket").on("automation_firings")
            .column("workspace_id").column("ticket_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("automation_firings").delete()
        try await database.schema("automations").delete()
    }
}
