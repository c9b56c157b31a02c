import Fluent
import RapportCore
import SQLKit

/// Daily metric counters per workspace, team scope, dimension value and day, and each ticket's last contribution.
struct CreateMetricAggregates: AsyncMigration {
    var name: String { "0070_CreateMetricAggregates" }

    func prepare(on database: any Database) async throws {
        var daily = database.schema("metric_daily")
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            // "" for the whole workspace, else a team id: the team filter reads its own rows.
            .field("scope", .string, .required)
            .field("dimension", .string, .required)
            .field("day", .int64, .required)
            .field("value", .string, .required)
        for column in MetricCounters.columns { daily = daily.field(.string(column), .int64, .required) }
        try await daily.compositeIdentifier(over: "workspace_id", "scope", "dimension", "day", "value").create()

        try await database.schema("metric_ticket_facts")
            .field("ticket_id", .uuid, .identifier(auto: false))
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("facts", .string, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "metric_ticket_facts_by_workspace").on("metric_ticket_facts").column("workspace_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("metric_ticket_facts").delete()
        try await database.schema("metric_daily").delete()
    }
}

/// Feedback: survey answers (CSAT, NPS) and remarks recorded by hand, tied to a customer and maybe a ticket and agent.
struct CreateFeedback: AsyncMigration {
    var name: String { "0071_CreateFeedback" }

    func prepare(on database: any Database) async throws {
        try await database.schema("feedback")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("kind", .string, .required)
            .field("score", .int)
            .field("comment", .string, .required)
            // survey, email, phone, review, letter, in_person, social, employee, other
            .field("source", .string, .required)
            .field("customer_id", .uuid, .required, .references("customers", "id"))
            .field("ticket_id", .uuid, .references("tickets", "id", onDelete: .setNull))
            .field("agent_id", .uuid, .references("users", "id"))
            .field("recorded_by_id", .uuid)
            .field("received_at", .datetime, .required)
            .field("created_at", .datetime, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "feedback_by_time").on("feedback").column("workspace_id").column("received_at").run()
        try await sql.create(index: "feedback_of_ticket").on("feedback").column("workspace_id").column("ticket_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("feedback").delete()
    }
}

/// All-time sums of `metric_daily` per workspace, scope, dimension and value. The backlog at a period's start
/// needs every day before it; with these, it is the total minus the period and what came after it, so a
/// dashboard reads only the days it shows (plus any after them) instead of the whole history.
struct CreateMetricTotals: AsyncMigration {
    var name: String { "0120_CreateMetricTotals" }

    func prepare(on database: any Database) async throws {
        var totals = database.schema("metric_totals")
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("scope", .string, .required)
            .field("dimension", .string, .required)
            .field("value", .string, .required)
        for column in MetricCounters.columns { totals = totals.field(.string(column), .int64, .required) }
        try await totals.compositeIdentifier(over: "workspace_id", "scope", "dimension", "value").create()
        let sql = database as! any SQLDatabase
        let columns = MetricCounters.columns.joined(separator: ", ")
        let sums = MetricCounters.columns.map { "CAST(sum(\($0)) AS BIGINT)" }.joined(separator: ", ")
        try await sql.raw("""
            INSERT INTO metric_totals (workspace_id, scope, dimension, value, \(unsafeRaw: columns))
            SELECT workspace_id, scope, dimension, value, \(unsafeRaw: sums) FROM metric_daily GROUP BY workspace_id, scope, dimension, value
            """).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("metric_totals").delete()
    }
}

/// `metric_daily` summed by month (`day` holds the month's first day). A breakdown over a year reads a dozen
/// rows per value here instead of 365 daily ones: with 2,000 products that is what keeps the dashboard fast.
struct CreateMetricMonthly: AsyncMigration {
    var name: String { "0150_CreateMetricMonthly" }

    func prepare(on database: any Database) async throws {
        var monthly = database.schema("metric_monthly")
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("scope", .string, .required)
            .field("dimension", .string, .required)
            .field("day", .int64, .required)
            .field("value", .string, .required)
        for column in MetricCounters.columns { monthly = monthly.field(.string(column), .int64, .required) }
        try await monthly.compositeIdentifier(over: "workspace_id", "scope", "dimension", "day", "value").create()
        let sql = database as! any SQLDatabase
        // The UTC day number of the first day of the month that holds `day`, as MetricGranularity.month computes it.
        let month = sql.dialect.name == "sqlite"
            ? "CAST(julianday(date(day * 86400, 'unixepoch', 'start of month')) - 2440587.5 AS INTEGER)"
            : "CAST(date_trunc('month', to_timestamp(day * 86400) AT TIME ZONE 'UTC')::date - DATE '1970-01-01' AS BIGINT)"
        let columns = MetricCounters.columns.joined(separator: ", ")
        let sums = MetricCounters.columns.map { "CAST(sum(\($0)) AS BIGINT)" }.joined(separator: ", ")
        try await sql.raw("""
            INSERT INTO metric_monthly (workspace_id, scope, dimension, day, value, \(unsafeRaw: columns))
            SELECT workspace_id, scope, dimension, \(unsafeRaw: month), value, \(unsafeRaw: sums)
            FROM metric_daily GROUP BY workspace_id, scope, dimension, \(unsafeRaw: month), value
            """).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("metric_monthly").delete()
    }
}
