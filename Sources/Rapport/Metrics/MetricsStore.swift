import Fluent
import Foundation
import RapportCore
import SQLKit
import Vapor

/// What to measure: the one question the API, the dashboard, the CSV export and the reports ask.
struct MetricsQuery: Sendable {
    var metrics: [MetricName] = MetricName.allCases
    /// UTC days, `toDay` exclusive.
    var fromDay: Int
    var toDay: Int
    var granularity: MetricGranularity = .day
    var breakdown: MetricDimension?
    /// Only tickets of this team.
    var teamID: UUID?
    /// Only tickets assigned to this agent (the agent's own view).
    var agentID: UUID?
}

/// The figures for a query: totals over the period, a series by bucket, and a row per breakdown value.
struct MetricsResult: Sendable {
    struct Figures: Sendable {
        var values: [MetricName: Double?]
        var basis: [MetricName: Int64]
    }
    struct Bucket: Sendable {
        var startDay: Int
        var figures: Figures
    }
    struct Row: Sendable {
        var value: String
        var label: String
        var figures: Figures
    }

    var query: MetricsQuery
    var totals: Figures
    var series: [Bucket]
    var breakdown: [Row]
}

/// Reads the daily aggregates of one workspace and turns them into figures with the core rules.
struct MetricsStore {
    let db: any Database
    let workspaceID: UUID
    let now: Date
    /// Connections that long reads are spread over side by side (see `Application.readers`); none: `db` alone.
    var readers: [any Database] = []
    private var sql: any SQLDatabase { db as! any SQLDatabase }

    /// A request's store: its workspace, its clock, and every reader of the application.
    init(req: Request, workspaceID: UUID) {
        self.init(db: req.db, workspaceID: workspaceID, now: req.clock.now, readers: req.application.readers(logger: req.logger))
    }

    init(db: any Database, workspaceID: UUID, now: Date, readers: [any Database] = []) {
        self.db = db
        self.workspaceID = workspaceID
        self.now = now
        self.readers = readers
    }

    /// The same store reading from `reader`.
    func on(_ reader: any Database) -> MetricsStore {
        MetricsStore(db: reader, workspaceID: workspaceID, now: now, readers: readers)
    }

    func run(_ query: MetricsQuery) async throws -> MetricsResult {
        let scope = query.teamID?.uuidString ?? ""
        let focus = query.agentID.map { (MetricDimension.agent.rawValue, $0.uuidString) } ?? ("all", "")
        let days = try await sums(scope: scope, dimension: focus.0, value: focus.1, from: query.fromDay, to: query.toDay, groupBy: "day")
        let periodTotal = days.values.reduce(MetricCounters(), +)
        // Everything before the period: the all-time total minus the period and the days after it.
        let after = try await sums(scope: scope, dimension: focus.0, value: focus.1, from: query.toDay, to: nil, groupBy: nil)[""] ?? MetricCounters()
        let total = try await totals(scope: scope, dimension: focus.0, value: focus.1)[focus.1] ?? MetricCounters()
        let before = total - periodTotal - after
        let feedback = try await FeedbackMetrics(db: db, workspaceID: workspaceID).byDay(query, breakdown: nil)

        let feedbackTotal = feedback.values.reduce(MetricCounters(), +)
        let totals = figures(query.metrics, period: periodTotal, before: before, feedback: feedbackTotal, endDay: query.toDay)

        var buckets: [Int: (MetricCounters, MetricCounters)] = [:]
        var bucketDay = query.granularity.bucket(of: query.fromDay)
        while bucketDay < query.toDay {
            buckets[bucketDay] = (MetricCounters(), MetricCounters())
            bucketDay = nextBucket(after: bucketDay, query.granularity)
        }
        for (day, counters) in days { if let day = Int(day) { buckets[query.granularity.bucket(of: day), default: (MetricCounters(), MetricCounters())].0 += counters } }
        for (day, counters) in feedback { buckets[query.granularity.bucket(of: day), default: (MetricCounters(), MetricCounters())].1 += counters }
        var running = before
        var series: [MetricsResult.Bucket] = []
        for start in buckets.keys.sorted() {
            let (counters, answers) = buckets[start]!
            let end = min(nextBucket(after: start, query.granularity), query.toDay)
            series.append(.init(startDay: start, figures: figures(query.metrics, period: counters, before: running, feedback: answers, endDay: end)))
            running += counters
        }

        return MetricsResult(query: query, totals: totals, series: series, breakdown: try await rows(query))
    }

