import Fluent
import Foundation
import RapportCore
import SQLKit
import Vapor

/// /api/v1/improvements: what the team decided to change, and how the linked metric moved once done.
struct ImprovementsAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let improvements = routes.grouped("improvements")
        let agents = improvements.requiring(.agent)
        agents.get(use: list)
        agents.get(":id", use: show)
        let supervisors = improvements.requiring(.supervisor)
        supervisors.post(use: create)
        supervisors.patch(":id", use: update)
    }

    func list(req: Request) async throws -> Page<ImprovementResponse> {
        let store = ImprovementStore(db: req.db, workspaceID: try req.workspaceID)
        var items: [ImprovementResponse] = []
        for row in try await store.list() {
            items.append(ImprovementResponse(row, impact: try await store.impact(of: row, now: req.clock.now)))
        }
        return Page(items: items, nextCursor: nil)
    }

    func show(req: Request) async throws -> ImprovementResponse {
        let store = ImprovementStore(db: req.db, workspaceID: try req.workspaceID)
        let row = try await store.find(try req.requireUUID("id"))
        return ImprovementResponse(row, impact: try await store.impact(of: row, now: req.clock.now))
    }

    func create(req: Request) async throws -> Response {
        let input = try req.content.decode(ImprovementInput.self)
        let now = req.clock.now
        var row = ImprovementRow(
            id: TimeOrderedID.make(now: now), workspaceID: try req.workspaceID, title: "", reason: "", ownerID: nil, insightKey: nil, theme: nil,
            metric: .csat, breakdown: nil, breakdownValue: nil, dueOn: nil, status: .planned, doneAt: nil, createdAt: now, updatedAt: now)
        try await apply(input, to: &row, creating: true, req: req)
        try await ImprovementStore(db: req.db, workspaceID: row.workspaceID).insert(row)
        return try await ImprovementResponse(row, impact: nil).encodeResponse(status: .created, for: req)
    }

    func update(req: Request) async throws -> ImprovementResponse {
        let store = ImprovementStore(db: req.db, workspaceID: try req.workspaceID)
        var row = try await store.find(try req.requireUUID("id"))
        let input = try req.content.decode(ImprovementInput.self)
        try await apply(input, to: &row, creating: false, req: req)
        try await store.save(row)
        return ImprovementResponse(row, impact: try await store.impact(of: row, now: req.clock.now))
    }

    /// Validates the input and changes `row`; an action linked to an insight is measured on the insight's category or product.
    private func apply(_ input: ImprovementInput, to row: inout ImprovementRow, creating: Bool, req: Request) async throws {
        var errors = FieldErrors()
        if creating || input.title != nil { row.title = errors.requireText("title", input.title, maxLength: 200) }
        if creating || input.reason != nil { row.reason = errors.requireText("reason", input.reason, maxLength: 2_000) }
        if creating || input.metric != nil {
            if input.metric == nil { errors.add("metric", "is required: " + MetricName.allCases.map(\.rawValue).joined(separator: ", ")) }
            if let metric = errors.choice("metric", input.metric, as: MetricName.self) { row.metric = metric }
        }
        if let key = input.insightKey { row.insightKey = errors.optionalText("insight_key", key, maxLength: 400) }
        if let theme = input.theme { row.theme = errors.optionalText("theme", theme, maxLength: 200) }
        if let raw = input.breakdown { row.breakdown = raw.isEmpty ? nil : errors.choice("breakdown", raw, as: MetricDimension.self) }
        if let value = input.breakdownValue { row.breakdownValue = errors.optionalText("breakdown_value", value, maxLength: 200) }
        if creating, input.breakdown == nil, let key = row.insightKey {
            // "category=product_defect|product=Mower X": measure the category, else the product.
            let parts = Dictionary(key.split(separator: "|").compactMap { part -> (String, String)? in
                let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
                return pair.count == 2 ? (pair[0], pair[1]) : nil
            }, uniquingKeysWith: { first, _ in first })
            if let category = parts["category"] { (row.breakdown, row.breakdownValue) = (.category, category) }
            else if let product = parts["product"] { (row.breakdown, row.breakdownValue) = (.product, product) }
        }
        if (row.breakdown == nil) != (row.breakdownValue == nil) { errors.add("breakdown_value", "goes with breakdown: give both or neither") }
        if let raw = input.dueOn {
            if raw.isEmpty { row.dueOn = nil } else if LocalDate(raw) != nil { row.dueOn = raw } else { errors.add("due_on", "must be a date such as 2026-12-31") }
        }
        if let owner = input.ownerID {
            let exists = try await (req.db as! any SQLDatabase).select().column("id").from("users")
                .where("workspace_id", .equal, row.workspaceID).where("id", .equal, owner).first() != nil
            if exists { row.ownerID = owner } else { errors.add("owner_id", "is not a user of this workspace") }
        }
        if let raw = input.status, let status = errors.choice("status", raw, as: ImprovementStatus.self), status != row.status {
            row.status = status
            row.doneAt = status == .done ? req.clock.now : nil
        }
        try errors.throwIfAny()
        row.updatedAt = req.clock.now
    }
}

