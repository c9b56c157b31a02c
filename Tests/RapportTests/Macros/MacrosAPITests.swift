import Foundation
import RapportCore
import Testing
import Vapor
import VaporTesting

@testable import Rapport

@Suite("Macros API")
struct MacrosAPITests {
    func makeTicket(_ app: Application, _ ws: TestWorkspace, requester: String, subject: String, tags: [String] = []) async throws -> [String: Any] {
        let response = try await app.send(.POST, "/api/v1/tickets", token: ws.token(.agent), json: JSONBody([
            "requester_id": requester, "subject": subject, "tags": tags, "message": ["body": "Hello, it broke.", "author": "customer"],
        ]))
        #expect(response.status == .created, "\(response.text)")
        return response.json
    }

    func makeMacro(_ app: Application, _ ws: TestWorkspace, _ body: [String: Any]) async throws -> [String: Any] {
        let response = try await app.send(.POST, "/api/v1/macros", token: ws.token(.supervisor), json: JSONBody(body))
        #expect(response.status == .created, "\(response.text)")
        return response.json
    }

    @Test("supervisors write macros, agents read them; validation names the field")
    func crud() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let body: [String: Any] = ["name": "Ask for receipt", "body": "Hi {{customer.first_name}}, please send the receipt.",
                "actions": ["status": "pending", "add_tags": ["Needs-Receipt"]]]
            #expect(try await app.send(.POST, "/api/v1/macros", token: ws.token(.agent), json: JSONBody(body)).status == .forbidden)
            let macro = try await makeMacro(app, ws, body)
            #expect(macro.string("visibility") == "public")
            #expect(macro.strings("placeholders") == ["customer.first_name"])
            #expect(macro.object("actions").strings("add_tags") == ["needs-receipt"])
            let duplicate = try await app.send(.POST, "/api/v1/macros", token: ws.token(.admin), json: JSONBody(body))
            #expect(duplicate.status == .conflict)

            let unknown = try await app.send(.POST, "/api/v1/macros", token: ws.token(.supervisor), json: JSONBody([
                "name": "Typo", "body": "Dear {{ customer.nmae }}",
            ]))
            #expect(unknown.status == .unprocessableEntity)
            #expect(unknown.errorFields["body"]?.contains("{{customer.nmae}}") == true)
            let bad = try await app.send(.POST, "/api/v1/macros", token: ws.token(.supervisor), json: JSONBody([
                "name": "Bad", "visibility": "secret",
                "actions": ["status": "done", "priority": "asap", "assignee_id": ws.users[.viewer]!.id!.uuidString],
            ]))
            #expect(bad.status == .unprocessableEntity)
            #expect(Set(bad.errorFields.keys) == ["visibility", "actions.status", "actions.priority"])
            let viewer = try await app.send(.POST, "/api/v1/macros", token: ws.token(.supervisor), json: JSONBody([
                "name": "Give to viewer", "actions": ["assignee_id": ws.users[.viewer]!.id!.uuidString],
            ]))
            #expect(viewer.errorFields.keys.contains("actions.assignee_id"))
            let empty = try await app.send(.POST, "/api/v1/macros", token: ws.token(.supervisor), json: JSONBody(["name": "Nothing"]))
            #expect(empty.errorFields.keys.contains("body"))

