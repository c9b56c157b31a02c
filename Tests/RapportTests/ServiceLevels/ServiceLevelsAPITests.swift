import Foundation
import RapportCore
import Testing
import Vapor
import VaporTesting

@testable import Rapport

@Suite("Service levels API")
struct ServiceLevelsAPITests {
    /// Berlin office hours, Monday to Friday 09:00 to 17:00, closed on Christmas Day (a Friday in 2026).
    static var berlinOffice: [String: Any] { [
        "name": "Berlin office", "time_zone": "Europe/Berlin",
        "weekly_hours": ["monday", "tuesday", "wednesday", "thursday", "friday"].map { ["weekday": $0, "start": "09:00", "end": "17:00"] },
        "holidays": ["2026-12-25"],
    ] }

    func createTicket(_ app: Application, _ ws: TestWorkspace, requester: String, priority: String) async throws -> [String: Any] {
        let response = try await app.send(.POST, "/api/v1/tickets", token: ws.token(.agent), json: JSONBody([
            "requester_id": requester, "subject": "Where is my parcel?", "priority": priority, "channel": "email",
            "message": ["body": "It was due yesterday.", "author": "customer"],
        ]))
        #expect(response.status == .created, "\(response.text)")
        return response.json
    }

    func measures(_ ticket: [String: Any]) -> [String: [String: Any]] {
        let list = ticket.object("sla")["measures"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: list.map { ($0.string("metric") ?? "", $0) })
    }

    @Test("a policy on a business calendar sets due times across the evening, a holiday and the weekend")
    func dueTimesOnBusinessHours() async throws {
        try await withRapport { app in
            // Thursday 24 December 2026, 16:00 in Berlin (UTC+1): one business hour is left that day,
            // Friday is Christmas Day, then the weekend; the clock runs again on Monday 28 December at 09:00.
            let clock = ManualClock(instant("2026-12-24T15:00:00Z"))
            app.clock = clock.appClock
            let ws = try await app.makeWorkspace()
            let calendar = try await app.send(.POST, "/api/v1/business-calendars", token: ws.token(.admin), json: JSONBody(Self.berlinOffice))
            #expect(calendar.status == .created, "\(calendar.text)")
            #expect(calendar.json.string("time_zone") == "Europe/Berlin")
            #expect((calendar.json["holidays"] as? [String]) == ["2026-12-25"])
            let fast = try await app.send(.POST, "/api/v1/sla-policies", token: ws.token(.admin), json: JSONBody([
                "name": "Urgent and high", "priorities": ["urgent", "high"], "calendar_id": calendar.json.id,
                "targets": ["first_response_minutes": 120, "resolution_minutes": 480],
            ]))
            #expect(fast.status == .created, "\(fast.text)")
            let rest = try await app.send(.POST, "/api/v1/sla-policies", token: ws.token(.admin), json: JSONBody([
                "name": "Everything else", "calendar_id": calendar.json.id, "targets": ["first_response_minutes": 240],
            ]))
            #expect(rest.json["position"] as? Int == 1)
            let customer = try await app.makeCustomer(in: ws, name: "Klara Berg", emails: ["klara@example.de"])

            let high = try await createTicket(app, ws, requester: customer.id, priority: "high")
            #expect(high.object("sla").string("policy_id") == fast.json.id)
            // 120 minutes: 16:00-17:00 Thursday, then 09:00-10:00 Monday Berlin time = 09:00Z.
            #expect(measures(high)["first_response"]?.string("due_at") == "2026-12-28T09:00:00Z")
            #expect(measures(high)["first_response"]?["target_seconds"] as? Int == 7200)
            // 480 minutes: one hour on Thursday and seven on Monday, to 16:00 Berlin = 15:00Z.
            #expect(measures(high)["resolution"]?.string("due_at") == "2026-12-28T15:00:00Z")
            #expect(high.object("sla").string("state") == "running")
            #expect(high.object("sla").string("due_at") == "2026-12-28T09:00:00Z")

            let normal = try await createTicket(app, ws, requester: customer.id, priority: "normal")
            #expect(normal.object("sla").string("policy_id") == rest.json.id)
            // 240 minutes: one hour on Thursday, three on Monday, to 12:00 Berlin = 11:00Z.
            #expect(measures(normal)["first_response"]?.string("due_at") == "2026-12-28T11:00:00Z")
            #expect(measures(normal)["resolution"] == nil)

            // An agent answers on Monday at 09:30 Berlin: the first response is met after 90 business minutes.
            clock.set(instant("2026-12-28T08:30:00Z"))
            let reply = try await app.send(.POST, "/api/v1/tickets/\(high.id)/messages", token: ws.token(.agent), json: JSONBody(["body": "It is on its way."]))
            #expect(reply.status == .created, "\(reply.text)")
            let answered = try await app.send(.GET, "/api/v1/tickets/\(high.id)", token: ws.token(.viewer)).json
            #expect(measures(answered)["first_response"]?.string("state") == "met")
            #expect(measures(answered)["first_response"]?["used_seconds"] as? Int == 90 * 60)
        }
    }

