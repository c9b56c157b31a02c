import Foundation
import RapportCore

/// The supervisor's dashboard: headline figures with a series, and a breakdown table per dimension.
/// The page, its CSV export and the benchmark all compute it here.
struct MetricsDashboard: Sendable {
    var overview: MetricsResult
    var breakdowns: [(MetricDimension, [MetricsResult.Row])]

    static func compute(_ store: MetricsStore, query: MetricsQuery, dimensions: [MetricDimension] = MetricDimension.allCases) async throws -> MetricsDashboard {
        var overviewQuery = query
        overviewQuery.breakdown = nil
        let overview = try await store.run(overviewQuery)
        var breakdowns: [(MetricDimension, [MetricsResult.Row])] = []
        if query.agentID == nil {
            for dimension in dimensions {
                var byDimension = query
                byDimension.breakdown = dimension
                breakdowns.append((dimension, try await store.rows(byDimension)))
            }
        }
        return MetricsDashboard(overview: overview, breakdowns: breakdowns)
    }
}