    /// One row per value of the query's breakdown dimension; none without one.
    func rows(_ query: MetricsQuery) async throws -> [MetricsResult.Row] {
        let scope = query.teamID?.uuidString ?? ""
        var rows: [MetricsResult.Row] = []
        if let breakdown = query.breakdown {
            let period = try await valueSums(scope: scope, dimension: breakdown.rawValue, days: query.fromDay..<query.toDay)
            let after = try await sums(scope: scope, dimension: breakdown.rawValue, value: nil, from: query.toDay, to: nil, groupBy: "value")
            let totals = try await totals(scope: scope, dimension: breakdown.rawValue, value: nil)
            func earlier(_ value: String) -> MetricCounters {
                (totals[value] ?? MetricCounters()) - (period[value] ?? MetricCounters()) - (after[value] ?? MetricCounters())
            }
            let answers = try await FeedbackMetrics(db: db, workspaceID: workspaceID).byValue(query, breakdown: breakdown)
            let labels = try await self.labels(breakdown)
            for value in Set(period.keys).union(answers.keys).sorted() {
                rows.append(.init(value: value, label: value.isEmpty ? "(none)" : labels[value] ?? value, figures: figures(
                    query.metrics, period: period[value] ?? MetricCounters(), before: earlier(value),
                    feedback: answers[value] ?? MetricCounters(), endDay: query.toDay)))
            }
        }
        return rows
    }

    private func figures(_ metrics: [MetricName], period: MetricCounters, before: MetricCounters, feedback: MetricCounters, endDay: Int) -> MetricsResult.Figures {
        let at = min(MetricDay.start(endDay), now)
        var values: [MetricName: Double?] = [:]
        var basis: [MetricName: Int64] = [:]
        // Added once, not per metric: a breakdown by product has thousands of rows.
        let combined = feedback.isZero ? period : period + feedback
        for metric in metrics {
            values[metric] = MetricFigures.value(metric, period: combined, backlogBefore: before, backlogAt: at)
            basis[metric] = MetricFigures.basis(metric, period: combined)
        }
        return .init(values: values, basis: basis)
    }

    private func nextBucket(after start: Int, _ granularity: MetricGranularity) -> Int {
        switch granularity {
        case .day: start + 1
        case .week: start + 7
        case .month: granularity.bucket(of: start + 31)
        }
    }

    /// The all-time totals of a dimension's values (one value, or all of them), by value.
    private func totals(scope: String, dimension: String, value: String?) async throws -> [String: MetricCounters] {
        let select = sql.select().column("value").column(SQLRaw("\(Self.packed(sum: false)) AS counters")).from("metric_totals")
            .where("workspace_id", .equal, workspaceID).where("scope", .equal, scope).where("dimension", .equal, dimension)
        if let value { select.where("value", .equal, value) }
        var result: [String: MetricCounters] = [:]
        for row in try await select.all() {
            result[try row.decode(column: "value", as: String.self)] = Self.counters(try row.decode(column: "counters", as: String?.self))
        }
        return result
    }

    /// The sums of a period by value, its parts summed on the readers side by side: a breakdown by product
    /// over a year reads tens of thousands of rows, the dashboard's longest single read.
    private func valueSums(scope: String, dimension: String, days: Range<Int>) async throws -> [String: MetricCounters] {
        let parts = Self.split(days, parts: readers.count)
        guard parts.count > 1 else {
            return try await sums(scope: scope, dimension: dimension, value: nil, from: days.lowerBound, to: days.upperBound, groupBy: "value")
        }
        return try await withThrowingTaskGroup(of: [String: MetricCounters].self) { group in
            for (part, reader) in zip(parts, readers) {
                let store = on(reader)
                group.addTask {
                    try await store.sums(scope: scope, dimension: dimension, value: nil, from: part.lowerBound, to: part.upperBound, groupBy: "value")
                }
            }
            var result: [String: MetricCounters] = [:]
            for try await sums in group { result.merge(sums, uniquingKeysWith: +) }
            return result
        }
    }

    /// Cuts `days` into up to `parts` ranges of about equal length, on a month's first day, so each part still
    /// reads whole months from the monthly sums (and a partial month as month minus days); a period inside
    /// one month is not cut.
    static func split(_ days: Range<Int>, parts: Int) -> [Range<Int>] {
        let monthStarts = days.dropFirst().filter { MetricGranularity.month.bucket(of: $0) == $0 }
        guard parts > 1, !monthStarts.isEmpty else { return [days] }
        var bounds = [days.lowerBound]
        for index in 1..<parts {
            let even = days.lowerBound + days.count * index / parts
            if let cut = monthStarts.min(by: { abs($0 - even) < abs($1 - even) }), cut > bounds[bounds.count - 1] { bounds.append(cut) }
        }
        bounds.append(days.upperBound)
        return zip(bounds, bounds.dropFirst()).map { $0..<$1 }.filter { !$0.isEmpty }
    }

