import Fluent
import Foundation
import RapportCore
import SQLKit

/// Scores not tied to a ticket (NPS surveys, feedback recorded by hand without a ticket): they count
/// in the workspace's figures, not in a team's or an agent's, and in no breakdown. Scores tied to a
/// ticket are part of the ticket's aggregates (`MetricAggregates`).
struct FeedbackMetrics {
    let db: any Database
    let workspaceID: UUID
    private var sql: any SQLDatabase { db as! any SQLDatabase }

    /// Counters per UTC day of the query's period.
    func byDay(_ query: MetricsQuery, breakdown: MetricDimension?) async throws -> [Int: MetricCounters] {
        guard query.teamID == nil, query.agentID == nil, breakdown == nil else { return [:] }
        var days: [Int: MetricCounters] = [:]
        let rows = try await sql.select().columns("received_at", "kind", "score").from("feedback")
            .where("workspace_id", .equal, workspaceID).where("ticket_id", .is, SQLLiteral.null).where("score", .isNot, SQLLiteral.null)
            .where("received_at", .greaterThanOrEqual, MetricDay.start(query.fromDay)).where("received_at", .lessThan, MetricDay.start(query.toDay))
            .all()
        for row in rows {
            guard let kind = FeedbackKind(rawValue: try row.decode(column: "kind", as: String.self)),
                  let score = try row.decode(column: "score", as: Int?.self) else { continue }
            let day = MetricDay.of(try row.decode(column: "received_at", as: Date.self))
            switch kind {
            case .csat: days[day, default: MetricCounters()].add(csat: score)
            case .nps: days[day, default: MetricCounters()].add(nps: score)
            case .note: break
            }
        }
        return days
    }

    /// Feedback without a ticket has no breakdown values.
    func byValue(_ query: MetricsQuery, breakdown: MetricDimension) async throws -> [String: MetricCounters] { [:] }
}
