import Fluent
import Foundation
import RapportCore
import SQLKit
import Vapor

/// A workspace's automation rule: when it looks (trigger), what must hold (conditions), what it does (actions).
struct AutomationRecord: Sendable {
    var id: UUID
    var workspaceID: UUID
    var name: String
    var active: Bool
    var position: Int
    var trigger: AutomationTrigger
    var time: TimeCondition?
    var conditions: AutomationConditions
    var actions: [AutomationAction]
    var createdAt: Date
    var updatedAt: Date

    static let table = "automations"
    static let columns = ["id", "workspace_id", "name", "active", "position", "trigger", "time_condition", "conditions", "actions", "created_at", "updated_at"]

    var columnValues: [any Encodable & Sendable] {
        [id, workspaceID, name, active, position, trigger.rawValue, time, conditions, StoredActions(actions: actions), createdAt, updatedAt]
    }

    init(id: UUID, workspaceID: UUID, name: String, active: Bool, position: Int, trigger: AutomationTrigger, time: TimeCondition?,
         conditions: AutomationConditions, actions: [AutomationAction], createdAt: Date, updatedAt: Date) {
        self.id = id
        self.workspaceID = workspaceID
        self.name = name
        self.active = active
        self.position = position
        self.trigger = trigger
        self.time = time
        self.conditions = conditions
        self.actions = actions
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: UUID.self)
        workspaceID = try row.decode(column: "workspace_id", as: UUID.self)
        name = try row.decode(column: "name", as: String.self)
        active = try row.decode(column: "active", as: Bool.self)
        position = try row.decode(column: "position", as: Int.self)
        trigger = try row.decodeEnum("trigger")
        time = try row.decode(column: "time_condition", as: TimeCondition?.self)
        conditions = try row.decode(column: "conditions", as: AutomationConditions.self)
        actions = try row.decode(column: "actions", as: StoredActions.self).actions
        createdAt = try row.decode(column: "created_at", as: Date.self)
        updatedAt = try row.decode(column: "updated_at", as: Date.self)
    }
}

/// The actions as stored: an object, because PostgreSQL would take a bare array for an array of jsonb values.
struct StoredActions: Codable, Sendable {
    var actions: [AutomationAction]
}

/// The queries on one workspace's automations.
struct AutomationStore {
    let db: any Database
    let workspaceID: UUID
    private var sql: any SQLDatabase { db as! any SQLDatabase }

    func all() async throws -> [AutomationRecord] {
        try await sql.select().column("*").from(AutomationRecord.table).where("workspace_id", .equal, workspaceID)
            .orderBy("position").orderBy("id").all().map(AutomationRecord.init(row:))
    }

    /// The active rules in the order they run.
    func active() async throws -> [AutomationRecord] {
        try await sql.select().column("*").from(AutomationRecord.table).where("workspace_id", .equal, workspaceID)
            .where("active", .equal, true).orderBy("position").orderBy("id").all().map(AutomationRecord.init(row:))
    }

    func find(_ id: UUID) async throws -> AutomationRecord {
        guard let row = try await sql.select().column("*").from(AutomationRecord.table)
            .where("workspace_id", .equal, workspaceID).where("id", .equal, id).first()
        else { throw APIError.notFound("automation") }
        return try AutomationRecord(row: row)
    }

    func nameTaken(_ name: String, except id: UUID?) async throws -> Bool {
        let query = sql.select().column("id").from(AutomationRecord.table).where("workspace_id", .equal, workspaceID).where("name", .equal, name)
        if let id { query.where("id", .notEqual, id) }
        return try await query.first() != nil
    }

    func nextPosition() async throws -> Int {
        let row = try await sql.select().column(SQLFunction("max", args: SQLColumn("position")), as: "last")
            .from(AutomationRecord.table).where("workspace_id", .equal, workspaceID).first()
        return (try row?.decode(column: "last", as: Int?.self) ?? 0) + 1
    }

    func insert(_ record: AutomationRecord) async throws {
        try await sql.insert(into: AutomationRecord.table).columns(AutomationRecord.columns).values(record.columnValues).run()
    }

    func save(_ record: AutomationRecord) async throws {
        try await sql.updateRow(AutomationRecord.table, workspaceID: workspaceID, id: record.id, columns: AutomationRecord.columns, values: record.columnValues)
    }

    func delete(_ id: UUID) async throws {
        try await sql.delete(from: AutomationRecord.table).where("workspace_id", .equal, workspaceID).where("id", .equal, id).run()
    }
}

/// Keeps each workspace's active rules for a few seconds: every ticket write asks for them.
/// An edit reaches every app node within the cache's lifetime, and this node at once.
struct AutomationCache: Sendable {
    private let cache = ExpiringCache<UUID, [AutomationRecord]>()

    func rules(for workspaceID: UUID, db: any Database) async throws -> [AutomationRecord] {
        try await cache.value(for: workspaceID) { try await AutomationStore(db: db, workspaceID: workspaceID).active() }
    }

    func forget(_ workspaceID: UUID) async {
        await cache.forget(workspaceID)
    }
}

extension Application {
    private struct AutomationCacheKey: StorageKey { typealias Value = AutomationCache }

    var automations: AutomationCache {
        guard let cache = storage[AutomationCacheKey.self] else { fatalError("configure(_:settings:) sets up automations") }
        return cache
    }

    /// The rule cache, and the scheduler of time rules and SLA escalations (not under tests, which run it by hand).
    func setUpAutomations() {
        storage[AutomationCacheKey.self] = AutomationCache()
        guard environment != .testing else { return }
        lifecycle.use(RepeatingJob(name: "scheduler", every: .seconds(60)) { app in
            let report = try await AutomationScheduler.run(app, now: app.clock.now)
            guard report != SchedulerReport() else { return nil }
            return ["time_rules_fired": "\(report.timeRulesFired)", "sla_checked": "\(report.slaChecked)", "escalated": "\(report.escalated)"]
        })
    }
}
