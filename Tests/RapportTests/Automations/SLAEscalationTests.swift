import Fluent
import Foundation
import RapportCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import Rapport

@Suite("SLA escalations")
struct SLAEscalationTests {
    /// A policy for every ticket: first response within an hour, around the clock.
    func addPolicy(_ app: Application, _ ws: TestWorkspace, escalation: SLAEscalation, now: Date) async throws {
        try await app.addSLAPolicy(ws, targets: SLATargets(firstResponseMinutes: 60), escalation: escalation, now: now)
    }

    @Test("at risk notifies the assignee once; breached notifies, raises the priority and hands the ticket to the supervisor, once")
    func atRiskThenBreached() async throws {
        try await withRapport { app in
            let start = utc("2026-11-02T09:00:00Z")
            let clock = app.useClock(TestClock(start))
            let ws = try await app.makeWorkspace()
            let supervisor = ws.users[.supervisor]!.id!.uuidString
            try await addPolicy(app, ws, escalation: SLAEscalation(notify: true, raisePriorityOnBreach: true, reassignOnBreachTo: ws.users[.supervisor]!.id!), now: start)
            let customer = try await app.makeCustomer(in: ws, name: "Ada", emails: ["ada@example.com"])
            let ticket = try await app.makeTicket(in: ws, requester: customer.id, subject: "No answer yet",
                extra: ["assignee_id": ws.users[.agent]!.id!.uuidString])
            let quiet = try await app.makeTicket(in: ws, requester: customer.id, subject: "Answered at once")
            clock.advance(minutes: 5)
            #expect(try await app.send(.POST, "/api/v1/tickets/\(quiet.id)/messages", token: ws.token(.agent), json: JSONBody(["body": "On it."])).status == .created)
            #expect((ticket["sla"] as? [String: Any])?.string("state") == "running")

            // Thirty minutes in: nothing to do.
            let early = try await AutomationScheduler.run(app, now: start.addingTimeInterval(30 * 60))
            #expect(early.escalated == 0)
            #expect(try await app.notifications(of: .agent, in: ws).isEmpty)

            // 45 minutes (three quarters of the target): at risk, the assignee hears of it once.
            let atRisk = start.addingTimeInterval(45 * 60)
            #expect(try await AutomationScheduler.run(app, now: atRisk).escalated == 1)
            #expect(try await AutomationScheduler.run(app, now: atRisk).escalated == 0)
            #expect(try await AutomationScheduler.run(app, now: atRisk.addingTimeInterval(60)).escalated == 0)
            var state = try await app.ticket(ticket.id, in: ws)
            #expect((state["sla"] as? [String: Any])?.string("state") == "at_risk")
            #expect(try await app.send(.GET, "/api/v1/tickets?view=at_risk", token: ws.token(.agent)).items.map { $0.string("subject") } == ["No answer yet"])
            #expect(try await app.notifications(of: .agent, in: ws).map { $0.string("kind") } == ["sla_at_risk"])

            // An hour: breached. Notified, priority one step up, handed to the supervisor; once.
            let breached = start.addingTimeInterval(60 * 60)
            #expect(try await AutomationScheduler.run(app, now: breached).escalated == 1)
            #expect(try await AutomationScheduler.run(app, now: breached.addingTimeInterval(120)).escalated == 0)
            state = try await app.ticket(ticket.id, in: ws)
            #expect((state["sla"] as? [String: Any])?.string("state") == "breached")
            #expect(state.string("priority") == "high")
            #expect(state.string("assignee_id") == supervisor)
            #expect(try await app.notifications(of: .agent, in: ws).map { $0.string("kind") } == ["sla_breached", "sla_at_risk"])
            let handed = try await app.notifications(of: .supervisor, in: ws)
            #expect(handed.map { $0.string("kind") } == ["escalated"])
            #expect(handed.first?.string("text")?.contains("No answer yet") == true)
            let events = try await app.events(of: ticket.id, in: ws)
            #expect(events.filter { $0.string("action") == "sla_escalated" }.map { $0.string("new_value") } == ["at_risk", "breached"])
            let raise = events.first { $0.string("field") == "priority" }
            #expect(raise?.string("actor_kind") == "system")
            #expect(raise?.string("old_value") == "normal" && raise?.string("new_value") == "high")
            #expect(events.contains { $0.string("field") == "assignee_id" && $0.string("new_value") == supervisor })
            // The ticket answered in time was never escalated.
            #expect(try await app.events(of: quiet.id, in: ws).allSatisfy { $0.string("action") != "sla_escalated" })
        }
    }

    @Test("a policy that only notifies tells the assignee and the team's supervisors, and leaves priority and assignee alone")
    func notifyOnly() async throws {
        try await withRapport { app in
            let start = utc("2026-11-02T09:00:00Z")
            app.useClock(TestClock(start))
            let ws = try await app.makeWorkspace()
            try await addPolicy(app, ws, escalation: SLAEscalation(), now: start)
            let team = try await app.send(.POST, "/api/v1/teams", token: ws.token(.admin), json: JSONBody([
                "name": "Second line", "member_ids": [ws.users[.agent]!.id!.uuidString, ws.users[.supervisor]!.id!.uuidString],
            ]))
            #expect(team.status == .created, "\(team.text)")
            let customer = try await app.makeCustomer(in: ws, name: "Ada", emails: ["ada@example.com"])
            let ticket = try await app.makeTicket(in: ws, requester: customer.id, subject: "Waiting",
                extra: ["assignee_id": ws.users[.agent]!.id!.uuidString, "priority": "urgent", "team_id": team.json.id])
            // Straight to breached, skipping the at-risk run: one escalation, the breach.
            let report = try await AutomationScheduler.run(app, now: start.addingTimeInterval(2 * 3600))
            #expect(report.escalated == 1)
            let state = try await app.ticket(ticket.id, in: ws)
            #expect(state.string("priority") == "urgent")
            #expect(state.string("assignee_id") == ws.users[.agent]!.id!.uuidString)
            #expect(try await app.notifications(of: .agent, in: ws).map { $0.string("kind") } == ["sla_breached"])
            // The team's supervisor hears of it too; a supervisor outside the team does not.
            #expect(try await app.notifications(of: .supervisor, in: ws).map { $0.string("kind") } == ["sla_breached"])
            #expect(try await app.notifications(of: .admin, in: ws).isEmpty)
        }
    }
}
