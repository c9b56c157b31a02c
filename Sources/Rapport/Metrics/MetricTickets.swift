import Fluent
import Foundation
import RapportCore
import SQLKit

/// The tickets behind a figure: those whose stored contribution (`metric_ticket_facts`) counts toward it,
/// so the list agrees with the figure exactly (same team, agent, breakdown value and days).
struct MetricTickets {
    let db: any Database
    let workspaceID: UUID
    private var sql: any SQLDatabase { db as! any SQLDatabase }

    /// Newest first. SQL narrows the candidates with a condition every ticket behind the figure meets
    /// (created in the period, changed since it began, answered in it); each candidate's facts decide.
    /// `complete` is false when the list stopped at `limit` tickets or after `scanLimit` candidates.
    func find(_ metric: MetricName, query: MetricsQuery, value: String?, limit: Int = 200, scanLimit: Int = 20_000) async throws -> (ids: [UUID], complete: Bool) {
        let start = MetricDay.start(query.fromDay), end = MetricDay.start(query.toDay)
        let select = sql.select().column(SQLColumn("id", table: "t")).column(SQLColumn("facts", table: "f"))
            .from(SQLAlias(SQLIdentifier("tickets"), as: SQLIdentifier("t")))
            .join(SQLAlias(SQLIdentifier("metric_ticket_facts"), as: SQLIdentifier("f")), method: SQLJoinMethod.inner,
                  on: SQLColumn("ticket_id", table: "f"), .equal, SQLColumn("id", table: "t"))
            .where(SQLColumn("workspace_id", table: "t"), .equal, SQLBind(workspaceID))
            .where(SQLColumn("created_at", table: "t"), .lessThan, SQLBind(end))
        switch metric {
        case .contactVolume:
            select.where(SQLColumn("created_at", table: "t"), .greaterThanOrEqual, SQLBind(start))
        case .backlog, .backlogAge:
            // Unsolved at the period's end: still unsolved, or changed since.
            select.where { $0.where(SQLColumn("unsolved", table: "t"), .equal, SQLBind(true)).orWhere(SQLColumn("updated_at", table: "t"), .greaterThanOrEqual, SQLBind(end)) }
        case .csat, .nps:
            select.where(SQLColumn("id", table: "t"), .in, SQLSubquery.select { $0
                .column("ticket_id").from("feedback").where("workspace_id", .equal, workspaceID)
                .where("kind", .equal, metric.rawValue).where("received_at", .greaterThanOrEqual, start).where("received_at", .lessThan, end)
            })
        default:
            // A reply or a solve in the period changed the ticket at or after the period's start.
            select.where(SQLColumn("updated_at", table: "t"), .greaterThanOrEqual, SQLBind(start))
        }
        let rows = try await select.orderBy(SQLOrderBy(expression: SQLColumn("created_at", table: "t"), direction: SQLDirection.descending))
            .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "t"), direction: SQLDirection.descending))
            .limit(scanLimit + 1).all()
        var ids: [UUID] = []
        for row in rows.prefix(scanLimit) {
            let facts = try JSONDecoder().decode(MetricAggregates.Facts.self, from: Data(try row.decode(column: "facts", as: String.self).utf8))
            if counts(facts, metric: metric, query: query, value: value) { ids.append(try row.decode(column: "id", as: UUID.self)) }
            if ids.count == limit { return (ids, false) }
        }
        return (ids, rows.count <= scanLimit)
    }

    /// Whether a ticket's contribution is part of the figure.
    func counts(_ facts: MetricAggregates.Facts, metric: MetricName, query: MetricsQuery, value: String?) -> Bool {
        if let team = query.teamID, facts.team != team.uuidString { return false }
        if let agent = query.agentID, !facts.dimensions.contains([MetricDimension.agent.rawValue, agent.uuidString]) { return false }
        if let breakdown = query.breakdown, !facts.dimensions.contains([breakdown.rawValue, value ?? ""]) { return false }
        var sum = MetricCounters()
        for (day, values) in facts.days where day < query.toDay {
            if metric == .backlog || metric == .backlogAge || day >= query.fromDay { sum += MetricCounters(values: values) }
        }
        switch metric {
        case .backlog, .backlogAge: return sum[.created] - sum[.solves] + sum[.reopens] > 0
        default: return MetricFigures.basis(metric, period: sum) > 0
        }
    }
}
