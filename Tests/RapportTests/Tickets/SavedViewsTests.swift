import Foundation
import RapportCore
import Testing
import Vapor
import VaporTesting

@testable import Rapport

@Suite("Saved views")
struct SavedViewsTests {
    func makeTicket(_ app: Application, _ ws: TestWorkspace, _ body: [String: Any]) async throws -> [String: Any] {
        let response = try await app.send(.POST, "/api/v1/tickets", token: ws.token(.agent), json: JSONBody(body))
        #expect(response.status == .created, "\(response.text)")
        return response.json
    }

    @Test("saved views list their tickets in their sort order, count them in /views, and further filters narrow them")
    func listAndCount() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let customer = try await app.makeCustomer(in: ws, name: "Ada", emails: ["ada@example.com"])
            let agentID = ws.users[.agent]!.id!.uuidString
            for (subject, kind, priority, assigned) in [("A", "complaint", "high", true), ("B", "question", "urgent", true),
                                                        ("C", "complaint", "urgent", false), ("D", "complaint", "urgent", true)] {
                var body: [String: Any] = ["requester_id": customer.id, "subject": subject, "kind": kind, "priority": priority]
                if assigned { body["assignee_id"] = agentID }
                _ = try await makeTicket(app, ws, body)
            }
            let shared = try await app.send(.POST, "/api/v1/saved-views", token: ws.token(.supervisor), json: JSONBody([
                "name": "Complaints", "shared": true, "filters": ["kind": "complaint", "status": ["new", "open"]], "sort": "number",
            ]))
            #expect(shared.status == .created, "\(shared.text)")
            #expect(shared.json.object("filters").string("status") == "new,open")
            let mine = try await app.send(.POST, "/api/v1/saved-views", token: ws.token(.agent), json: JSONBody([
                "name": "My urgent", "filters": ["priority": "urgent", "assignee_id": "me"], "sort": "-number",
            ]))
            #expect(mine.status == .created, "\(mine.text)")

            let complaints = try await app.send(.GET, "/api/v1/tickets?saved_view=\(shared.json.id)", token: ws.token(.agent))
            #expect(complaints.items.map { $0.string("subject") } == ["A", "C", "D"])
            let urgentComplaints = try await app.send(.GET, "/api/v1/tickets?saved_view=\(shared.json.id)&priority=urgent", token: ws.token(.agent))
            #expect(urgentComplaints.items.map { $0.string("subject") } == ["C", "D"])
            let none = try await app.send(.GET, "/api/v1/tickets?saved_view=\(shared.json.id)&status=solved", token: ws.token(.agent))
            #expect(none.status == .ok)
            #expect(none.items.isEmpty)
            let myUrgent = try await app.send(.GET, "/api/v1/tickets?saved_view=\(mine.json.id)", token: ws.token(.agent))
            #expect(myUrgent.items.map { $0.string("subject") } == ["D", "B"])

