import Fluent
import Foundation
import RapportCore
import Vapor

/// GET /api/v1/insights (complaint surges of a week) and GET /api/v1/feedback/themes (frequent terms and phrases).
struct InsightsAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let agents = routes.requiring(.agent)
        agents.get("insights", use: insights)
        agents.get("feedback", "themes", use: themes)
    }

    /// `week`: any day of the week to look at (weeks start on Monday, UTC); default the current week.
    func insights(req: Request) async throws -> InsightsResponse {
        var errors = FieldErrors()
        let today = MetricDay.of(req.clock.now)
        var day = today
        if let raw: String = req.query["week"], !raw.isEmpty {
            if let date = LocalDate(raw), let parsed = MetricDay.of(local: date) { day = parsed } else { errors.add("week", "must be a date such as 2026-11-30") }
        }
        try errors.throwIfAny()
        let report = try await Self.insights(weekOf: day, req: req)
        return report
    }

    static func insights(weekOf day: Int, req: Request) async throws -> InsightsResponse {
        let monday = MetricGranularity.week.bucket(of: day)
        let settings = ComplaintSurge.Settings()
        let store = InsightStore(db: req.db, workspaceID: try req.workspaceID)
        let weekStart = MetricDay.start(monday)
        let complaints = try await store.complaints(from: MetricDay.start(monday - 7 * settings.baselineWeeks), to: MetricDay.start(monday + 7))
        let found = ComplaintSurge.insights(complaints, weekStart: weekStart, settings: settings)
        let numbers = try await store.numbers(of: found.flatMap(\.ticketIDs))
        return InsightsResponse(
            weekStart: MetricDay.text(monday), weekEnd: MetricDay.text(monday + 6),
            items: found.map { insight in
                InsightsResponse.Item(
                    key: insight.key, category: insight.category, product: insight.product, count: insight.count,
                    usualWeekly: (insight.usualWeekly * 100).rounded() / 100, zScore: (insight.zScore * 100).rounded() / 100,
                    message: insight.message, ticketIDs: insight.ticketIDs, ticketNumbers: insight.ticketIDs.compactMap { numbers[$0] }.sorted())
            })
    }

    /// `from`/`to` (dates, `to` included; default the last 30 days), `product`, `category`,
    /// `source` (comments, complaints or all), `limit` (1 to 100).
    func themes(req: Request) async throws -> ThemesResponse {
        try await Self.themes(req: req)
    }

    static func themes(req: Request) async throws -> ThemesResponse {
        var errors = FieldErrors()
        let (from, to) = req.metricPeriod(into: &errors, atMostThreeYears: false)
        let source = errors.choice("source", req.query["source"], as: ThemeSource.self) ?? .all
        let product: String? = req.query["product"].flatMap { $0.isEmpty ? nil : $0 }
        let category: String? = req.query["category"].flatMap { $0.isEmpty ? nil : $0 }
        if let category, ComplaintCategory(rawValue: category) == nil { _ = errors.choice("category", category, as: ComplaintCategory.self) }
        var limit = 30
        if let raw: String = req.query["limit"] {
            if let value = Int(raw), (1...100).contains(value) { limit = value } else { errors.add("limit", "must be a whole number from 1 to 100") }
        }
        try errors.throwIfAny()
        let store = InsightStore(db: req.db, workspaceID: try req.workspaceID)
        let start = MetricDay.start(from), end = MetricDay.start(to + 1)
        var texts: [InsightStore.Text] = []
        if source != .complaints { texts += try await store.comments(from: start, to: end) }
        if source != .comments { texts += try await store.complaintMessages(from: start, to: end) }
        texts = texts.filter { (product == nil || $0.product == product) && (category == nil || $0.category == category) }
        let themes = FeedbackThemes.themes(in: texts.map(\.text), minimumCount: 2, limit: limit)
        return ThemesResponse(
            from: MetricDay.text(from), to: MetricDay.text(to), source: source.rawValue, product: product, category: category, texts: texts.count,
            themes: themes.map { theme in
                let tickets = Array(Set(theme.texts.compactMap { texts[$0].ticketID })).sorted { $0.uuidString < $1.uuidString }
                return ThemesResponse.Theme(phrase: theme.phrase, count: theme.count, ticketIDs: tickets)
            })
    }
}

/// Which texts the themes come from.
enum ThemeSource: String, CaseIterable, Sendable {
    case all, comments, complaints
}

struct InsightsResponse: Content {
    struct Item: Content {
        var key: String
        var category: String?
        var product: String?
        var count: Int
        var usualWeekly: Double
        var zScore: Double
        var message: String
        var ticketIDs: [UUID]
        var ticketNumbers: [Int64]

        enum CodingKeys: String, CodingKey {
            case key, category, product, count, message
            case usualWeekly = "usual_weekly", zScore = "z_score", ticketIDs = "ticket_ids", ticketNumbers = "ticket_numbers"
        }
    }

    var weekStart: String
    var weekEnd: String
    var items: [Item]

    enum CodingKeys: String, CodingKey {
        case items
        case weekStart = "week_start", weekEnd = "week_end"
    }
}

struct ThemesResponse: Content {
    struct Theme: Content {
        var phrase: String
        var count: Int
        var ticketIDs: [UUID]

        enum CodingKeys: String, CodingKey {
            case phrase, count
            case ticketIDs = "ticket_ids"
        }
    }

    var from: String
    var to: String
    var source: String
    var product: String?
    var category: String?
    var texts: Int
    var themes: [Theme]
}
