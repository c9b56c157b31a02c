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
        try await sql.delete(from: "metric_monthly").where("workspace_id", .equal, workspaceID).run()
        try await sql.delete(from: "metric_totals").where("workspace_id", .equal, workspaceID).run()
        try await sql.delete(from: "metric_ticket_facts").where("workspace_id", .equal, workspaceID).run()
        let (totals, count) = try await recompute(workspaceID: workspaceID, db: db, progress: progress) { computed in
            let rows: [[any Encodable & Sendable]] = try computed.map { ticketID, value in [ticketID, value.0, try encode(value.1)] }
            try await sql.insertRows(rows, into: "metric_ticket_facts", columns: ["ticket_id", "workspace_id", "facts"])
        }
        try await add(totals.filter { !$0.value.isZero }, sql: sql)
        return count
    }

    /// The daily sums of a workspace computed from scratch from its tickets, messages, events and feedback,
    /// 2,000 tickets at a time (`each` sees every batch's facts); nothing is written. With the ticket count.
    static func recompute(
        workspaceID: UUID, db: any Database, progress: (Int) -> Void = { _ in },
        each: ([UUID: (UUID, Facts)]) async throws -> Void = { _ in }
    ) async throws -> (totals: [Key: MetricCounters], tickets: Int) {
        let sql = db as! any SQLDatabase
        var totals: [Key: MetricCounters] = [:]
        var after: UUID?
        var count = 0
        while true {
            var query = sql.select().column("id").from("tickets").where("workspace_id", .equal, workspaceID)
            if let after { query = query.where("id", .greaterThan, after) }
            let ids = try await query.orderBy("id").limit(2000).all().map { try $0.decode(column: "id", as: UUID.self) }
            guard let last = ids.last else { break }
            let computed = try await compute(tickets: ids, in: workspaceID, sql: sql, db: db)
            for (_, (workspace, facts)) in computed {
                for (key, counters) in facts.rows(workspaceID: workspace) { totals[key, default: MetricCounters()] += counters }
            }
            try await each(computed)
            count += ids.count
            progress(count)
            after = last
        }
        return (totals, count)
    }

    /// The stored rows of a workspace in `table` (`metric_daily`, `metric_monthly`, or `metric_totals` keyed
    /// with day 0), without rows that sum to nothing.
    static func stored(workspaceID: UUID, db: any Database, table: String) async throws -> [Key: MetricCounters] {
        let sql = db as! any SQLDatabase
        let totals = table == "metric_totals"
        var rows: [Key: MetricCounters] = [:]
        for row in try await sql.select().column("*").from(table).where("workspace_id", .equal, workspaceID).all() {
            let counters = MetricCounters(values: try MetricCounters.columns.map { try row.decode(column: $0, as: Int64.self) })
            guard !counters.isZero else { continue }
            let key = Key(workspaceID: workspaceID, scope: try row.decode(column: "scope", as: String.self),
                          dimension: try row.decode(column: "dimension", as: String.self),
                          day: totals ? 0 : Int(try row.decode(column: "day", as: Int64.self)), value: try row.decode(column: "value", as: String.self))
            rows[key] = counters
        }
        return rows
    }

    private static func encode(_ facts: Facts) throws -> String {
        String(decoding: try JSONEncoder().encode(facts), as: UTF8.self)
    }

    /// Adds `delta` to the daily rows, to their monthly sums (`metric_monthly`) and to the all-time totals
    /// (`metric_totals`), creating rows that do not exist yet.
    private static func add(_ delta: [Key: MetricCounters], sql: any SQLDatabase) async throws {
        guard !delta.isEmpty else { return }
        try await upsert(delta, into: "metric_daily", keyColumns: ["workspace_id", "scope", "dimension", "day", "value"], sql: sql)
        try await upsert(monthly(delta), into: "metric_monthly", keyColumns: ["workspace_id", "scope", "dimension", "day", "value"], sql: sql)
        try await upsert(allTime(delta), into: "metric_totals", keyColumns: ["workspace_id", "scope", "dimension", "value"], sql: sql)
    }

    /// Daily rows summed by month: keyed by the month's first day.
    static func monthly(_ daily: [Key: MetricCounters]) -> [Key: MetricCounters] {
        rolledUp(daily) { MetricGranularity.month.bucket(of: $0) }
    }

    /// Daily rows summed over all time: keyed with day 0.
    static func allTime(_ daily: [Key: MetricCounters]) -> [Key: MetricCounters] {
        rolledUp(daily) { _ in 0 }
    }

    private static func rolledUp(_ daily: [Key: MetricCounters], day: (Int) -> Int) -> [Key: MetricCounters] {
        var buckets: [Int: Int] = [:]
        var sums: [Key: MetricCounters] = [:]
        for (key, counters) in daily {
            var rolled = key
            if let known = buckets[key.day] { rolled.day = known } else {
                rolled.day = day(key.day)
                buckets[key.day] = rolled.day
            }
            sums[rolled, default: MetricCounters()] += counters
        }
        return sums.filter { !$0.value.isZero }
    }

    private static func upsert(_ delta: [Key: MetricCounters], into table: String, keyColumns: [String], sql: any SQLDatabase) async throws {
        guard !delta.isEmpty else { return }
        let columns = keyColumns + MetricCounters.columns
        let perStatement = max(1, 30_000 / columns.count)
        for chunk in Array(delta).chunked(into: perStatement) {
            let insert = sql.insert(into: table).columns(columns)
            for (key, counters) in chunk {
                var keyValues: [any Encodable & Sendable] = [key.workspaceID, key.scope, key.dimension]
                if keyColumns.contains("day") { keyValues.append(Int64(key.day)) }
                keyValues.append(key.value)
                insert.values(keyValues + counters.values.map { $0 as any Encodable & Sendable })
            }
            insert.onConflict(with: keyColumns) { update in
                for column in MetricCounters.columns {
                    update.set(SQLIdentifier(column), to: SQLRaw("\(table).\(column) + excluded.\(column)"))
                }
                return update
            }
            try await insert.run()
        }
    }
}
