import Fluent
import Foundation
import RapportCore
import Vapor

/// `/insights`: this week's complaint surges with the tickets behind them, and the themes of a period.
struct InsightPages: RouteCollection {
    struct Insight: Encodable, Sendable {
        var message: String
        var tickets: [TicketLink]
        var improveHref: String
    }

    struct TicketLink: Encodable, Sendable {
        var label: String
        var href: String
    }

    struct Theme: Encodable, Sendable {
        var phrase: String
        var count: Int
        var tickets: [TicketLink]
        var improveHref: String
    }

    struct InsightsPage: Encodable, Sendable {
        var weekStart: String
        var weekEnd: String
        var insights: [Insight]
        var from: String
        var to: String
        var product: String
        var categories: [WebOption]
        var sources: [WebOption]
        var texts: Int
        var themes: [Theme]
        var problems: FormProblems
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(RequireRole(minimum: .agent)).get("insights", use: show)
    }

    func show(req: Request) async throws -> Response {
        do {
            return try await render(req, problems: .none, status: .ok)
        } catch let error as APIError where error.status == .unprocessableEntity {
            // Bad filters: the page shows what was wrong over the default period.
            req.url.query = nil
            return try await render(req, problems: FormProblems(error), status: error.status)
        }
    }

    private func render(_ req: Request, problems: FormProblems, status: HTTPStatus) async throws -> Response {
        do {
            let week = try await req.callAPI(.GET, InsightsAPI().insights)
            let themes = try await req.callAPI(.GET, InsightsAPI().themes)
            let numbers = try await InsightStore(db: req.db, workspaceID: try req.workspaceID).numbers(of: themes.themes.flatMap(\.ticketIDs))
            func links(_ ids: [UUID]) -> [TicketLink] {
                ids.prefix(30).map { TicketLink(label: numbers[$0].map { "#\($0)" } ?? "ticket", href: "/tickets/\($0)") }
            }
            func improve(_ field: String, _ value: String, title: String) -> String {
                "/improvements?\(field)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")&title=\(title.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
            }
            let page = InsightsPage(
                weekStart: week.weekStart, weekEnd: week.weekEnd,
                insights: week.items.map { item in
                    Insight(message: item.message,
                            tickets: zip(item.ticketIDs, item.ticketNumbers.count == item.ticketIDs.count ? item.ticketNumbers.map { "#\($0)" } : item.ticketIDs.map { _ in "ticket" })
                                .map { TicketLink(label: $0.1, href: "/tickets/\($0.0)") },
                            improveHref: improve("insight_key", item.key, title: "Act on: \(item.message)"))
                },
                from: themes.from, to: themes.to, product: themes.product ?? "",
                categories: WebOption.all(ComplaintCategory.self, selected: themes.category, none: "Any category"),
                sources: WebOption.all(ThemeSource.self, selected: themes.source),
                texts: themes.texts,
                themes: themes.themes.map { Theme(phrase: $0.phrase, count: $0.count, tickets: links($0.ticketIDs), improveHref: improve("theme", $0.phrase, title: "Act on \"\($0.phrase)\"")) },
                problems: problems)
            return try await req.renderPage("feedback/insights", title: "Insights", section: "feedback", page, status: status)
        }
    }
}