    @Test("policies are chosen by the customer's value tier and lifecycle, first match by position")
    func choiceByCustomer() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let general = try await app.send(.POST, "/api/v1/sla-policies", token: ws.token(.admin), json: JSONBody([
                "name": "General", "targets": ["first_response_minutes": 480],
            ]))
            let vip = try await app.send(.POST, "/api/v1/sla-policies", token: ws.token(.admin), json: JSONBody([
                "name": "High value", "position": 0, "value_tiers": ["high"], "targets": ["first_response_minutes": 30],
            ]))
            let rescue = try await app.send(.POST, "/api/v1/sla-policies", token: ws.token(.admin), json: JSONBody([
                "name": "At risk", "position": 0, "lifecycles": ["at_risk"], "targets": ["first_response_minutes": 60],
            ]))
            // Two policies at position 0: put them in a definite order, General last.
            #expect(try await app.send(.PATCH, "/api/v1/sla-policies/\(general.json.id)", token: ws.token(.admin), json: JSONBody(["position": 9])).status == .ok)
            #expect(try await app.send(.PATCH, "/api/v1/sla-policies/\(rescue.json.id)", token: ws.token(.admin), json: JSONBody(["position": 1])).status == .ok)
            let listed = try await app.send(.GET, "/api/v1/sla-policies", token: ws.token(.supervisor)).items.map { $0.string("name") ?? "" }
            #expect(listed == ["High value", "At risk", "General"])

            let big = try await app.makeCustomer(in: ws, name: "Big Spender", emails: ["big@example.com"], profile: ["value_tier": "high", "lifecycle": "at_risk"])
            let wobbly = try await app.makeCustomer(in: ws, name: "Wobbly", emails: ["wobbly@example.com"], profile: ["lifecycle": "at_risk"])
            let plain = try await app.makeCustomer(in: ws, name: "Plain", emails: ["plain@example.com"])
            #expect(try await createTicket(app, ws, requester: big.id, priority: "low").object("sla").string("policy_id") == vip.json.id)
            #expect(try await createTicket(app, ws, requester: wobbly.id, priority: "low").object("sla").string("policy_id") == rescue.json.id)
            #expect(try await createTicket(app, ws, requester: plain.id, priority: "low").object("sla").string("policy_id") == general.json.id)

