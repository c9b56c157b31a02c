import Fluent
import Foundation
import RapportCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import Rapport

/// The SLA run through a backlog, in chunks read outside the writer: every ticket ends with the
/// state and next check its clocks say, and every escalation happens exactly once, with two app
/// nodes at once and with a ticket that changes between a chunk's read and its write.
@Suite("SLA backlog")
struct SLABacklogTests {
    /// Passes a change to the scheduler's hook once, when the chunk holding `ticketID` is about to be written.
    actor ChangeOnce {
        let ticketID: UUID
        let change: @Sendable () async throws -> Void
        private(set) var done = false

        init(_ ticketID: UUID, _ change: @escaping @Sendable () async throws -> Void) {
            self.ticketID = ticketID
            self.change = change
        }

        func beforeWrite(_ chunk: [UUID]) async throws {
            guard !done, chunk.contains(ticketID) else { return }
            done = true
            try await change()
        }
    }

    @Test("300 tickets of mixed states: states, next checks and escalations exactly once")
    func backlog() async throws {
        try await withRapport { app in
            let t0 = utc("2026-11-02T09:00:00Z")
            func at(_ minutes: Double) -> Date { t0.addingTimeInterval(minutes * 60) }
            let clock = app.useClock(TestClock(at(-30)))
            let ws = try await app.makeWorkspace()
            let agent = ws.users[.agent]!.id!, supervisor = ws.users[.supervisor]!.id!
            // First response in an hour, resolution in two; at risk at three quarters (45 and 90 minutes).
            try await app.addSLAPolicy(ws, targets: SLATargets(firstResponseMinutes: 60, resolutionMinutes: 120),
                escalation: SLAEscalation(notify: true, raisePriorityOnBreach: true), now: at(-30))
            let team = try await app.send(.POST, "/api/v1/teams", token: ws.token(.admin), json: JSONBody([
                "name": "Second line", "member_ids": [agent.uuidString, supervisor.uuidString],
            ]))
            #expect(team.status == .created, "\(team.text)")
            let customer = try await app.makeCustomer(in: ws, name: "Ada", emails: ["ada@example.com"])
            func make(_ count: Int, _ name: String, extra: [String: Any] = [:]) async throws -> [UUID] {
                var ids: [UUID] = []
                for number in 0..<count {
                    var fields: [String: Any] = ["assignee_id": agent.uuidString]
                    fields.merge(extra) { _, new in new }
                    let ticket = try await app.makeTicket(in: ws, requester: customer.id, subject: "\(name) \(number)", extra: fields)
                    ids.append(UUID(uuidString: ticket.string("id")!)!)
                }
                return ids
            }
            // Long breached by the first run, still breached (its resolution too) by the second.
            let old = try await make(60, "Old")
            clock.now = at(0)
            // At risk by the first run, breached by the second.
            let late = try await make(100, "Late")
            clock.now = at(40)
            // Running at the first run, at risk by the second; their team's supervisor hears of it too.
            let risky = try await make(100, "Risky", extra: ["team_id": team.json.id])
            // Answered at once: not due in either run.
            let answered = try await make(40, "Answered")
            for id in answered {
                #expect(try await app.send(.POST, "/api/v1/tickets/\(id)/messages", token: ws.token(.agent), json: JSONBody(["body": "On it."])).status == .created)
            }

            // First run, on two app nodes at once, in small chunks: each escalation once.
            let otherNode = WriteQueue(database: { app.db(app.writerID) })
            async let first = SLAEscalations.run(app, now: at(50), writes: app.writes, chunkSize: 64)
            async let second = SLAEscalations.run(app, now: at(50), writes: otherNode, chunkSize: 64)
            let (one, two) = try await (first, second)
            #expect(one.escalated + two.escalated == 160)

            // Second run: one of the risky tickets is answered after its chunk was read, before it is written.
            clock.now = at(95)
            let changed = risky[37]
            let token = ws.token(.agent)
            let hook = ChangeOnce(changed) {
                let reply = try await app.send(.POST, "/api/v1/tickets/\(changed)/messages", token: token, json: JSONBody(["body": "Looking now."]))
                #expect(reply.status == .created)
            }
            let run = try await SLAEscalations.run(app, now: at(95), writes: app.writes, chunkSize: 64) { try await hook.beforeWrite($0) }
            #expect(await hook.done)
            #expect(run.checked == 260)
            #expect(run.escalated == 199)
            let again = try await AutomationScheduler.run(app, now: at(95))
            #expect(again.slaChecked == 0 && again.escalated == 0)

            let sql = app.db as! any SQLDatabase
            var escalations: [UUID: [String]] = [:]
            var stateEvents: [UUID: [String]] = [:]
            for row in try await sql.select().columns("ticket_id", "action", "new_value").from("ticket_events")
                .where("workspace_id", .equal, ws.id).where("action", .in, ["sla_escalated", "sla"]).orderBy("id").all() {
                let ticketID = try row.decode(column: "ticket_id", as: UUID.self), value = try row.decode(column: "new_value", as: String?.self) ?? "none"
                if try row.decode(column: "action", as: String.self) == "sla" { stateEvents[ticketID, default: []].append(value) } else { escalations[ticketID, default: []].append(value) }
            }
            var tickets: [UUID: (state: String?, checkAt: Date?, priority: String)] = [:]
            for row in try await sql.select().columns("id", "sla_state", "sla_check_at", "priority").from("tickets").where("workspace_id", .equal, ws.id).all() {
                tickets[try row.decode(column: "id", as: UUID.self)] = (try row.decode(column: "sla_state", as: String?.self),
                    try row.decode(column: "sla_check_at", as: Date?.self), try row.decode(column: "priority", as: String.self))
            }
            func expect(_ ids: [UUID], state: String, checkAt: Date?, priority: String, escalated: [String], states: [String], _ group: String) {
                for id in ids {
                    let ticket = tickets[id]
                    #expect(ticket?.state == state, "\(group) \(id)")
                    #expect(ticket?.priority == priority, "\(group) \(id)")
                    #expect(ticket?.checkAt.map { abs($0.timeIntervalSince(checkAt ?? .distantPast)) < 0.01 } ?? (checkAt == nil), "\(group) \(id): \(String(describing: ticket?.checkAt))")
                    #expect(escalations[id] ?? [] == escalated, "\(group) \(id)")
                    #expect(stateEvents[id] ?? [] == states, "\(group) \(id)")
                }
            }
            // Breached in the first run (priority raised then); no measure left running, no next check.
            expect(old, state: "breached", checkAt: nil, priority: "high", escalated: ["breached"], states: ["breached"], "old")
            expect(late, state: "breached", checkAt: at(120), priority: "high", escalated: ["at_risk", "breached"], states: ["at_risk", "breached"], "late")
            expect(risky.filter { $0 != changed }, state: "at_risk", checkAt: at(100), priority: "normal", escalated: ["at_risk"], states: ["at_risk"], "risky")
            // Answered in time: running towards its resolution, never escalated.
            expect([changed] + answered, state: "running", checkAt: at(130), priority: "normal", escalated: [], states: [], "answered")

            var notified: [UUID: Int] = [:]
            for row in try await sql.select().column("user_id").from("notifications").where("workspace_id", .equal, ws.id).all() {
                notified[try row.decode(column: "user_id", as: UUID.self), default: 0] += 1
            }
            #expect(notified[agent] == 60 + 100 + 100 + 99)
            #expect(notified[supervisor] == 99)
        }
    }
}
