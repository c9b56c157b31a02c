import Fluent
import Foundation
import RapportCore
import SQLKit

/// Keeps `metric_daily` equal to the sum of every ticket's contributions.
///
/// Each ticket's last contribution is kept in `metric_ticket_facts`; when a ticket changes, its
/// contribution is computed again from its messages and events, and only the difference is added
/// to the daily rows, in the same transaction as the change (the write queue calls `refresh`).
/// `rebuild` computes everything again from scratch, with the same code.
enum MetricAggregates {
    /// A ticket's contribution as stored: its team, its dimension values and its counters per day.
    struct Facts: Codable, Equatable {
        var team: String?
        var dimensions: [[String]]
        var days: [Int: [Int64]]

        static let empty = Facts(team: nil, dimensions: [], days: [:])

        /// The daily rows this contribution adds to, with their counters.
        func rows(workspaceID: UUID) -> [Key: MetricCounters] {
            var rows: [Key: MetricCounters] = [:]
            let scopes = [""] + (team.map { [$0] } ?? [])
            for (day, values) in days {
                let counters = MetricCounters(values: values)
                for scope in scopes {
                    rows[Key(workspaceID: workspaceID, scope: scope, dimension: "all", day: day, value: ""), default: MetricCounters()] += counters
                    for pair in dimensions where pair.count == 2 {
                        rows[Key(workspaceID: workspaceID, scope: scope, dimension: pair[0], day: day, value: pair[1]), default: MetricCounters()] += counters
                    }
                }
            }
            return rows
        }
    }

    struct Key: Hashable {
        var workspaceID: UUID
        var scope: String
        var dimension: String
        var day: Int
        var value: String
    }

    /// Brings the contributions of `ticketIDs` up to date; runs inside the caller's transaction.
    static func refresh(tickets ticketsByWorkspace: [UUID: Set<UUID>], db: any Database) async throws {
        let sql = db as! any SQLDatabase
        for (workspaceID, ticketIDs) in ticketsByWorkspace {
            for chunk in Array(ticketIDs).chunked(into: 500) {
                try await refresh(Array(chunk), in: workspaceID, sql: sql, db: db)
            }
        }
    }

    private static func refresh(_ chunk: [UUID], in workspaceID: UUID, sql: any SQLDatabase, db: any Database) async throws {
            let computed = try await compute(tickets: chunk, in: workspaceID, sql: sql, db: db)
            let storedRows = try await sql.select().columns("ticket_id", "workspace_id", "facts").from("metric_ticket_facts")
                .where("ticket_id", .in, chunk).all()
            var stored: [UUID: Facts] = [:]
            for row in storedRows {
                let text = try row.decode(column: "facts", as: String.self)
                stored[try row.decode(column: "ticket_id", as: UUID.self)] = try JSONDecoder().decode(Facts.self, from: Data(text.utf8))
            }
            var delta: [Key: MetricCounters] = [:]
            var changed: [(UUID, UUID, Facts)] = []
            for (ticketID, (workspaceID, facts)) in computed {
                let old = stored[ticketID]
                guard old != facts else { continue }
                for (key, counters) in facts.rows(workspaceID: workspaceID) { delta[key, default: MetricCounters()] += counters }
                for (key, counters) in (old ?? .empty).rows(workspaceID: workspaceID) { delta[key, default: MetricCounters()] = delta[key, default: MetricCounters()] - counters }
                changed.append((ticketID, workspaceID, facts))
            }
            try await add(delta.filter { !$0.value.isZero }, sql: sql)
            if !changed.isEmpty {
                try await sql.delete(from: "metric_ticket_facts").where("ticket_id", .in, changed.map(\.0)).run()
                try await sql.insertRows(try changed.map { [$0.0, $0.1, try encode($0.2)] }, into: "metric_ticket_facts", columns: ["ticket_id", "workspace_id", "facts"])
            }
    }

    /// Throws away a workspace's aggregates and computes them again from its tickets; returns how many tickets it read.
    @discardableResult
    static func rebuild(workspaceID: UUID, db: any Database, progress: (Int) -> Void = { _ in }) async throws -> Int {
        let sql = db as! any SQLDatabase
        try await sql.delete(from: "metric_daily").where("workspace_id", .equal, workspaceID).run()
        try await sql.delete(from: "metric_ticket_facts").where("workspace_id", .equal, workspaceID).run()
        var totals: [Key: MetricCounters] = [:]
        var after: UUID?
        var count = 0
        while true {
            var query = sql.select().column("id").from("tickets").where("workspace_id", .equal, workspaceID)
            if let after { query = query.where("id", .greaterThan, after) }
            let ids = try await query.orderBy("id").limit(2000).all().map { try $0.decode(column: "id", as: UUID.self) }
            guard let last = ids.last else { break }
            let computed = try await compute(tickets: ids, in: workspaceID, sql: sql, db: db)
            var factRows: [[any Encodable & Sendable]] = []
            for (ticketID, (workspace, facts)) in computed {
                for (key, counters) in facts.rows(workspaceID: workspace) { totals[key, default: MetricCounters()] += counters }
                factRows.append([ticketID, workspace, try encode(facts)])
            }
            try await sql.insertRows(factRows, into: "metric_ticket_facts", columns: ["ticket_id", "workspace_id", "facts"])
            count += ids.count
            progress(count)
            after = last
        }
        try await add(totals.filter { !$0.value.isZero }, sql: sql)
        return count
    }

    private static func encode(_ facts: Facts) throws -> String {
        String(decoding: try JSONEncoder().encode(facts), as: UTF8.self)
    }

    /// Adds `delta` to the daily rows, creating those that do not exist yet.
    private static func add(_ delta: [Key: MetricCounters], sql: any SQLDatabase) async throws {
        guard !delta.isEmpty else { return }
        let columns = ["workspace_id", "scope", "dimension", "day", "value"] + MetricCounters.columns
        let perStatement = max(1, 30_000 / columns.count)
        for chunk in Array(delta).chunked(into: perStatement) {
            let insert = sql.insert(into: "metric_daily").columns(columns)
            for (key, counters) in chunk {
                let keyValues: [any Encodable & Sendable] = [key.workspaceID, key.scope, key.dimension, Int64(key.day), key.value]
                insert.values(keyValues + counters.values.map { $0 as any Encodable & Sendable })
            }
            insert.onConflict(with: ["workspace_id", "scope", "dimension", "day", "value"]) { update in
                for column in MetricCounters.columns {
                    update.set(SQLIdentifier(column), to: SQLRaw("metric_daily.\(column) + excluded.\(column)"))
                }
                return update
            }
            try await insert.run()
        }
    }
}
