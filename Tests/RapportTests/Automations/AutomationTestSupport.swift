import Fluent
import Foundation
import RapportCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import Rapport

/// A clock a test moves by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date) { current = start }

    var now: Date {
        get { lock.withLock { current } }
        set { lock.withLock { current = newValue } }
    }

    func advance(hours: Double) { now = now.addingTimeInterval(hours * 3600) }
    func advance(minutes: Double) { now = now.addingTimeInterval(minutes * 60) }
}

func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

extension Application {
    /// Replaces the application's clock with `clock` and returns it.
    @discardableResult
    func useClock(_ clock: TestClock) -> TestClock {
        self.clock = AppClock(read: { clock.now })
        return clock
    }

    /// Creates a ticket with a first message from the customer and returns its JSON.
    @discardableResult
    func makeTicket(
        in ws: TestWorkspace, requester: String, subject: String, body: String = "Hello", channel: String = "email",
        extra: [String: Any] = [:]
    ) async throws -> [String: Any] {
        var json: [String: Any] = ["requester_id": requester, "subject": subject, "channel": channel, "message": ["body": body, "author": "customer"]]
        json.merge(extra) { _, new in new }
        let response = try await send(.POST, "/api/v1/tickets", token: ws.token(.agent), json: JSONBody(json))
        guard response.status == .created else { throw TestFailure("creating ticket '\(subject)' answered \(response.status): \(response.text)") }
        return response.json
    }

    /// Creates an automation as the admin and returns its JSON.
    @discardableResult
    func makeAutomation(in ws: TestWorkspace, _ body: [String: Any]) async throws -> [String: Any] {
        let response = try await send(.POST, "/api/v1/automations", token: ws.token(.admin), json: JSONBody(body))
        guard response.status == .created else { throw TestFailure("creating automation answered \(response.status): \(response.text)") }
        return response.json
    }

    /// Adds an SLA policy covering every ticket, around the clock.
    func addSLAPolicy(_ ws: TestWorkspace, targets: SLATargets, escalation: SLAEscalation, now: Date) async throws {
        try await (db as! any SQLDatabase).insert(into: "sla_policies")
            .columns("id", "workspace_id", "name", "position", "priorities", "value_tiers", "lifecycles", "targets", "calendar_id", "escalation", "created_at", "updated_at")
            .values(SQLBind(UUID()), SQLBind(ws.id), SQLBind("Everyone"), SQLBind(1), SQLBind([String]()), SQLBind([String]()), SQLBind([String]()),
                SQLBind(targets), SQLBind(UUID?.none), SQLBind(escalation), SQLBind(now), SQLBind(now))
            .run()
        await serviceLevels.forget(ws.id)
    }

    /// The database the write queue writes through.
    var writerID: DatabaseID? {
        if case .sqlite = settings.database { return .sqliteWriter }
        return nil
    }

    func ticket(_ id: String, in ws: TestWorkspace) async throws -> [String: Any] {
        try await send(.GET, "/api/v1/tickets/\(id)", token: ws.token(.viewer)).json
    }

    func events(of id: String, in ws: TestWorkspace) async throws -> [[String: Any]] {
        try await send(.GET, "/api/v1/tickets/\(id)/events", token: ws.token(.viewer)).items
    }

    func notifications(of role: Role, in ws: TestWorkspace) async throws -> [[String: Any]] {
        try await send(.GET, "/api/v1/notifications", token: ws.token(role)).items
    }

    func viewCounts(_ ws: TestWorkspace, as role: Role = .agent) async throws -> [String: Int] {
        let views = try await send(.GET, "/api/v1/views", token: ws.token(role)).items
        return Dictionary(uniqueKeysWithValues: views.map { ($0.string("id") ?? "", $0["count"] as? Int ?? -1) })
    }
}