    /// Summed counters of the days in `[from, to)` (either end open when nil), grouped by `day` or `value` (or not: key "").
    /// A closed period not grouped by day reads the whole months inside it from their monthly sums, and a month
    /// it covers only in part day by day, or as the whole month less the days left out when that reads fewer rows.
    private func sums(scope: String, dimension: String, value: String?, from: Int?, to: Int?, groupBy: String?) async throws -> [String: MetricCounters] {
        func read(_ table: String, _ from: Int?, _ to: Int?) async throws -> [String: MetricCounters] {
            try await sums(table, scope: scope, dimension: dimension, value: value, from: from, to: to, groupBy: groupBy)
        }
        guard groupBy != "day", let from, let to, from < to else { return try await read("metric_daily", from, to) }
        let startOfFirst = MetricGranularity.month.bucket(of: from)
        let firstWholeMonth = startOfFirst == from ? from : nextBucket(after: startOfFirst, .month)
        let endOfWholeMonths = MetricGranularity.month.bucket(of: to)
        var result: [String: MetricCounters] = [:]
        let edges: [(Int, Int)]
        if firstWholeMonth <= endOfWholeMonths {
            if firstWholeMonth < endOfWholeMonths { result = try await read("metric_monthly", firstWholeMonth, endOfWholeMonths) }
            edges = [(from, firstWholeMonth), (endOfWholeMonths, to)]
        } else {
            edges = [(from, to)]  // inside one month
        }
        var complemented = false
        for (edgeFrom, edgeTo) in edges where edgeFrom < edgeTo {
            // The last 30 days from the 4th of November read November as the whole month less the 1st to the
            // 3rd: 3 days of rows instead of 27.
            let monthStart = MetricGranularity.month.bucket(of: edgeFrom)
            let monthEnd = nextBucket(after: monthStart, .month)
            if 2 * (edgeTo - edgeFrom) > monthEnd - monthStart {
                result.merge(try await read("metric_monthly", monthStart, monthEnd), uniquingKeysWith: +)
                for (outsideFrom, outsideTo) in [(monthStart, edgeFrom), (edgeTo, monthEnd)] where outsideFrom < outsideTo {
                    result.merge(try await read("metric_daily", outsideFrom, outsideTo).mapValues { MetricCounters() - $0 }, uniquingKeysWith: +)
                }
                complemented = true
            } else {
                result.merge(try await read("metric_daily", edgeFrom, edgeTo), uniquingKeysWith: +)
            }
        }
        // A value busy only on the days taken away nets to nothing: it had no rows in the period.
        return complemented ? result.filter { !$0.value.isZero } : result
    }

    /// Summed counters of the rows of `table` (`metric_daily`, or `metric_monthly` keyed by each month's first day) in `[from, to)`.
    private func sums(_ table: String, scope: String, dimension: String, value: String?, from: Int?, to: Int?, groupBy: String?) async throws -> [String: MetricCounters] {
        let select = sql.select().from(table)
            .where("workspace_id", .equal, workspaceID).where("scope", .equal, scope).where("dimension", .equal, dimension)
        if let value { select.where("value", .equal, value) }
        if let from { select.where("day", .greaterThanOrEqual, Int64(from)) }
        if let to { select.where("day", .lessThan, Int64(to)) }
        if let groupBy { select.column(SQLIdentifier(groupBy)).groupBy(groupBy) }
        select.column(SQLRaw("\(Self.packed(sum: true)) AS counters"))
        var result: [String: MetricCounters] = [:]
        for row in try await select.all() {
            let key: String
            switch groupBy {
            case "day": key = String(try row.decode(column: "day", as: Int64.self))
            case "value": key = try row.decode(column: "value", as: String.self)
            default: key = ""
            }
            let counters = Self.counters(try row.decode(column: "counters", as: String?.self))
            if groupBy == nil, counters.isZero { continue }
            result[key] = counters
        }
        return result
    }

    /// All counters of a row as one text column, "12 0 3 ...": decoding one column instead of 22 per row
    /// is what keeps a breakdown with thousands of values (products) fast; the sums stay in SQL.
    private static func packed(sum: Bool) -> String {
        MetricCounters.columns.map { sum ? "CAST(sum(\($0)) AS BIGINT)" : $0 }.joined(separator: " || ' ' || ")
    }

    /// Reads `packed`; no rows (NULL) is zero.
    private static func counters(_ text: String?) -> MetricCounters {
        guard let text else { return MetricCounters() }
        let values = text.split(separator: " ").map { Int64($0) ?? 0 }
        return values.count == MetricCounters.columns.count ? MetricCounters(values: values) : MetricCounters()
    }

    /// Display names of agents and teams; other dimensions show their values.
    private func labels(_ dimension: MetricDimension) async throws -> [String: String] {
        let table: String
        switch dimension {
        case .agent: table = "users"
        case .team: table = "teams"
        default: return [:]
        }
        var labels: [String: String] = [:]
        for row in try await sql.select().columns("id", "name").from(table).where("workspace_id", .equal, workspaceID).all() {
            labels[try row.decode(column: "id", as: UUID.self).uuidString] = try row.decode(column: "name", as: String.self)
        }
        return labels
    }
}
