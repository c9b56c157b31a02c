import Fluent
import Foundation
import RapportCore
import SQLKit

/// An improvement action as stored.
struct ImprovementRow: Sendable {
    var id: UUID
    var workspaceID: UUID
    var title: String
    var reason: String
    var ownerID: UUID?
    var insightKey: String?
    var theme: String?
    var metric: MetricName
    var breakdown: MetricDimension?
    var breakdownValue: String?
    var dueOn: String?
    var status: ImprovementStatus
    var doneAt: Date?
    var createdAt: Date
    var updatedAt: Date

    static let columns = [
        "id", "workspace_id", "title", "reason", "owner_id", "insight_key", "theme", "metric", "breakdown", "breakdown_value",
        "due_on", "status", "done_at", "created_at", "updated_at",
    ]

    var values: [any Encodable & Sendable] {
        [id, workspaceID, title, reason, ownerID, insightKey, theme, metric.rawValue, breakdown?.rawValue, breakdownValue,
         dueOn, status.rawValue, doneAt, createdAt, updatedAt]
    }

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: UUID.self)
        workspaceID = try row.decode(column: "workspace_id", as: UUID.self)
        title = try row.decode(column: "title", as: String.self)
        reason = try row.decode(column: "reason", as: String.self)
        ownerID = try row.decode(column: "owner_id", as: UUID?.self)
        insightKey = try row.decode(column: "insight_key", as: String?.self)
        theme = try row.decode(column: "theme", as: String?.self)
        metric = try row.decodeEnum("metric")
        breakdown = try row.decode(column: "breakdown", as: String?.self).flatMap(MetricDimension.init(rawValue:))
        breakdownValue = try row.decode(column: "breakdown_value", as: String?.self)
        dueOn = try row.decode(column: "due_on", as: String?.self)
        status = try row.decodeEnum("status")
        doneAt = try row.decode(column: "done_at", as: Date?.self)
        createdAt = try row.decode(column: "created_at", as: Date.self)
        updatedAt = try row.decode(column: "updated_at", as: Date.self)
    }

    init(id: UUID, workspaceID: UUID, title: String, reason: String, ownerID: UUID?, insightKey: String?, theme: String?, metric: MetricName,
         breakdown: MetricDimension?, breakdownValue: String?, dueOn: String?, status: ImprovementStatus, doneAt: Date?, createdAt: Date, updatedAt: Date) {
        (self.id, self.workspaceID, self.title, self.reason, self.ownerID) = (id, workspaceID, title, reason, ownerID)
        (self.insightKey, self.theme, self.metric, self.breakdown, self.breakdownValue) = (insightKey, theme, metric, breakdown, breakdownValue)
        (self.dueOn, self.status, self.doneAt, self.createdAt, self.updatedAt) = (dueOn, status, doneAt, createdAt, updatedAt)
    }
}

/// The linked metric over equal periods before and after the action was done.
struct ImprovementImpact: Sendable {
    var windows: ImprovementWindows
    var before: Double?
    var after: Double?
    var beforeBasis: Int64
    var afterBasis: Int64
}

/// The improvement actions of one workspace.
struct ImprovementStore {
    let db: any Database
    let workspaceID: UUID
    private var sql: any SQLDatabase { db as! any SQLDatabase }

    func list() async throws -> [ImprovementRow] {
        try await sql.select().columns(ImprovementRow.columns.map { SQLIdentifier($0) }).from("improvement_actions")
            .where("workspace_id", .equal, workspaceID).orderBy("created_at", .descending).orderBy("id", .descending).limit(500).all()
            .map(ImprovementRow.init(row:))
    }

    func find(_ id: UUID) async throws -> ImprovementRow {
        guard let row = try await sql.select().columns(ImprovementRow.columns.map { SQLIdentifier($0) }).from("improvement_actions")
            .where("workspace_id", .equal, workspaceID).where("id", .equal, id).first() else { throw APIError.notFound("improvement") }
        return try ImprovementRow(row: row)
    }

    func insert(_ row: ImprovementRow) async throws {
        try await sql.insertRows([row.values], into: "improvement_actions", columns: ImprovementRow.columns)
    }

    func save(_ row: ImprovementRow) async throws {
        let update = sql.update("improvement_actions").where("workspace_id", .equal, workspaceID).where("id", .equal, row.id)
        for (column, value) in zip(ImprovementRow.columns, row.values) where column != "id" && column != "workspace_id" && column != "created_at" {
            update.set(SQLIdentifier(column), to: SQLBind(value))
        }
        try await update.run()
    }

    /// How the linked metric moved: the metrics' own computation over the two windows (a breakdown row when the action names one).
    func impact(of row: ImprovementRow, now: Date) async throws -> ImprovementImpact? {
        guard row.status == .done, let doneAt = row.doneAt,
              let windows = ImprovementWindows.around(doneDay: MetricDay.of(doneAt), today: MetricDay.of(now)) else { return nil }
        let metrics = MetricsStore(db: db, workspaceID: workspaceID, now: now)
        func figure(from: Int, to: Int) async throws -> (Double?, Int64) {
            var query = MetricsQuery(metrics: [row.metric], fromDay: from, toDay: to)
            query.breakdown = row.breakdownValue == nil ? nil : row.breakdown
            let result = try await metrics.run(query)
            let figures = query.breakdown == nil ? result.totals : result.breakdown.first { $0.value == row.breakdownValue }?.figures
            return ((figures?.values[row.metric] ?? nil), figures?.basis[row.metric] ?? 0)
        }
        let before = try await figure(from: windows.beforeFrom, to: windows.beforeTo)
        let after = try await figure(from: windows.afterFrom, to: windows.afterTo)
        return ImprovementImpact(windows: windows, before: before.0, after: after.0, beforeBasis: before.1, afterBasis: after.1)
    }
}