            let list = try await app.send(.GET, "/api/v1/macros", token: ws.token(.agent))
            #expect(list.items.map { $0.string("name") } == ["Ask for receipt"])
            #expect(try await app.send(.GET, "/api/v1/macros", token: ws.token(.viewer)).status == .forbidden)
            let renamed = try await app.send(.PATCH, "/api/v1/macros/\(macro.id)", token: ws.token(.supervisor), json: JSONBody(["name": "Receipt please"]))
            #expect(renamed.json.string("name") == "Receipt please")
            #expect(renamed.json.string("body") == "Hi {{customer.first_name}}, please send the receipt.")
            #expect(try await app.send(.DELETE, "/api/v1/macros/\(macro.id)", token: ws.token(.supervisor)).status == .noContent)
            #expect(try await app.send(.GET, "/api/v1/macros/\(macro.id)", token: ws.token(.agent)).status == .notFound)
        }
    }

    @Test("applying a macro sends the rendered reply and changes status, priority and tags in one step; preview changes nothing")
    func apply() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let customer = try await app.makeCustomer(in: ws, name: "Søren Kierkegaard", emails: ["soren@example.dk"])
            let ticket = try await makeTicket(app, ws, requester: customer.id, subject: "Grinder is noisy", tags: ["refund", "escalate"])
            let macro = try await makeMacro(app, ws, [
                "name": "Waiting for receipt",
                "body": "Hi {{ customer.first_name }}, ticket #{{ticket.number}} ({{ticket.subject}}) is with {{agent.name}} at {{workspace.name}}.",
                "actions": ["status": "pending", "priority": "high", "add_tags": ["waiting"], "remove_tags": ["escalate"]],
            ])
            let expected = "Hi Søren, ticket #1 (Grinder is noisy) is with Agent of acme at Acme."
            let eventsBefore = try await app.send(.GET, "/api/v1/tickets/\(ticket.id)/events", token: ws.token(.viewer)).items

            let preview = try await app.send(.GET, "/api/v1/tickets/\(ticket.id)/macros/\(macro.id)/preview", token: ws.token(.agent))
            #expect(preview.status == .ok)
            #expect(preview.json.string("body") == expected)
            #expect(try await app.send(.GET, "/api/v1/tickets/\(ticket.id)/events", token: ws.token(.viewer)).items.count == eventsBefore.count)

            let applied = try await app.send(.POST, "/api/v1/tickets/\(ticket.id)/macros/\(macro.id)", token: ws.token(.agent))
            #expect(applied.status == .ok, "\(applied.text)")
            let after = try await app.send(.GET, "/api/v1/tickets/\(ticket.id)", token: ws.token(.viewer)).json
            #expect(after.string("status") == "pending")
            #expect(after.string("priority") == "high")
            #expect(after.strings("tags") == ["refund", "waiting"])
            let messages = try await app.send(.GET, "/api/v1/tickets/\(ticket.id)/messages", token: ws.token(.viewer)).items
            #expect(messages.count == 2)
            #expect(messages.last?.string("body") == expected)
            #expect(messages.last?.string("visibility") == "public")
            #expect(messages.last?.string("author_user_id") == ws.users[.agent]!.id!.uuidString)
            #expect(after.string("first_response_at") != nil)

            let events = try await app.send(.GET, "/api/v1/tickets/\(ticket.id)/events", token: ws.token(.viewer)).items
            let new = events.filter { event in !eventsBefore.contains { $0.id == event.id } }
            #expect(new.allSatisfy { $0.string("actor_id") == ws.users[.agent]!.id!.uuidString && $0.string("actor_kind") == "user" })
            #expect(Set(new.compactMap { $0.string("at") }).count == 1, "one step, one moment")
            #expect(new.contains { $0.string("action") == "macro_applied" && $0.string("new_value") == "Waiting for receipt" })
            #expect(new.contains { $0.string("action") == "message_added" && $0.string("new_value") == messages.last?.id })
            #expect(new.contains { $0.string("field") == "status" && $0.string("old_value") == "new" && $0.string("new_value") == "pending" })
            #expect(new.contains { $0.string("field") == "priority" && $0.string("new_value") == "high" })
            #expect(new.contains { $0.string("field") == "tags" && $0.string("new_value") == "refund,waiting" })
        }
    }

    @Test("an illegal status action is refused and nothing of the macro is applied")
    func illegalStatus() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let customer = try await app.makeCustomer(in: ws, name: "Ada", emails: ["ada@example.com"])
            let ticket = try await makeTicket(app, ws, requester: customer.id, subject: "Broken", tags: ["keep"])
            #expect(try await app.send(.PATCH, "/api/v1/tickets/\(ticket.id)", token: ws.token(.agent), json: JSONBody(["status": "open"])).status == .ok)
            let macro = try await makeMacro(app, ws, [
                "name": "Start over", "body": "Hello {{customer.name}}", "actions": ["status": "new", "priority": "urgent", "add_tags": ["restarted"]],
            ])
            let messagesBefore = try await app.send(.GET, "/api/v1/tickets/\(ticket.id)/messages", token: ws.token(.viewer)).items
            let eventsBefore = try await app.send(.GET, "/api/v1/tickets/\(ticket.id)/events", token: ws.token(.viewer)).items
            let refused = try await app.send(.POST, "/api/v1/tickets/\(ticket.id)/macros/\(macro.id)", token: ws.token(.agent))
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.errorFields["status"]?.contains("cannot go back to new") == true)
            let after = try await app.send(.GET, "/api/v1/tickets/\(ticket.id)", token: ws.token(.viewer)).json
            #expect(after.string("status") == "open")
            #expect(after.string("priority") == "normal")
            #expect(after.strings("tags") == ["keep"])
            let messagesAfter = try await app.send(.GET, "/api/v1/tickets/\(ticket.id)/messages", token: ws.token(.viewer)).items
            #expect(messagesAfter.map(\.id) == messagesBefore.map(\.id))
            let eventsAfter = try await app.send(.GET, "/api/v1/tickets/\(ticket.id)/events", token: ws.token(.viewer)).items
            #expect(eventsAfter.map(\.id) == eventsBefore.map(\.id))

            // A closed ticket takes no macro at all.
            #expect(try await app.send(.PATCH, "/api/v1/tickets/\(ticket.id)", token: ws.token(.agent), json: JSONBody(["status": "solved"])).status == .ok)
            #expect(try await app.send(.PATCH, "/api/v1/tickets/\(ticket.id)", token: ws.token(.agent), json: JSONBody(["status": "closed"])).status == .ok)
            let note = try await makeMacro(app, ws, ["name": "Note", "body": "Checked.", "visibility": "internal"])
            #expect(try await app.send(.POST, "/api/v1/tickets/\(ticket.id)/macros/\(note.id)", token: ws.token(.agent)).status == .conflict)
        }
    }

    @Test("an internal-note macro without a status keeps the ticket's status and adds a note")
    func internalNote() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let customer = try await app.makeCustomer(in: ws, name: "Bea", emails: ["bea@example.com"])
            let ticket = try await makeTicket(app, ws, requester: customer.id, subject: "Where is my parcel")
            let team = try await app.send(.POST, "/api/v1/teams", token: ws.token(.admin), json: JSONBody(["name": "Second line"]))
            let supervisorID = ws.users[.supervisor]!.id!.uuidString
            let macro = try await makeMacro(app, ws, ["name": "Escalated", "body": "Escalated by {{agent.first_name}}.", "visibility": "internal",
                "actions": ["add_tags": ["escalated"], "assignee_id": supervisorID, "team_id": team.json.id]])
            let applied = try await app.send(.POST, "/api/v1/tickets/\(ticket.id)/macros/\(macro.id)", token: ws.token(.agent))
            #expect(applied.status == .ok)
            // An internal note answers nobody, so the status stays; assigning does not change it either.
            #expect(applied.json.object("ticket").string("status") == "new")
            #expect(applied.json.object("ticket").string("assignee_id") == supervisorID)
            #expect(applied.json.object("ticket").string("team_id") == team.json.id)
            #expect(applied.json.object("message").string("visibility") == "internal")
            #expect(applied.json.object("message").string("body") == "Escalated by Agent.")
            #expect(applied.json.object("ticket").strings("tags") == ["escalated"])
        }
    }

    @Test("macros and tickets of another workspace answer 404")
    func isolation() async throws {
        try await withRapport { app in
            let home = try await app.makeWorkspace("home")
            let other = try await app.makeWorkspace("other")
            let customer = try await app.makeCustomer(in: home, name: "Home", emails: ["h@example.com"])
            let otherCustomer = try await app.makeCustomer(in: other, name: "Other", emails: ["o@example.com"])
            let homeTicket = try await makeTicket(app, home, requester: customer.id, subject: "Home ticket")
            let otherTicket = try await makeTicket(app, other, requester: otherCustomer.id, subject: "Other ticket")
            let homeMacro = try await makeMacro(app, home, ["name": "Home macro", "body": "Hi", "actions": ["priority": "urgent"]])
            let otherMacro = try await makeMacro(app, other, ["name": "Other macro", "body": "Hi", "actions": ["priority": "urgent"]])
            for path in ["/api/v1/tickets/\(otherTicket.id)/macros/\(homeMacro.id)", "/api/v1/tickets/\(homeTicket.id)/macros/\(otherMacro.id)"] {
                #expect(try await app.send(.POST, path, token: other.token(.admin)).status == .notFound, "\(path)")
                #expect(try await app.send(.GET, path + "/preview", token: other.token(.admin)).status == .notFound, "\(path)")
            }
            let still = try await app.send(.GET, "/api/v1/tickets/\(homeTicket.id)", token: home.token(.viewer)).json
            #expect(still.string("priority") == "normal")
        }
    }
}
