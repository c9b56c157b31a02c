import Foundation
import RapportCore
import Testing
import Vapor
import VaporTesting

@testable import Rapport

@Suite("Tickets API")
struct TicketsAPITests {
    @discardableResult
    func makeTicket(_ app: Application, _ ws: TestWorkspace, requester: String, subject: String, body: String = "Hello") async throws -> [String: Any] {
        let response = try await app.send(.POST, "/api/v1/tickets", token: ws.token(.agent), json: JSONBody([
            "requester_id": requester, "subject": subject, "channel": "email", "message": ["body": body, "author": "customer"],
        ]))
        #expect(response.status == .created, "\(response.text)")
        return response.json
    }

    @Test("tickets get per-workspace numbers; every change is in the history; an illegal status change is refused")
    func lifecycle() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let customer = try await app.makeCustomer(in: ws, name: "Nora Nilsen", emails: ["nora@example.no"])
            let first = try await makeTicket(app, ws, requester: customer.id, subject: "Order 1 is late")
            let second = try await makeTicket(app, ws, requester: customer.id, subject: "Order 2 is late")
            #expect(first["number"] as? Int == 1)
            #expect(second["number"] as? Int == 2)
            #expect(first.string("status") == "new")
            let id = first.id
            let solve = try await app.send(.PATCH, "/api/v1/tickets/\(id)", token: ws.token(.agent), json: JSONBody(["status": "solved", "priority": "high"]))
            #expect(solve.status == .ok)
            let reopenAsNew = try await app.send(.PATCH, "/api/v1/tickets/\(id)", token: ws.token(.agent), json: JSONBody(["status": "new"]))
            #expect(reopenAsNew.status == .unprocessableEntity)
            #expect((reopenAsNew.json["error"] as? [String: Any])?["fields"].map { "\($0)" }?.contains("status") == true)
            // The customer writes again: the solved ticket opens.
            let message = try await app.send(.POST, "/api/v1/tickets/\(id)/messages", token: ws.token(.agent), json: JSONBody([
                "body": "It still has not arrived.", "author": "customer",
            ]))
            #expect(message.status == .created)
            let after = try await app.send(.GET, "/api/v1/tickets/\(id)", token: ws.token(.viewer)).json
            #expect(after.string("status") == "open")
            let events = try await app.send(.GET, "/api/v1/tickets/\(id)/events", token: ws.token(.viewer)).items
            let statusChanges = events.filter { $0.string("field") == "status" }.map { "\($0.string("old_value") ?? "")>\($0.string("new_value") ?? "")" }
            #expect(statusChanges == ["new>solved", "solved>open"])
            #expect(events.contains { $0.string("field") == "priority" && $0.string("new_value") == "high" })
            #expect(events.filter { $0.string("action") == "message_added" }.count == 2)
            // Close it: a closed ticket takes no more messages.
            #expect(try await app.send(.PATCH, "/api/v1/tickets/\(id)", token: ws.token(.agent), json: JSONBody(["status": "solved"])).status == .ok)
            #expect(try await app.send(.PATCH, "/api/v1/tickets/\(id)", token: ws.token(.agent), json: JSONBody(["status": "closed"])).status == .ok)
            let late = try await app.send(.POST, "/api/v1/tickets/\(id)/messages", token: ws.token(.agent), json: JSONBody(["body": "One more thing"]))
            #expect(late.status == .conflict)
        }
    }

    @Test("search finds words in subjects and messages, with the filters, and highlights them")
    func search() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let customer = try await app.makeCustomer(in: ws, name: "Søren Kierkegaard", emails: ["soren@example.dk"])
            try await makeTicket(app, ws, requester: customer.id, subject: "Espresso machine leaks", body: "Water under the boiler every morning.")
            try await makeTicket(app, ws, requester: customer.id, subject: "Invoice question", body: "Why was I charged twice for the café grinder?")
            let hits = try await app.send(.GET, "/api/v1/tickets?q=cafe%20grinder", token: ws.token(.viewer)).items
            #expect(hits.map { $0.string("subject") } == ["Invoice question"])
            #expect(hits.first?.string("snippet")?.contains("<mark>café</mark>") == true)
            let prefix = try await app.send(.GET, "/api/v1/tickets?q=espres*", token: ws.token(.viewer)).items
            #expect(prefix.map { $0.string("subject") } == ["Espresso machine leaks"])
            let filtered = try await app.send(.GET, "/api/v1/tickets?q=boiler&status=solved", token: ws.token(.viewer)).items
            #expect(filtered.isEmpty)
        }
    }

    @Test("the mine view holds my unsolved tickets, and views count them")
    func views() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let customer = try await app.makeCustomer(in: ws, name: "Ada", emails: ["ada@example.com"])
            let agentID = ws.users[.agent]!.id!.uuidString
            let mine = try await makeTicket(app, ws, requester: customer.id, subject: "Mine")
            try await makeTicket(app, ws, requester: customer.id, subject: "Nobody's")
            #expect(try await app.send(.PATCH, "/api/v1/tickets/\(mine.id)", token: ws.token(.agent), json: JSONBody(["assignee_id": agentID])).status == .ok)
            let list = try await app.send(.GET, "/api/v1/tickets?view=mine", token: ws.token(.agent)).items
            #expect(list.map { $0.string("subject") } == ["Mine"])
            let views = try await app.send(.GET, "/api/v1/views", token: ws.token(.agent)).items
            let counts = Dictionary(uniqueKeysWithValues: views.map { ($0.string("id") ?? "", $0["count"] as? Int ?? -1) })
            #expect(counts["mine"] == 1)
            #expect(counts["unassigned"] == 1)
            let viewerAssignee = try await app.send(.PATCH, "/api/v1/tickets/\(mine.id)", token: ws.token(.agent), json: JSONBody(["assignee_id": ws.users[.viewer]!.id!.uuidString]))
            #expect(viewerAssignee.status == .unprocessableEntity)
        }
    }
}

@Suite("Ticket attachments")
struct TicketAttachmentTests {
    @Test("an attachment downloads with its bytes, its media type and as a download, never inline")
    func download() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let customer = try await app.makeCustomer(in: ws, name: "Ines", emails: ["ines@example.pt"])
            let html = "<script>alert('x')</script><p>Olá</p>"
            let created = try await app.send(.POST, "/api/v1/tickets", token: ws.token(.agent), json: JSONBody([
                "requester_id": customer.id, "subject": "Receipt attached",
                "message": ["body": "See the file.", "author": "customer",
                            "attachments": [["filename": "recibo \"final\".html", "content": Data(html.utf8).base64EncodedString()]]],
            ]))
            #expect(created.status == .created, "\(created.text)")
            let messages = try await app.send(.GET, "/api/v1/tickets/\(created.json.id)/messages", token: ws.token(.viewer)).items
            let attachment = (messages.first?["attachments"] as? [[String: Any]])?.first ?? [:]
            let url = try #require(attachment.string("url"))
            let download = try await app.send(.GET, url, token: ws.token(.viewer))
            #expect(download.status == .ok)
            #expect(download.text == html)
            #expect(download.headers.first(name: .contentDisposition) == "attachment; filename=\"recibo final.html\"")
            #expect(download.headers.first(name: "X-Content-Type-Options") == "nosniff")
            let other = try await app.makeWorkspace("other")
            #expect(try await app.send(.GET, url, token: other.token(.viewer)).status == .notFound)
        }
    }
}
