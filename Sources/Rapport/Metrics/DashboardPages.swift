import Fluent
import Foundation
import RapportCore
import Vapor

/// `/dashboard`: the headline figures against their targets, trends as server-drawn SVG charts and a
/// breakdown table per dimension, for a period, granularity and team. Agents see only their own figures
/// and feedback (`/dashboard/me`); supervisors and admins see everyone's and can pick an agent.
/// Every figure links to `/dashboard/tickets`, the tickets behind it; every table exports as CSV.
struct DashboardPages: RouteCollection {
    struct Headline: Encodable, Sendable {
        var id: String
        var label: String
        var value: String
        var target: String
        /// "meets", "misses" or "none"; the text says it too, colour is never the only signal.
        var status: String
        var statusText: String
        var basis: String
        var href: String
    }

    struct Cell: Encodable, Sendable {
        var text: String
        var href: String?
    }

    struct TableRow: Encodable, Sendable {
        var label: String
        var cells: [Cell]
    }

    struct Table: Encodable, Sendable {
        var id: String
        var title: String
        var columns: [String]
        var rows: [TableRow]
        var exportHref: String
        /// Said when the table shows only the busiest values.
        var note: String?
    }

    /// A table on the page shows at most this many values (a desk can have thousands of products); the CSV has all.
    static let tableLimit = 100

    struct Comment: Encodable, Sendable {
        var score: String
        var comment: String
        var at: String
        var ticketHref: String?
    }

    struct DashboardPage: Encodable, Sendable {
        var heading: String
        var from: String
        var to: String
        var granularities: [WebOption]
        var teams: [WebOption]
        var agents: [WebOption]
        var canPickAgent: Bool
        var headlines: [Headline]
        var charts: [DashboardChart]
        var tables: [Table]
        var overviewExport: String
        var seriesExport: String
        var showsFeedback: Bool
        var comments: [Comment]
        var problems: FormProblems
    }

    func boot(routes: any RoutesBuilder) throws {
        let dashboard = routes.grouped(RequireRole(minimum: .agent)).grouped("dashboard")
        dashboard.get(use: show)
        dashboard.get("me", use: { req in req.redirect(to: "/dashboard?agent_id=me", redirectType: .normal) })
        dashboard.get("tickets", use: tickets)
        dashboard.get("export.csv", use: export)
    }

    func show(req: Request) async throws -> Response {
        do {
            return try await render(req, problems: .none, status: .ok)
        } catch let error as APIError where error.status == .unprocessableEntity {
            // Bad filters: the page says what was wrong and shows the default period.
            let agent: String? = req.query["agent_id"]
            req.url.query = agent.flatMap { UUID(uuidString: $0) != nil || $0 == "me" ? "agent_id=\($0)" : nil }
            return try await render(req, problems: FormProblems(error), status: error.status)
        }
    }

