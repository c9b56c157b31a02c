import Fluent
import SQLKit

/// Scheduled report mail, and each period a schedule has sent: the unique key makes a period go out once.
struct CreateReportSchedules: AsyncMigration {
    var name: String { "0112_CreateReportSchedules" }

    func prepare(on database: any Database) async throws {
        try await database.schema("report_schedules")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("name", .string, .required)
            .field("frequency", .string, .required)
            .field("organization_id", .uuid, .references("organizations", "id", onDelete: .cascade))
            // Comma-separated addresses.
            .field("recipients", .string, .required)
            .field("created_by_id", .uuid)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("report_runs")
            .id()
            .field("schedule_id", .uuid, .required, .references("report_schedules", "id", onDelete: .cascade))
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("period_start", .int64, .required)
            .field("period_end", .int64, .required)
            .field("sent_at", .datetime, .required)
            .unique(on: "schedule_id", "period_start")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("report_runs").delete()
        try await database.schema("report_schedules").delete()
    }
}
