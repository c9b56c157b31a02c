import Foundation
import RapportCore

/// The supervisor's dashboard: headline figures with a series, and a breakdown table per dimension.
/// The page, its CSV export and the benchmark all compute it here.
struct MetricsDashboard: Sendable {
    var overview: MetricsResult
    var breakdowns: [(MetricDimension, [MetricsResult.Row])]

    /// The overview and each breakdown are independent reads, so they run side by side, spread over the
    /// store's readers; without readers, all on the store's own database.
    static func compute(_ store: MetricsStore, query: MetricsQuery, dimensions: [MetricDimension] = MetricDimension.allCases) async throws -> MetricsDashboard {
        var overviewQuery = query
        overviewQuery.breakdown = nil
        let wanted = query.agentID == nil ? dimensions : []
        let stores = store.readers.isEmpty ? [store] : store.readers.map(store.on)
        return try await withThrowingTaskGroup(of: (Int, MetricsResult?, [MetricsResult.Row]).self) { group in
            group.addTask { [overviewQuery] in (-1, try await store.run(overviewQuery), []) }
            for (index, dimension) in wanted.enumerated() {
                var byDimension = query
                byDimension.breakdown = dimension
                let reader = stores[(index + 1) % stores.count]
                group.addTask { [byDimension] in (index, nil, try await reader.rows(byDimension)) }
            }
            var overview: MetricsResult?
            var rows = [[MetricsResult.Row]](repeating: [], count: wanted.count)
            for try await (index, result, dimensionRows) in group {
                if let result { overview = result } else { rows[index] = dimensionRows }
            }
            return MetricsDashboard(overview: overview!, breakdowns: Array(zip(wanted, rows)))
        }
    }
}