    private func render(_ req: Request, problems: FormProblems, status: HTTPStatus) async throws -> Response {
        let actor = try req.actor
        var query = try MetricsQuery.parse(req)
        query.breakdown = nil
        query.metrics = MetricName.allCases
        let dashboard = try await MetricsDashboard.compute(MetricsStore(req: req, workspaceID: actor.workspaceID), query: query)
        let users = try await req.people.users()
        let teams = try await req.people.teams()
        let links = DashboardLinks(query: query)

        let headlines = DashboardHeadlines.metrics.map { metric in
            let value = dashboard.overview.totals.values[metric] ?? nil
            let target = DashboardHeadlines.targets[metric]
            let met = target?.met(by: value)
            return Headline(
                id: metric.rawValue, label: DashboardHeadlines.label(metric), value: PrincipalReport.format(metric, value),
                target: target.map { "Target: \($0.text)" } ?? "No target",
                status: met.map { $0 ? "meets" : "misses" } ?? "none",
                statusText: met.map { $0 ? "Meets target" : "Misses target" } ?? (target == nil ? "" : "Nothing to measure"),
                basis: "\(dashboard.overview.totals.basis[metric] ?? 0) " + (metric == .csat || metric == .nps ? "answers" : "tickets"),
                href: links.tickets(metric))
        }
        let charts = DashboardHeadlines.metrics.map { metric in
            DashboardChart(metric: metric, granularity: query.granularity,
                           points: dashboard.overview.series.map { ($0.startDay, $0.figures.values[metric] ?? nil) },
                           target: DashboardHeadlines.targets[metric])
        }
        let tables = dashboard.breakdowns.map { dimension, all in
            let rows = all.count <= Self.tableLimit ? all : Array(all.sorted {
                ($0.figures.basis[.contactVolume] ?? 0, $1.label) > ($1.figures.basis[.contactVolume] ?? 0, $0.label)
            }.prefix(Self.tableLimit))
            return Table(id: "by-" + dimension.rawValue, title: "By " + DashboardHeadlines.label(dimension).lowercased(),
                  columns: [DashboardHeadlines.label(dimension)] + DashboardHeadlines.tableMetrics.map(DashboardHeadlines.label),
                  rows: rows.map { row in
                      TableRow(label: row.label, cells: DashboardHeadlines.tableMetrics.map { metric in
                          let value = row.figures.values[metric] ?? nil
                          return Cell(text: PrincipalReport.format(metric, value),
                                      href: (row.figures.basis[metric] ?? 0) > 0 ? links.tickets(metric, dimension: dimension, value: row.value) : nil)
                      })
                  },
                  exportHref: links.export(dimension.rawValue),
                  note: all.count > Self.tableLimit ? "The \(Self.tableLimit) values with the most contacts of \(all.count); the CSV export has them all." : nil)
        }

        var comments: [Comment] = []
        if let agent = query.agentID {
            let filter = FeedbackStore.Filter(agentID: agent, from: MetricDay.start(query.fromDay), to: MetricDay.start(query.toDay))
            comments = try await FeedbackStore(db: req.db, workspaceID: actor.workspaceID).list(filter, limit: 50, offset: 0).map {
                Comment(score: $0.score.map { "\($0)" } ?? "—", comment: $0.comment.isEmpty ? "(no comment)" : $0.comment,
                        at: WebFormat.time($0.receivedAt), ticketHref: $0.ticketID.map { "/tickets/\($0)" })
            }
        }
        let agentName = query.agentID.flatMap { id in users.first { $0.id == id }?.name }
        let heading = query.agentID == actor.userID ? "Your figures" : agentName.map { "Figures of \($0)" } ?? "Service dashboard"
        let page = DashboardPage(
            heading: heading, from: MetricDay.text(query.fromDay), to: MetricDay.text(query.toDay - 1),
            granularities: WebOption.all(MetricGranularity.self, selected: query.granularity.rawValue),
            teams: [WebOption(value: "", label: "All teams", selected: query.teamID == nil)]
                + teams.map { WebOption(value: $0.id!.uuidString, label: $0.name, selected: $0.id == query.teamID) },
            agents: [WebOption(value: "", label: "Everyone", selected: query.agentID == nil)]
                + users.filter { $0.role != .viewer }.map { WebOption(value: $0.id!.uuidString, label: $0.name, selected: $0.id == query.agentID) },
            canPickAgent: actor.role >= .supervisor,
            headlines: headlines, charts: charts, tables: tables,
            overviewExport: links.export("overview"), seriesExport: links.export("series"),
            showsFeedback: query.agentID != nil, comments: comments, problems: problems)
        return try await req.renderPage("dashboard/index", title: heading, section: "dashboard", page, status: status)
    }
}

/// The dashboard's links: the same filters carried to the ticket lists and the CSV export.
struct DashboardLinks {
    var query: MetricsQuery

    private var base: [URLQueryItem] {
        var items = [URLQueryItem(name: "from", value: MetricDay.text(query.fromDay)), URLQueryItem(name: "to", value: MetricDay.text(query.toDay - 1)),
                     URLQueryItem(name: "granularity", value: query.granularity.rawValue)]
        if let team = query.teamID { items.append(URLQueryItem(name: "team_id", value: team.uuidString)) }
        if let agent = query.agentID { items.append(URLQueryItem(name: "agent_id", value: agent.uuidString)) }
        return items
    }

    private func url(_ path: String, _ items: [URLQueryItem]) -> String {
        var components = URLComponents()
        components.path = path
        components.queryItems = items
        // A "+" in a value (a product name) must not read back as a space.
        return (components.string ?? path).replacingOccurrences(of: "+", with: "%2B")
    }

    func tickets(_ metric: MetricName, dimension: MetricDimension? = nil, value: String? = nil) -> String {
        var items = base + [URLQueryItem(name: "metrics", value: metric.rawValue)]
        if let dimension { items += [URLQueryItem(name: "breakdown", value: dimension.rawValue), URLQueryItem(name: "value", value: value ?? "")] }
        return url("/dashboard/tickets", items)
    }

    func dashboard() -> String { url("/dashboard", base) }

    func export(_ table: String) -> String {
        url("/dashboard/export.csv", base + [URLQueryItem(name: "table", value: table)])
    }
}