            // Deleting the high-value policy: the next ticket of the big spender falls to the at-risk policy.
            #expect(try await app.send(.DELETE, "/api/v1/sla-policies/\(vip.json.id)", token: ws.token(.admin)).status == .noContent)
            #expect(try await createTicket(app, ws, requester: big.id, priority: "low").object("sla").string("policy_id") == rescue.json.id)
        }
    }

    @Test("bad calendars and policies are refused with every field named")
    func validation() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let calendar = try await app.send(.POST, "/api/v1/business-calendars", token: ws.token(.admin), json: JSONBody([
                "name": "Mars", "time_zone": "Mars/Olympus_Mons",
                "weekly_hours": [["weekday": "monday", "start": "9am", "end": "17:00"], ["weekday": "funday", "start": "09:00", "end": "10:00"]],
                "holidays": ["2026-13-01"],
            ]))
            #expect(calendar.status == .unprocessableEntity)
            #expect(Set(calendar.errorFields.keys) == ["weekly_hours[0].start", "weekly_hours[1].weekday", "holidays[0]"])
            let zone = try await app.send(.POST, "/api/v1/business-calendars", token: ws.token(.admin), json: JSONBody([
                "name": "Mars", "time_zone": "Mars/Olympus_Mons", "weekly_hours": [["weekday": "monday", "start": "17:00", "end": "09:00"]],
            ]))
            #expect(Set(zone.errorFields.keys) == ["time_zone", "weekly_hours"])

            let policy = try await app.send(.POST, "/api/v1/sla-policies", token: ws.token(.admin), json: JSONBody([
                "name": " ", "priorities": ["high", "asap"], "value_tiers": ["gold"], "lifecycles": ["loyal"],
                "targets": ["first_response_minutes": 0], "calendar_id": UUID().uuidString,
                "escalation": ["reassign_on_breach_to": ws.users[.viewer]!.id!.uuidString],
            ]))
            #expect(policy.status == .unprocessableEntity)
            #expect(Set(policy.errorFields.keys) == ["name", "priorities[1]", "value_tiers[0]", "targets.first_response_minutes"])
            let references = try await app.send(.POST, "/api/v1/sla-policies", token: ws.token(.admin), json: JSONBody([
                "name": "Refs", "targets": ["resolution_minutes": 60], "calendar_id": UUID().uuidString,
                "escalation": ["reassign_on_breach_to": ws.users[.viewer]!.id!.uuidString],
            ]))
            #expect(Set(references.errorFields.keys) == ["calendar_id", "escalation.reassign_on_breach_to"])
            let noTargets = try await app.send(.POST, "/api/v1/sla-policies", token: ws.token(.admin), json: JSONBody(["name": "Empty", "targets": [:] as [String: Any]]))
            #expect(noTargets.errorFields.keys.contains("targets"))
        }
    }

    @Test("names are unique, a calendar in use cannot go, escalation settings are kept")
    func conflictsAndEscalation() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let calendar = try await app.send(.POST, "/api/v1/business-calendars", token: ws.token(.admin), json: JSONBody(Self.berlinOffice))
            let again = try await app.send(.POST, "/api/v1/business-calendars", token: ws.token(.admin), json: JSONBody(Self.berlinOffice))
            #expect(again.status == .conflict)
            let supervisorID = ws.users[.supervisor]!.id!.uuidString
            let policy = try await app.send(.POST, "/api/v1/sla-policies", token: ws.token(.admin), json: JSONBody([
                "name": "Office", "calendar_id": calendar.json.id, "targets": ["first_response_minutes": 60],
                "escalation": ["raise_priority_on_breach": true, "reassign_on_breach_to": supervisorID],
            ]))
            #expect(policy.status == .created)
            #expect(policy.json.object("escalation")["raise_priority_on_breach"] as? Bool == true)
            #expect(policy.json.object("escalation").string("reassign_on_breach_to") == supervisorID)
            #expect(policy.json.object("escalation")["notify"] as? Bool == true)
            let busy = try await app.send(.DELETE, "/api/v1/business-calendars/\(calendar.json.id)", token: ws.token(.admin))
            #expect(busy.status == .conflict)
            #expect(busy.text.contains("Office"))
            // Renaming the calendar and moving the policy to round-the-clock hours, then the calendar can go.
            let renamed = try await app.send(.PATCH, "/api/v1/business-calendars/\(calendar.json.id)", token: ws.token(.admin), json: JSONBody(["name": "Berlin HQ"]))
            #expect(renamed.json.string("name") == "Berlin HQ")
            #expect(renamed.json.string("time_zone") == "Europe/Berlin")
            let cleared = try await app.send(.PATCH, "/api/v1/sla-policies/\(policy.json.id)", token: ws.token(.admin), json: JSONBody(["calendar_id": NSNull()]))
            #expect(cleared.json["calendar_id"] is NSNull)
            #expect(cleared.json.object("targets")["first_response_minutes"] as? Int == 60)
            #expect(try await app.send(.DELETE, "/api/v1/business-calendars/\(calendar.json.id)", token: ws.token(.admin)).status == .noContent)
            #expect(try await app.send(.GET, "/api/v1/business-calendars/\(calendar.json.id)", token: ws.token(.admin)).status == .notFound)
        }
    }
}