struct ImprovementInput: Content {
    var title: String?
    var reason: String?
    var ownerID: UUID?
    var insightKey: String?
    var theme: String?
    var metric: String?
    var breakdown: String?
    var breakdownValue: String?
    var dueOn: String?
    var status: String?

    enum CodingKeys: String, CodingKey {
        case title, reason, theme, metric, breakdown, status
        case ownerID = "owner_id", insightKey = "insight_key", breakdownValue = "breakdown_value", dueOn = "due_on"
    }
}

struct ImprovementResponse: Content {
    struct Impact: Content {
        var beforeFrom: String
        var beforeTo: String
        var afterFrom: String
        var afterTo: String
        var before: Double?
        var after: Double?
        var change: Double?
        var beforeBasis: Int64
        var afterBasis: Int64

        enum CodingKeys: String, CodingKey {
            case before, after, change
            case beforeFrom = "before_from", beforeTo = "before_to", afterFrom = "after_from", afterTo = "after_to"
            case beforeBasis = "before_basis", afterBasis = "after_basis"
        }
    }

    var id: UUID
    var title: String
    var reason: String
    var ownerID: UUID?
    var insightKey: String?
    var theme: String?
    var metric: String
    var breakdown: String?
    var breakdownValue: String?
    var dueOn: String?
    var status: ImprovementStatus
    var doneAt: Date?
    var createdAt: Date
    var impact: Impact?

    enum CodingKeys: String, CodingKey {
        case id, title, reason, theme, metric, breakdown, status, impact
        case ownerID = "owner_id", insightKey = "insight_key", breakdownValue = "breakdown_value", dueOn = "due_on"
        case doneAt = "done_at", createdAt = "created_at"
    }

    init(_ row: ImprovementRow, impact: ImprovementImpact?) {
        (id, title, reason, ownerID, insightKey, theme) = (row.id, row.title, row.reason, row.ownerID, row.insightKey, row.theme)
        (metric, breakdown, breakdownValue, dueOn) = (row.metric.rawValue, row.breakdown?.rawValue, row.breakdownValue, row.dueOn)
        (status, doneAt, createdAt) = (row.status, row.doneAt, row.createdAt)
        self.impact = impact.map { impact in
            Impact(
                beforeFrom: MetricDay.text(impact.windows.beforeFrom), beforeTo: MetricDay.text(impact.windows.beforeTo - 1),
                afterFrom: MetricDay.text(impact.windows.afterFrom), afterTo: MetricDay.text(impact.windows.afterTo - 1),
                before: impact.before, after: impact.after,
                change: impact.before.flatMap { before in impact.after.map { ($0 - before) * 100 / 100 } },
                beforeBasis: impact.beforeBasis, afterBasis: impact.afterBasis)
        }
    }
}
