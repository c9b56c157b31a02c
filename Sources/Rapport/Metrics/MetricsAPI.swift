import Fluent
import Foundation
import RapportCore
import Vapor

/// GET /api/v1/metrics: any metric, for any period, by day, week or month, with a breakdown.
struct MetricsAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.requiring(.agent).get("metrics", use: metrics)
    }

    func metrics(req: Request) async throws -> MetricsResponse {
        let query = try MetricsQuery.parse(req)
        let result = try await MetricsStore(req: req, workspaceID: try req.workspaceID).run(query)
        return MetricsResponse(result)
    }
}

extension MetricsQuery {
    /// Reads the query parameters shared by the API, the dashboard and the exports. Agents see only their own figures.
    static func parse(_ req: Request) throws -> MetricsQuery {
        let actor = try req.actor
        var errors = FieldErrors()
        let (from, to) = req.metricPeriod(into: &errors, atMostThreeYears: true)
        var query = MetricsQuery(fromDay: from, toDay: to + 1)
        if let raw: String = req.query["metrics"], !raw.isEmpty {
            query.metrics = raw.split(separator: ",").compactMap { errors.choice("metrics", String($0).trimmed, as: MetricName.self) }
        }
        query.granularity = errors.choice("granularity", req.query["granularity"], as: MetricGranularity.self) ?? .day
        query.breakdown = errors.choice("breakdown", req.query["breakdown"], as: MetricDimension.self)
        for (field, keyPath) in [("team_id", \MetricsQuery.teamID), ("agent_id", \MetricsQuery.agentID)] {
            guard let raw: String = req.query[field], !raw.isEmpty else { continue }
            if raw == "me" { query[keyPath: keyPath] = actor.userID } else if let id = UUID(uuidString: raw) { query[keyPath: keyPath] = id } else { errors.add(field, "must be an id") }
        }
        if query.agentID != nil, query.breakdown != nil { errors.add("breakdown", "cannot be combined with agent_id") }
        try errors.throwIfAny()
        if actor.role < .supervisor {
            if let agent = query.agentID, agent != actor.userID { throw APIError.forbidden(needs: Role.supervisor.rawValue) }
            if query.breakdown != nil { throw APIError.forbidden(needs: Role.supervisor.rawValue) }
            query.agentID = actor.userID
        }
        return query
    }
}

extension MetricDay {
    /// The UTC day number of a calendar date.
    static func of(local date: LocalDate) -> Int? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let start = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day)) else { return nil }
        return of(start)
    }

    /// "YYYY-MM-DD" of a day number.
    static func text(_ day: Int) -> String {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: start(day))
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}

/// The figures as JSON: metric names to numbers (null when there is nothing to measure).
struct MetricsResponse: Content {
    struct Figures: Content {
        var values: [String: Double?]
        var basis: [String: Int64]
    }
    struct Bucket: Content {
        var start: String
        var values: [String: Double?]
        var basis: [String: Int64]
    }
    struct Row: Content {
        var value: String
        var label: String
        var values: [String: Double?]
        var basis: [String: Int64]
    }

    var from: String
    var to: String
    var granularity: String
    var breakdown: String?
    var teamID: UUID?
    var agentID: UUID?
    var metrics: [String]
    var totals: Figures
    var series: [Bucket]
    var rows: [Row]

    enum CodingKeys: String, CodingKey {
        case from, to, granularity, breakdown, metrics, totals, series, rows
        case teamID = "team_id", agentID = "agent_id"
    }

    init(_ result: MetricsResult) {
        func values(_ figures: MetricsResult.Figures) -> [String: Double?] {
            Dictionary(uniqueKeysWithValues: figures.values.map { ($0.key.rawValue, $0.value) })
        }
        func basis(_ figures: MetricsResult.Figures) -> [String: Int64] {
            Dictionary(uniqueKeysWithValues: figures.basis.map { ($0.key.rawValue, $0.value) })
        }
        from = MetricDay.text(result.query.fromDay)
        to = MetricDay.text(result.query.toDay - 1)
        granularity = result.query.granularity.rawValue
        breakdown = result.query.breakdown?.rawValue
        teamID = result.query.teamID
        agentID = result.query.agentID
        metrics = result.query.metrics.map(\.rawValue)
        totals = Figures(values: values(result.totals), basis: basis(result.totals))
        series = result.series.map { Bucket(start: MetricDay.text($0.startDay), values: values($0.figures), basis: basis($0.figures)) }
        rows = result.breakdown.map { Row(value: $0.value, label: $0.label, values: values($0.figures), basis: basis($0.figures)) }
    }
}

extension Request {
    /// `from` and `to` as metric days, `to` included; by default the 30 days up to today. Errors name the field.
    func metricPeriod(into errors: inout FieldErrors, atMostThreeYears: Bool) -> (from: Int, to: Int) {
        func day(_ field: String) -> Int? {
            guard let raw: String = query[field], !raw.isEmpty else { return nil }
            guard let date = LocalDate(raw), let day = MetricDay.of(local: date) else {
                errors.add(field, "must be a date such as 2026-11-30")
                return nil
            }
            return day
        }
        let to = day("to") ?? MetricDay.of(clock.now)
        let from = day("from") ?? (to - 29)
        if to < from { errors.add("to", "must not be before from") }
        if atMostThreeYears, to - from > 3 * 366 { errors.add("from", "the period may be at most three years") }
        return (from, to)
    }
}