            let views = try await app.send(.GET, "/api/v1/views", token: ws.token(.agent)).items
            let counts = Dictionary(uniqueKeysWithValues: views.map { ($0.string("id") ?? "", $0["count"] as? Int ?? -1) })
            #expect(counts[shared.json.id] == 3)
            #expect(counts[mine.json.id] == 2)
            #expect(counts["mine"] == 3)
            #expect(views.first { $0.id == mine.json.id }?.string("name") == "My urgent")
            // "me" is whoever looks: the supervisor sees the shared view, not the agent's personal one.
            let supervisorViews = try await app.send(.GET, "/api/v1/views", token: ws.token(.supervisor)).items
            #expect(supervisorViews.contains { $0.id == shared.json.id })
            #expect(!supervisorViews.contains { $0.id == mine.json.id })
        }
    }

    @Test("narrowing keeps what both filters allow, and knows when nothing can match")
    func narrowing() throws {
        let me = UUID()
        let other = UUID()
        func filter(_ parameters: [String: String]) throws -> TicketFilter { try TicketFilter(parameters: { parameters[$0] }, me: me) }
        let view = try filter(["status": "new,open,pending", "assignee_id": "me", "tag": "vip", "q": "grinder"])
        let narrowed = try #require(view.narrowed(by: try filter(["status": "pending,solved", "tag": "refund", "q": "noise", "priority": "high"])))
        #expect(narrowed.statuses == [.pending])
        #expect(narrowed.assigneeID == .some(me))
        #expect(narrowed.tags == ["vip", "refund"])
        #expect(narrowed.text == "grinder noise")
        #expect(narrowed.priorities == [.high])
        #expect(view.narrowed(by: try filter(["status": "solved"])) == nil)
        #expect(view.narrowed(by: try filter(["assignee_id": other.uuidString])) == nil)
        #expect(view.narrowed(by: try filter(["assignee_id": "none"])) == nil)
        #expect(try filter(["unsolved": "true"]).narrowed(by: try filter(["unsolved": "false"])) == nil)
        #expect(view.narrowed(by: TicketFilter()) == view)
    }

    @Test("filters are checked by the list's own parsing; personal views stay personal; sharing needs a supervisor")
    func rules() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let bad = try await app.send(.POST, "/api/v1/saved-views", token: ws.token(.agent), json: JSONBody([
                "name": "Bad", "filters": ["status": "opne", "colour": "red", "assignee_id": "someone"], "sort": "random",
            ]))
            #expect(bad.status == .unprocessableEntity)
            #expect(Set(bad.errorFields.keys) == ["filters.colour", "sort"])
            let badStatus = try await app.send(.POST, "/api/v1/saved-views", token: ws.token(.agent), json: JSONBody([
                "name": "Bad", "filters": ["status": "opne", "assignee_id": "someone"],
            ]))
            #expect(Set(badStatus.errorFields.keys) == ["filters.status", "filters.assignee_id"])
            #expect(badStatus.errorFields["filters.status"]?.contains("must be one of") == true)
            #expect(try await app.send(.POST, "/api/v1/saved-views", token: ws.token(.agent), json: JSONBody(["filters": [:]])).errorFields.keys.contains("name"))
            let sharing = try await app.send(.POST, "/api/v1/saved-views", token: ws.token(.agent), json: JSONBody(["name": "For all", "shared": true]))
            #expect(sharing.status == .forbidden)

            let personal = try await app.send(.POST, "/api/v1/saved-views", token: ws.token(.viewer), json: JSONBody(["name": "Viewer's own", "filters": ["unsolved": true]]))
            #expect(personal.status == .created)
            #expect(personal.json.object("filters").string("unsolved") == "true")
            for role in [Role.agent, .supervisor, .admin] {
                #expect(try await app.send(.GET, "/api/v1/saved-views/\(personal.json.id)", token: ws.token(role)).status == .notFound)
                #expect(try await app.send(.PATCH, "/api/v1/saved-views/\(personal.json.id)", token: ws.token(role), json: JSONBody(["name": "Mine now"])).status == .notFound)
                #expect(try await app.send(.GET, "/api/v1/tickets?saved_view=\(personal.json.id)", token: ws.token(role)).status == .notFound)
            }
            #expect(try await app.send(.GET, "/api/v1/saved-views", token: ws.token(.agent)).items.isEmpty)

            let shared = try await app.send(.POST, "/api/v1/saved-views", token: ws.token(.supervisor), json: JSONBody(["name": "Team queue", "shared": true]))
            #expect(try await app.send(.PATCH, "/api/v1/saved-views/\(shared.json.id)", token: ws.token(.agent), json: JSONBody(["name": "Mine"])).status == .forbidden)
            let renamed = try await app.send(.PATCH, "/api/v1/saved-views/\(shared.json.id)", token: ws.token(.admin), json: JSONBody(["name": "Everyone's queue", "sort": "sla_due_at"]))
            #expect(renamed.json.string("name") == "Everyone's queue")
            #expect(renamed.json.string("sort") == "sla_due_at")
            #expect(try await app.send(.DELETE, "/api/v1/saved-views/\(shared.json.id)", token: ws.token(.agent)).status == .forbidden)
            #expect(try await app.send(.DELETE, "/api/v1/saved-views/\(personal.json.id)", token: ws.token(.viewer)).status == .noContent)
            #expect(try await app.send(.GET, "/api/v1/saved-views", token: ws.token(.viewer)).items.map { $0.string("name") } == ["Everyone's queue"])

            // A text search can be saved too; /views counts its matches.
            let search = try await app.send(.POST, "/api/v1/saved-views", token: ws.token(.agent), json: JSONBody(["name": "Grinders", "filters": ["q": "grinder"]]))
            #expect(search.status == .created)
            let views = try await app.send(.GET, "/api/v1/views", token: ws.token(.agent))
            #expect(views.status == .ok)
            #expect(views.items.first { $0.id == search.json.id }?["count"] as? Int == 0)
        }
    }
}
