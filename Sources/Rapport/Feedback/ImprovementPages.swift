import Fluent
import Foundation
import RapportCore
import Vapor

/// `/improvements`: the actions, how their metric moved once done, and (supervisors) forms to add and move them.
struct ImprovementPages: RouteCollection {
    struct Row: Encodable, Sendable {
        var id: String
        var title: String
        var reason: String
        var link: String
        var metric: String
        var owner: String
        var due: String
        var status: String
        var statuses: [WebOption]
        var impact: String
    }

    struct ImprovementsPage: Encodable, Sendable {
        var rows: [Row]
        var canEdit: Bool
        var title: String
        var insightKey: String
        var theme: String
        var metrics: [WebOption]
        var owners: [WebOption]
        var problems: FormProblems
    }

    func boot(routes: any RoutesBuilder) throws {
        let agents = routes.grouped("improvements").grouped(RequireRole(minimum: .agent))
        agents.get(use: { req in try await show(req, problems: .none, status: .ok) })
        let supervisors = agents.grouped(RequireRole(minimum: .supervisor))
        supervisors.post(use: create)
        supervisors.post(":id", "status", use: changeStatus)
    }

    func show(_ req: Request, problems: FormProblems, status: HTTPStatus) async throws -> Response {
        let actor = try req.actor
        let items = try await req.callAPI(.GET, ImprovementsAPI().list).items
        let users = try await User.query(on: req.db).filter(\User.$workspaceID == actor.workspaceID).all()
        let names = Dictionary(uniqueKeysWithValues: users.compactMap { user in user.id.map { ($0, user.name) } })
        let rows = items.map { item in
            Row(id: item.id.uuidString, title: item.title, reason: item.reason,
                link: [item.insightKey.map { "insight: \($0)" }, item.theme.map { "theme: \($0)" }].compactMap { $0 }.joined(separator: "; "),
                metric: WebFormat.label(item.metric) + (item.breakdownValue.map { " (\(WebFormat.label(item.breakdown ?? "")) \($0))" } ?? ""),
                owner: item.ownerID.flatMap { names[$0] } ?? "—", due: item.dueOn ?? "—", status: WebFormat.label(item.status.rawValue),
                statuses: WebOption.all(ImprovementStatus.self, selected: item.status.rawValue),
                impact: Self.impactText(item))
        }
        let page = ImprovementsPage(
            rows: rows, canEdit: actor.role >= .supervisor,
            title: req.query["title"] ?? "", insightKey: req.query["insight_key"] ?? "", theme: req.query["theme"] ?? "",
            metrics: WebOption.all(MetricName.self, selected: MetricName.csat.rawValue),
            owners: [WebOption(value: "", label: "Nobody yet", selected: true)] + users.filter { $0.active }.map { WebOption(value: $0.id!.uuidString, label: $0.name, selected: false) },
            problems: problems)
        return try await req.renderPage("feedback/improvements", title: "Improvements", section: "feedback", page, status: status)
    }

    /// "CSAT 62 → 81 (+19) over 14 days before and after (from 8 and 11 answers)".
    static func impactText(_ item: ImprovementResponse) -> String {
        guard let impact = item.impact else { return item.status == .done ? "Measured once a full day has passed." : "" }
        func number(_ value: Double?) -> String {
            guard let value else { return "no data" }
            return value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
        }
        let change = impact.change.map { ($0 >= 0 ? " (+" : " (") + number($0) + ")" } ?? ""
        return "\(WebFormat.label(item.metric)) \(number(impact.before)) → \(number(impact.after))\(change): \(impact.beforeFrom) to \(impact.beforeTo) against \(impact.afterFrom) to \(impact.afterTo)"
    }

    func create(req: Request) async throws -> Response {
        var fields: [(String, JSONValue)] = []
        for name in ["title", "reason", "metric", "insight_key", "theme", "due_on", "owner_id"] {
            if let value = req.formText(name) { fields.append((name, .string(value))) }
        }
        do {
            _ = try await req.callAPI(.POST, json: .object(fields), ImprovementsAPI().create)
        } catch let error as APIError where error.status == .unprocessableEntity {
            return try await show(req, problems: FormProblems(error), status: error.status)
        }
        return req.redirect(to: "/improvements?notice=created", redirectType: .normal)
    }

    func changeStatus(req: Request) async throws -> Response {
        let status = req.formText("status") ?? ""
        do {
            _ = try await req.callAPI(.PATCH, json: .object([("status", .string(status))]), ImprovementsAPI().update)
        } catch let error as APIError where error.status == .unprocessableEntity {
            return try await show(req, problems: FormProblems(error), status: error.status)
        }
        return req.redirect(to: "/improvements?notice=updated", redirectType: .normal)
    }
}
