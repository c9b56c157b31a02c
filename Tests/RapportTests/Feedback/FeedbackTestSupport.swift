import Fluent
import Foundation
import RapportCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import Rapport

/// A workspace that can send mail (a support address), on a clock the test sets.
struct FeedbackWorld {
    let app: Application
    let ws: TestWorkspace
    let clock: ManualClock
    var sql: any SQLDatabase { app.db as! any SQLDatabase }

    static func make(_ app: Application, at start: String = "2026-11-30T09:00:00Z") async throws -> FeedbackWorld {
        let clock = ManualClock(instant(start))
        app.clock = clock.appClock
        let ws = try await app.makeWorkspace()
        try await (app.db as! any SQLDatabase).insert(into: "support_addresses")
            .columns("id", "workspace_id", "address", "display_name", "team_id", "is_default", "created_at")
            .values(SQLBind(UUID()), SQLBind(ws.id), SQLBind("help@shop.example"), SQLBind("Shop Help"), SQLBind(UUID?.none), SQLBind(true), SQLBind(clock.now))
            .run()
        return FeedbackWorld(app: app, ws: ws, clock: clock)
    }

    /// A ticket from `requester` assigned to the workspace's agent.
    func ticket(requester: String, subject: String = "Mower stops", extra: [String: Any] = [:]) async throws -> String {
        var body: [String: Any] = ["requester_id": requester, "subject": subject, "channel": "email",
                                   "assignee_id": ws.users[.agent]!.id!.uuidString, "message": ["body": "It stopped again.", "author": "customer"]]
        body.merge(extra) { _, new in new }
        let response = try await app.send(.POST, "/api/v1/tickets", token: ws.token(.agent), json: JSONBody(body))
        guard response.status == .created else { throw TestFailure("ticket: \(response.status) \(response.text)") }
        return response.json.id
    }

    func setStatus(_ ticket: String, _ status: String) async throws {
        let response = try await app.send(.PATCH, "/api/v1/tickets/\(ticket)", token: ws.token(.agent), json: JSONBody(["status": status]))
        guard response.status == .ok else { throw TestFailure("status: \(response.status) \(response.text)") }
    }

    /// The survey mails in the outbox, as (recipient, ticket id, token in the link).
    func surveyMails() async throws -> [(to: String, ticketID: UUID?, token: String)] {
        let rows = try await sql.select().columns("recipients", "ticket_id", "content").from("outbox")
            .where("workspace_id", .equal, ws.id).where("kind", .equal, "survey").orderBy("created_at").all()
        return try rows.map { row in
            let content = try row.decode(column: "content", as: String.self).replacingOccurrences(of: "=\r\n", with: "")
            guard let range = content.range(of: "/survey/") else { throw TestFailure("no survey link in \(content.prefix(400))") }
            let token = String(content[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" })
            return (try row.decode(column: "recipients", as: String.self), try row.decode(column: "ticket_id", as: UUID?.self), token)
        }
    }

    func metrics(_ query: String) async throws -> [String: Any] {
        let response = try await app.send(.GET, "/api/v1/metrics?\(query)", token: ws.token(.supervisor))
        guard response.status == .ok else { throw TestFailure("metrics: \(response.status) \(response.text)") }
        return response.json
    }
}

extension Dictionary where Key == String, Value == Any {
    /// A figure of the metrics' totals.
    func total(_ metric: String) -> Double? {
        ((self["totals"] as? [String: Any])?["values"] as? [String: Any])?[metric] as? Double
    }
}
