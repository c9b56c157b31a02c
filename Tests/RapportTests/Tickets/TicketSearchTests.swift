import Foundation
import RapportCore
import Testing
import Vapor
import VaporTesting

@testable import Rapport

@Suite("Ticket search")
struct TicketSearchTests {
    @discardableResult
    func makeTicket(_ app: Application, _ ws: TestWorkspace, requester: String, subject: String, body: String, priority: String = "normal") async throws -> [String: Any] {
        let response = try await app.send(.POST, "/api/v1/tickets", token: ws.token(.agent), json: JSONBody([
            "requester_id": requester, "subject": subject, "priority": priority, "message": ["body": body, "author": "customer"],
        ]))
        #expect(response.status == .created, "\(response.text)")
        return response.json
    }

    func search(_ app: Application, _ ws: TestWorkspace, _ query: String) async throws -> [[String: Any]] {
        let response = try await app.send(.GET, "/api/v1/tickets?\(query)", token: ws.token(.viewer))
        #expect(response.status == .ok, "\(response.text)")
        return response.items
    }

    @Test("a subject hit ranks above a message hit; filters narrow; snippets highlight the message that matched")
    func rankedAndFiltered() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let ada = try await app.makeCustomer(in: ws, name: "Ada", emails: ["ada@example.com"])
            try await makeTicket(app, ws, requester: ada.id, subject: "Delivery question", body: "The kettle arrived with a cracked lid.")
            try await makeTicket(app, ws, requester: ada.id, subject: "Kettle cracked", body: "See the photo.", priority: "high")
            try await makeTicket(app, ws, requester: ada.id, subject: "Toaster", body: "Burns <everything> & smokes.")

            let hits = try await search(app, ws, "q=kettle")
            #expect(hits.map { $0.string("subject") } == ["Kettle cracked", "Delivery question"])
            #expect(hits.first?.string("snippet") == "<mark>Kettle</mark> cracked")
            #expect(hits.last?.string("snippet")?.contains("The <mark>kettle</mark> arrived") == true)

            let high = try await search(app, ws, "q=kettle&priority=high")
            #expect(high.map { $0.string("subject") } == ["Kettle cracked"])
            // Every word must match, in the subject or in any message of the ticket.
            #expect(try await search(app, ws, "q=kettle%20lid").map { $0.string("subject") } == ["Delivery question"])
            #expect(try await search(app, ws, "q=kettle%20toaster").isEmpty)
            // What the customer typed is escaped; only the highlight is markup.
            #expect(try await search(app, ws, "q=burns").first?.string("snippet") == "<mark>Burns</mark> &lt;everything&gt; &amp; smokes.")
            // Query syntax is taken as words, never as FTS5 or tsquery syntax.
            #expect(try await search(app, ws, "q=kettle%20OR%20%22%3A*(").isEmpty)
        }
    }

    @Test("prefixes of two, three and more letters find their words, alone and with filters")
    func prefixes() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let ada = try await app.makeCustomer(in: ws, name: "Ada", emails: ["ada@example.com"])
            try await makeTicket(app, ws, requester: ada.id, subject: "Refund please", body: "The lid cracked.", priority: "high")
            try await makeTicket(app, ws, requester: ada.id, subject: "Question", body: "When is the replacement coming?")
            try await makeTicket(app, ws, requester: ada.id, subject: "Toaster", body: "It burns everything.")

            #expect(try await search(app, ws, "q=re*").compactMap { $0.string("subject") }.sorted() == ["Question", "Refund please"])
            for prefix in ["rep", "repl", "replac"] {
                #expect(try await search(app, ws, "q=\(prefix)*").map { $0.string("subject") } == ["Question"], "\(prefix)*")
            }
            #expect(try await search(app, ws, "q=re*&priority=high").map { $0.string("subject") } == ["Refund please"])
            #expect(try await search(app, ws, "q=to*").map { $0.string("subject") } == ["Toaster"])
            #expect(try await search(app, ws, "q=xq*").isEmpty)
        }
    }

    @Test("later messages and a new subject are found; the old subject is not; other workspaces are never searched")
    func keptInStep() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let other = try await app.makeWorkspace("globex")
            let ada = try await app.makeCustomer(in: ws, name: "Ada", emails: ["ada@example.com"])
            let bob = try await app.makeCustomer(in: other, name: "Bob", emails: ["bob@example.com"])
            let ticket = try await makeTicket(app, ws, requester: ada.id, subject: "Blender noise", body: "It rattles.")
            try await makeTicket(app, other, requester: bob.id, subject: "Blender noise too", body: "Mine rattles as well.")

            let reply = try await app.send(.POST, "/api/v1/tickets/\(ticket.id)/messages", token: ws.token(.agent), json: JSONBody(["body": "Please send us the serial number."]))
            #expect(reply.status == .created)
            #expect(try await search(app, ws, "q=serial").map { $0.id } == [ticket.id])

            let rename = try await app.send(.PATCH, "/api/v1/tickets/\(ticket.id)", token: ws.token(.agent), json: JSONBody(["subject": "Mixer vibrates"]))
            #expect(rename.status == .ok)
            #expect(try await search(app, ws, "q=mixer").map { $0.id } == [ticket.id])
            #expect(try await search(app, ws, "q=blender").isEmpty)
            #expect(try await search(app, other, "q=blender").map { $0.string("subject") } == ["Blender noise too"])
            #expect(try await search(app, other, "q=serial").isEmpty)
        }
    }

    @Test("search results page with a cursor, each ticket once")
    func pages() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let ada = try await app.makeCustomer(in: ws, name: "Ada", emails: ["ada@example.com"])
            for number in 1...5 {
                try await makeTicket(app, ws, requester: ada.id, subject: "Refund \(number)", body: "A refund please, refund soon.")
            }
            var seen: [String] = []
            var cursor: String?
            repeat {
                let response = try await app.send(.GET, "/api/v1/tickets?q=refund&limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""), token: ws.token(.viewer))
                #expect(response.status == .ok)
                seen += response.items.map(\.id)
                cursor = response.json["next_cursor"] as? String
            } while cursor != nil && seen.count < 10
            #expect(seen.count == 5)
            #expect(Set(seen).count == 5)
        }
    }
}
