import Fluent
import Foundation
import RapportCore
import Testing
import Vapor
import VaporTesting

@testable import Rapport

@Suite("Automations")
struct AutomationsAPITests {
    @Test("admins create, change and delete automations; bad rules are refused naming the field")
    func crud() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let rule = try await app.makeAutomation(in: ws, [
                "name": "VIP first", "trigger": "ticket_created",
                "conditions": ["all": [["field": "tags", "operator": "is", "value": "vip"]]],
                "actions": [["type": "set_priority", "priority": "high"]],
            ])
            #expect(rule["active"] as? Bool == true)
            #expect(rule["position"] as? Int == 1)
            func refused(_ body: [String: Any]) async throws -> [String: String] {
                let response = try await app.send(.POST, "/api/v1/automations", token: ws.token(.admin), json: JSONBody(body))
                #expect(response.status == .unprocessableEntity, "\(response.text)")
                return response.errorFields
            }
            let base: [String: Any] = ["name": "Bad", "trigger": "ticket_updated", "actions": [["type": "add_tag", "tag": "x"]]]
            #expect(try await refused(base.merging(["conditions": ["all": [["field": "colour", "operator": "is", "value": "red"]]]]) { $1 }).keys.contains("conditions.all[0].field"))
            #expect(try await refused(base.merging(["conditions": ["any": [["field": "priority", "operator": "like", "value": "high"]]]]) { $1 }).keys.contains("conditions.any[0].operator"))
            #expect(try await refused(base.merging(["actions": [["type": "explode"]]]) { $1 }).keys.contains("actions[0].type"))
            #expect(try await refused(base.merging(["actions": [["type": "assign_user", "user_id": UUID().uuidString]]]) { $1 })["actions[0].user_id"] == "is not a user of this workspace")
            #expect(try await refused(base.merging(["trigger": "time"]) { $1 }).keys.contains("time"))
            #expect(try await refused(base.merging(["trigger": "whenever"]) { $1 }).keys.contains("trigger"))
            #expect(try await refused(["trigger": "ticket_created"]).keys.sorted() == ["actions", "name"])
            let duplicate = try await app.send(.POST, "/api/v1/automations", token: ws.token(.admin), json: JSONBody(base.merging(["name": "VIP first"]) { $1 }))
            #expect(duplicate.status == .conflict)

