import Fluent
import Foundation
import RapportCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import Rapport

/// A test app whose clock stands at `start`, with a workspace and a history builder that moves that clock.
func withMetricsHistory(startingAt start: String, _ test: (Application, TestWorkspace, MetricsHistory) async throws -> Void) async throws {
    try await withRapport { app in
        let clock = ManualClock(instant(start))
        app.clock = clock.appClock
        let ws = try await app.makeWorkspace()
        try await test(app, ws, MetricsHistory(app: app, ws: ws, clock: clock))
    }
}

/// Builds ticket histories through the API at times set by hand.
struct MetricsHistory {
    let app: Application
    let ws: TestWorkspace
    let clock: ManualClock

    func at(_ time: String) { clock.set(instant(time)) }

    @discardableResult
    func ticket(_ time: String, requester: String, extra: [String: Any] = [:], author: String = "customer") async throws -> String {
        at(time)
        var body: [String: Any] = ["requester_id": requester, "subject": "Mower stops", "channel": "email",
                                   "message": ["body": "It stopped again.", "author": author]]
        body.merge(extra) { _, new in new }
        let response = try await app.send(.POST, "/api/v1/tickets", token: ws.token(.agent), json: JSONBody(body))
        guard response.status == .created else { throw TestFailure("ticket: \(response.status) \(response.text)") }
        return response.json.id
    }

    func message(_ ticket: String, _ time: String, author: String, visibility: String = "public", status: String? = nil, token: String? = nil) async throws {
        at(time)
        var body: [String: Any] = ["body": "Thanks, noted.", "author": author, "visibility": visibility]
        if let status { body["status"] = status }
        let response = try await app.send(.POST, "/api/v1/tickets/\(ticket)/messages", token: token ?? ws.token(.agent), json: JSONBody(body))
        guard response.status == .created || response.status == .ok else { throw TestFailure("message: \(response.status) \(response.text)") }
    }

    func update(_ ticket: String, _ time: String, _ changes: [String: Any]) async throws {
        at(time)
        let response = try await app.send(.PATCH, "/api/v1/tickets/\(ticket)", token: ws.token(.supervisor), json: JSONBody(changes))
        guard response.status == .ok else { throw TestFailure("update: \(response.status) \(response.text)") }
    }

    func metrics(_ query: String, role: Role = .supervisor) async throws -> [String: Any] {
        let response = try await app.send(.GET, "/api/v1/metrics?\(query)", token: ws.token(role))
        guard response.status == .ok else { throw TestFailure("metrics: \(response.status) \(response.text)") }
        return response.json
    }

    /// Every daily and monthly aggregate row and all-time total of the workspace, in a stable order, as text.
    func aggregateRows() async throws -> [String] {
        try await aggregateRows("metric_daily") + aggregateRows("metric_monthly") + aggregateRows("metric_totals")
    }

    private func aggregateRows(_ table: String) async throws -> [String] {
        let sql = app.db as! any SQLDatabase
        let rows = try await sql.select().column("*").from(table).where("workspace_id", .equal, ws.id).all()
        return try rows.map { row in
            let key = [table, try row.decode(column: "scope", as: String.self), try row.decode(column: "dimension", as: String.self),
                       table != "metric_totals" ? String(try row.decode(column: "day", as: Int64.self)) : "", try row.decode(column: "value", as: String.self)]
            let values = try RapportCore.MetricCounters.columns.map { String(try row.decode(column: $0, as: Int64.self)) }
            return (key + values).joined(separator: "|")
        }.filter { !$0.hasSuffix(String(repeating: "|0", count: RapportCore.MetricCounters.columns.count)) }.sorted()
    }
}

extension Dictionary where Key == String, Value == Any {
    /// A figure of `totals` (or of a series bucket or breakdown row passed as self).
    func figure(_ metric: String) -> Double? {
        (self["values"] as? [String: Any])?[metric] as? Double
    }
    var totals: [String: Any] { object("totals") }
    var series: [[String: Any]] { self["series"] as? [[String: Any]] ?? [] }
    var rows: [[String: Any]] { self["rows"] as? [[String: Any]] ?? [] }
}