            let paused = try await app.send(.PATCH, "/api/v1/automations/\(rule.id)", token: ws.token(.admin), json: JSONBody(["active": false, "position": 5]))
            #expect(paused.status == .ok)
            #expect(paused.json["active"] as? Bool == false)
            #expect(paused.json["position"] as? Int == 5)
            #expect((paused.json["actions"] as? [[String: Any]])?.first?.string("priority") == "high")
            #expect(try await app.send(.GET, "/api/v1/automations", token: ws.token(.admin)).items.count == 1)
            #expect(try await app.send(.DELETE, "/api/v1/automations/\(rule.id)", token: ws.token(.admin)).status == .noContent)
            #expect(try await app.send(.GET, "/api/v1/automations/\(rule.id)", token: ws.token(.admin)).status == .notFound)
        }
    }

    @Test("conditions on profile dimensions, channel and text decide which new tickets a rule touches")
    func conditionsOnCreate() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let agent = ws.users[.agent]!.id!.uuidString
            let impatient = try await app.makeCustomer(in: ws, name: "Ivan Impatient", emails: ["ivan@example.com"],
                profile: ["communication_styles": ["impatient"], "lifecycle": "at_risk"])
            let calm = try await app.makeCustomer(in: ws, name: "Carla Calm", emails: ["carla@example.com"], profile: ["lifecycle": "loyal"])
            let hurry = try await app.makeAutomation(in: ws, [
                "name": "Impatient by email", "trigger": "ticket_created",
                "conditions": ["all": [
                    ["field": "profile.communication_style", "operator": "is", "value": "impatient"],
                    ["field": "channel", "operator": "in", "values": ["email", "phone"]],
                ]],
                "actions": [["type": "set_priority", "priority": "high"], ["type": "add_tag", "tag": "hurry"]],
            ])
            try await app.makeAutomation(in: ws, [
                "name": "Refunds to the agent", "trigger": "ticket_created",
                "conditions": ["any": [["field": "text", "operator": "contains", "value": "refund"], ["field": "profile.lifecycle", "operator": "is", "value": "lost"]]],
                "actions": [
                    ["type": "assign_user", "user_id": agent],
                    ["type": "add_follow_up", "follow_up_kind": "call", "due_in_hours": 4, "note": "Call about the refund"],
                    ["type": "notify", "target": "assignee", "text": "Refund asked for on ticket {{ticket_number}} by {{customer_name}}"],
                ],
            ])
            let byEmail = try await app.makeTicket(in: ws, requester: impatient.id, subject: "Still waiting", channel: "email")
            #expect(byEmail.string("priority") == "high")
            #expect(byEmail.strings("tags").isEmpty || byEmail.strings("tags") == ["hurry"])
            let stored = try await app.ticket(byEmail.id, in: ws)
            #expect(stored.string("priority") == "high")
            #expect(stored.strings("tags") == ["hurry"])
            let events = try await app.events(of: byEmail.id, in: ws)
            let ruled = events.filter { $0.string("actor_kind") == "rule" }
            #expect(ruled.contains { $0.string("field") == "priority" && $0.string("new_value") == "high" })
            #expect(ruled.allSatisfy { $0.string("actor_id") == hurry.id })
            #expect(events.first { $0.string("action") == "created" }?.string("actor_kind") == "user")

            let byChat = try await app.makeTicket(in: ws, requester: impatient.id, subject: "Hello?", channel: "chat")
            #expect(try await app.ticket(byChat.id, in: ws).string("priority") == "normal")
            let calmEmail = try await app.makeTicket(in: ws, requester: calm.id, subject: "A question", channel: "email")
            #expect(try await app.ticket(calmEmail.id, in: ws).string("priority") == "normal")
            #expect(try await app.ticket(calmEmail.id, in: ws).string("assignee_id") == nil)

            let refund = try await app.makeTicket(in: ws, requester: calm.id, subject: "Broken kettle", body: "I would like a REFUND please.", channel: "web")
            #expect(refund.string("assignee_id") == agent)
            let followUps = try await app.send(.GET, "/api/v1/tickets/\(refund.id)/follow-ups", token: ws.token(.viewer)).items
            #expect(followUps.map { $0.string("kind") } == ["call"])
            #expect(followUps.first?.string("owner_id") == agent)
            let told = try await app.notifications(of: .agent, in: ws)
            #expect(told.contains { $0.string("text") == "Refund asked for on ticket \(refund["number"] as? Int ?? 0) by Carla Calm" })
        }
    }

    @Test("an event rule fires once per event, rules run in position order, and their own changes trigger nothing")
    func oncePerEvent() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let supervisor = ws.users[.supervisor]!.id!.uuidString
            let customer = try await app.makeCustomer(in: ws, name: "Ada", emails: ["ada@example.com"])
            let ticket = try await app.makeTicket(in: ws, requester: customer.id, subject: "Printer on fire")
            // Position 1 raises urgent complaints about fire; position 2 sees the raised priority in the same pass.
            try await app.makeAutomation(in: ws, [
                "name": "Fire is urgent", "trigger": "ticket_updated",
                "conditions": ["all": [["field": "subject", "operator": "contains", "value": "fire"]]],
                "actions": [["type": "set_priority", "priority": "urgent"], ["type": "add_tag", "tag": "fire"]],
            ])
            try await app.makeAutomation(in: ws, [
                "name": "Tell the supervisor about urgent ones", "trigger": "ticket_updated",
                "conditions": ["all": [["field": "priority", "operator": "is", "value": "urgent"]]],
                "actions": [["type": "notify", "target": "user", "user_id": supervisor, "text": "Urgent: {{ticket_subject}}"]],
            ])
            for product in ["LaserJet 4", "LaserJet 5"] {
                let update = try await app.send(.PATCH, "/api/v1/tickets/\(ticket.id)", token: ws.token(.agent), json: JSONBody(["product": product]))
                #expect(update.status == .ok)
                #expect(update.json.string("priority") == "urgent")
            }
            // Two updates, two firings each; the rules' own changes (priority, tag) fired nothing more.
            let told = try await app.notifications(of: .supervisor, in: ws)
            #expect(told.map { $0.string("text") } == ["Urgent: Printer on fire", "Urgent: Printer on fire"])
            let fired = try await app.events(of: ticket.id, in: ws).filter { $0.string("action") == "automation_fired" }
            #expect(fired.map { $0.string("new_value") } == [
                "Fire is urgent", "Tell the supervisor about urgent ones", "Fire is urgent", "Tell the supervisor about urgent ones",
            ])
            #expect(try await app.ticket(ticket.id, in: ws).strings("tags") == ["fire"])
            // A customer's message is another trigger: the update rules stay quiet.
            let message = try await app.send(.POST, "/api/v1/tickets/\(ticket.id)/messages", token: ws.token(.agent), json: JSONBody(["body": "Any news?", "author": "customer"]))
            #expect(message.status == .created)
            #expect(try await app.notifications(of: .supervisor, in: ws).count == 2)
        }
    }

    @Test("customer messages and agent replies are separate triggers, and text conditions read the message")
    func messageTriggers() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let customer = try await app.makeCustomer(in: ws, name: "Ada", emails: ["ada@example.com"])
            let ticket = try await app.makeTicket(in: ws, requester: customer.id, subject: "Delivery")
            try await app.makeAutomation(in: ws, [
                "name": "Lawyers", "trigger": "customer_message",
                "conditions": ["all": [["field": "text", "operator": "contains", "value": "lawyer"]]],
                "actions": [["type": "set_priority", "priority": "urgent"], ["type": "add_tag", "tag": "legal"]],
            ])
            try await app.makeAutomation(in: ws, [
                "name": "Replied", "trigger": "agent_reply", "actions": [["type": "add_tag", "tag": "answered"]],
            ])
            func post(_ body: String, author: String) async throws {
                let response = try await app.send(.POST, "/api/v1/tickets/\(ticket.id)/messages", token: ws.token(.agent), json: JSONBody(["body": body, "author": author]))
                #expect(response.status == .created)
            }
            try await post("My lawyer will hear about this", author: "agent")
            var now = try await app.ticket(ticket.id, in: ws)
            #expect(now.string("priority") == "normal")
            #expect(now.strings("tags") == ["answered"])
            try await post("I am calling my LAWYER.", author: "customer")
            now = try await app.ticket(ticket.id, in: ws)
            #expect(now.string("priority") == "urgent")
            #expect(now.strings("tags") == ["answered", "legal"])
        }
    }

    @Test("pending for 3 days: one reminder however often the scheduler runs; 7 days: solved")
    func timeRules() async throws {
        try await withRapport { app in
            let start = utc("2026-11-02T09:00:00Z")
            let clock = app.useClock(TestClock(start))
            let ws = try await app.makeWorkspace()
            let customer = try await app.makeCustomer(in: ws, name: "Nora Nilsen", emails: ["nora@example.no"])
            let ticket = try await app.makeTicket(in: ws, requester: customer.id, subject: "Photos of the damage")
            let other = try await app.makeTicket(in: ws, requester: customer.id, subject: "Still open")
            #expect(try await app.send(.PATCH, "/api/v1/tickets/\(ticket.id)", token: ws.token(.agent), json: JSONBody(["status": "pending"])).status == .ok)
            let reminder = try await app.makeAutomation(in: ws, [
                "name": "Remind after 3 days", "trigger": "time", "time": ["status": "pending", "hours_since_status_change": 72],
                "actions": [["type": "send_reply", "text": "Dear {{customer_name}}, we are still waiting for your answer on ticket {{ticket_number}}."]],
            ])
            try await app.makeAutomation(in: ws, [
                "name": "Solve after 7 days", "trigger": "time", "time": ["status": "pending", "hours_since_status_change": 168],
                "actions": [["type": "set_status", "status": "solved"]],
            ])
            func reminders() async throws -> [[String: Any]] {
                try await app.send(.GET, "/api/v1/tickets/\(ticket.id)/messages", token: ws.token(.viewer)).items.filter { $0.string("author_kind") == "system" }
            }

            #expect(try await AutomationScheduler.run(app, now: start.addingTimeInterval(71 * 3600 + 3599)).timeRulesFired == 0)
            #expect(try await reminders().isEmpty)
            let due = start.addingTimeInterval(72 * 3600)
            clock.now = due
            // Two runs at the same moment, each with a write queue of its own as on two app nodes: one
            // reminder between them; a third run finds nothing to do.
            let otherNode = WriteQueue(database: { app.db(app.writerID) })
            async let first = AutomationScheduler.run(app, now: due)
            async let second = AutomationScheduler.run(app, now: due, writes: otherNode)
            #expect(try await first.timeRulesFired + second.timeRulesFired == 1)
            #expect(try await AutomationScheduler.run(app, now: due).timeRulesFired == 0)
            #expect(try await AutomationScheduler.run(app, now: start.addingTimeInterval(100 * 3600)).timeRulesFired == 0)
            let sent = try await reminders()
            #expect(sent.map { $0.string("body") } == ["Dear Nora Nilsen, we are still waiting for your answer on ticket \(ticket["number"] as? Int ?? 0)."])
            #expect(sent.first?.string("visibility") == "public")
            #expect(try await app.ticket(ticket.id, in: ws).string("status") == "pending")

            let week = start.addingTimeInterval(168 * 3600)
            clock.now = week
            #expect(try await AutomationScheduler.run(app, now: week).timeRulesFired == 1)
            #expect(try await app.ticket(ticket.id, in: ws).string("status") == "solved")
            #expect(try await app.ticket(other.id, in: ws).string("status") == "new")
            let events = try await app.events(of: ticket.id, in: ws)
            let solved = events.first { $0.string("field") == "status" && $0.string("new_value") == "solved" }
            #expect(solved?.string("actor_kind") == "rule")
            #expect(events.contains { $0.string("action") == "automation_fired" && $0.string("actor_id") == reminder.id })
            #expect(try await AutomationScheduler.run(app, now: week.addingTimeInterval(3600)).timeRulesFired == 0)
            #expect(try await reminders().count == 1)

            // Pending again after the customer answers is a new period: a new reminder three days later.
            clock.now = week.addingTimeInterval(3600)
            let reply = try await app.send(.POST, "/api/v1/tickets/\(ticket.id)/messages", token: ws.token(.agent), json: JSONBody(["body": "Here they are", "author": "customer"]))
            #expect(reply.status == .created)
            #expect(try await app.send(.PATCH, "/api/v1/tickets/\(ticket.id)", token: ws.token(.agent), json: JSONBody(["status": "pending"])).status == .ok)
            #expect(try await AutomationScheduler.run(app, now: week.addingTimeInterval(3600 + 72 * 3600)).timeRulesFired == 1)
            #expect(try await reminders().count == 2)
        }
    }
}
