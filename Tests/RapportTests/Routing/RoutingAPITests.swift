import Fluent
import Foundation
import RapportCore
import Testing
import Vapor
import VaporTesting

@testable import Rapport

/// An agent made for a routing test: its id and a token of its own.
struct TestAgent {
    var id: String
    var token: String
}

extension Application {
    /// Creates an agent through the users API and gives it a token; `availability` is set by an admin.
    func makeAgent(in ws: TestWorkspace, name: String, availability: String? = "online", skills: [String: Any]? = nil) async throws -> TestAgent {
        let created = try await send(.POST, "/api/v1/users", token: ws.token(.admin), json: JSONBody([
            "email": "\(name.lowercased())@\(ws.workspace.slug).test", "name": name, "role": "agent",
        ]))
        guard created.status == .created, let id = UUID(uuidString: created.json.id), let user = try await User.find(id, on: db) else {
            throw TestFailure("creating \(name) answered \(created.status): \(created.text)")
        }
        let agent = TestAgent(id: created.json.id, token: try await APITokens(db: db).issue(for: user, name: "test"))
        if let availability { try await setAvailability(of: agent, to: availability, in: ws) }
        if let skills {
            let response = try await send(.PUT, "/api/v1/users/\(agent.id)/skills", token: ws.token(.admin), json: JSONBody(skills))
            guard response.status == .ok else { throw TestFailure("skills of \(name) answered \(response.status): \(response.text)") }
        }
        return agent
    }

    func setAvailability(of agent: TestAgent, to availability: String, in ws: TestWorkspace) async throws {
        let response = try await send(.PUT, "/api/v1/users/\(agent.id)/availability", token: ws.token(.admin), json: JSONBody(["availability": availability]))
        guard response.status == .ok else { throw TestFailure("availability answered \(response.status): \(response.text)") }
    }

    func makeTeam(in ws: TestWorkspace, name: String, members: [TestAgent], mode: String?) async throws -> String {
        var body: [String: Any] = ["name": name, "member_ids": members.map(\.id)]
        if let mode { body["routing"] = ["mode": mode] }
        let response = try await send(.POST, "/api/v1/teams", token: ws.token(.admin), json: JSONBody(body))
        guard response.status == .created else { throw TestFailure("creating team \(name) answered \(response.status): \(response.text)") }
        return response.json.id
    }

    /// Creates a ticket in `team` and answers its JSON.
    func makeTeamTicket(in ws: TestWorkspace, requester: String, team: String?, subject: String = "Help", extra: [String: Any] = [:]) async throws -> [String: Any] {
        var body: [String: Any] = ["requester_id": requester, "subject": subject]
        if let team { body["team_id"] = team }
        body.merge(extra) { _, new in new }
        let response = try await send(.POST, "/api/v1/tickets", token: ws.token(.agent), json: JSONBody(body))
        guard response.status == .created else { throw TestFailure("creating a ticket answered \(response.status): \(response.text)") }
        return response.json
    }

    /// Unsolved tickets assigned to the agent, as the ticket list shows them.
    func openTickets(of agent: TestAgent, in ws: TestWorkspace) async throws -> Int {
        try await send(.GET, "/api/v1/tickets?assignee_id=\(agent.id)&unsolved=true&limit=200", token: ws.token(.viewer)).items.count
    }
}

@Suite("Routing")
struct RoutingAPITests {
    @Test("round robin: 300 tickets, created at once, give 3 online agents exactly 100 each")
    func roundRobinFairness() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let customer = try await app.makeCustomer(in: ws, name: "Rita Round", emails: ["rita@example.com"])
            let agents = [
                try await app.makeAgent(in: ws, name: "Ana"), try await app.makeAgent(in: ws, name: "Ben"), try await app.makeAgent(in: ws, name: "Cem"),
            ]
            let team = try await app.makeTeam(in: ws, name: "Front", members: agents, mode: "round_robin")
            // One after the other, each agent takes a turn.
            var first: [String] = []
            for _ in 0..<3 { first.append(try await app.makeTeamTicket(in: ws, requester: customer.id, team: team).string("assignee_id") ?? "none") }
            #expect(Set(first) == Set(agents.map(\.id)))
            // The rest all at once, through the write queue.
            let requester = customer.id
            let assignees = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<297 {
                    group.addTask {
                        try await app.makeTeamTicket(in: ws, requester: requester, team: team, subject: "Burst \(index)").string("assignee_id") ?? "none"
                    }
                }
                return try await group.reduce(into: first) { $0.append($1) }
            }
            let counts = Dictionary(grouping: assignees, by: { $0 }).mapValues(\.count)
            #expect(counts == Dictionary(uniqueKeysWithValues: agents.map { ($0.id, 100) }))
            // What is stored agrees with what was answered.
            for agent in agents { #expect(try await app.openTickets(of: agent, in: ws) == 100) }
        }
    }

    @Test("the assignment is in the history, made by the system, with the reason")
    func history() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let customer = try await app.makeCustomer(in: ws, name: "Hanna History", emails: ["hanna@example.com"])
            let ana = try await app.makeAgent(in: ws, name: "Ana")
            let team = try await app.makeTeam(in: ws, name: "Front", members: [ana], mode: "round_robin")
            let ticket = try await app.makeTeamTicket(in: ws, requester: customer.id, team: team)
            #expect(ticket.string("assignee_id") == ana.id)
            let events = try await app.send(.GET, "/api/v1/tickets/\(ticket.id)/events", token: ws.token(.viewer)).items
            #expect(events.map { $0.string("action") } == ["created", "updated", "routed"])
            let assigned = events[1]
            #expect(assigned.string("field") == "assignee_id")
            #expect(assigned.string("new_value") == ana.id)
            #expect(assigned.string("actor_kind") == "system")
            #expect(events[2].string("new_value") == "round_robin: next in turn among the only online agent")
        }
    }

    @Test("fewest open evens out agents who start with different loads, also when tickets arrive at once")
    func fewestOpen() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let customer = try await app.makeCustomer(in: ws, name: "Fiona Fewest", emails: ["fiona@example.com"])
            let agents = [
                try await app.makeAgent(in: ws, name: "Ana"), try await app.makeAgent(in: ws, name: "Ben"), try await app.makeAgent(in: ws, name: "Cem"),
            ]
            // Ana has 5 open tickets, Ben 2, Cem none; a solved ticket does not count.
            for (agent, count) in zip(agents, [5, 2, 0]) {
                for _ in 0..<count { try await app.makeTeamTicket(in: ws, requester: customer.id, team: nil, extra: ["assignee_id": agent.id]) }
            }
            let solved = try await app.makeTeamTicket(in: ws, requester: customer.id, team: nil, extra: ["assignee_id": agents[2].id])
            #expect(try await app.send(.PATCH, "/api/v1/tickets/\(solved.id)", token: ws.token(.agent), json: JSONBody(["status": "solved"])).status == .ok)
            let team = try await app.makeTeam(in: ws, name: "Returns", members: agents, mode: "fewest_open")
            let first = try await app.makeTeamTicket(in: ws, requester: customer.id, team: team)
            #expect(first.string("assignee_id") == agents[2].id)
            let requester = customer.id
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<298 { group.addTask { _ = try await app.makeTeamTicket(in: ws, requester: requester, team: team) } }
                try await group.waitForAll()
            }
            // 5 + 2 + 1 + 298 = 306: 102 each. Tickets that share a transaction count each other.
            for agent in agents { #expect(try await app.openTickets(of: agent, in: ws) == 102) }
        }
    }

    @Test("away and offline agents get nothing; back online they get tickets again; nobody online leaves the ticket queued")
    func availability() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let customer = try await app.makeCustomer(in: ws, name: "Otto Online", emails: ["otto@example.com"])
            let ana = try await app.makeAgent(in: ws, name: "Ana")
            let ben = try await app.makeAgent(in: ws, name: "Ben", availability: "away")
            let cem = try await app.makeAgent(in: ws, name: "Cem", availability: nil)
            let team = try await app.makeTeam(in: ws, name: "Front", members: [ana, ben, cem], mode: "round_robin")
            for _ in 0..<6 { #expect(try await app.makeTeamTicket(in: ws, requester: customer.id, team: team).string("assignee_id") == ana.id) }
            // Ben comes back and says so himself: he and Ana take turns; Cem, never set, is offline.
            let back = try await app.send(.PUT, "/api/v1/me/availability", token: ben.token, json: JSONBody(["availability": "online"]))
            #expect(back.status == .ok)
            #expect(back.json.string("availability") == "online")
            let shown = try await app.send(.GET, "/api/v1/users/\(cem.id)", token: ws.token(.admin))
            #expect(shown.json.string("availability") == "offline")
            var next: [String] = []
            for _ in 0..<4 { next.append(try await app.makeTeamTicket(in: ws, requester: customer.id, team: team).string("assignee_id") ?? "none") }
            #expect(next == [ben.id, ana.id, ben.id, ana.id])
            // Everyone away or offline: the ticket waits unassigned in the team's queue, and says why.
            try await app.setAvailability(of: ana, to: "offline", in: ws)
            try await app.setAvailability(of: ben, to: "away", in: ws)
            let waiting = try await app.makeTeamTicket(in: ws, requester: customer.id, team: team)
            #expect(waiting["assignee_id"] is NSNull || waiting["assignee_id"] == nil)
            #expect(waiting.string("status") == "new")
            let events = try await app.send(.GET, "/api/v1/tickets/\(waiting.id)/events", token: ws.token(.viewer)).items
            #expect(events.contains { $0.string("action") == "routing_waiting" })
            let nobody = try await app.send(.POST, "/api/v1/tickets/\(waiting.id)/route", token: ws.token(.agent))
            #expect(nobody.status == .conflict)
            #expect((nobody.json["error"] as? [String: Any])?["code"] as? String == "nobody_available")
            // Cem signs in: routing on demand hands him the waiting ticket.
            #expect(try await app.send(.PUT, "/api/v1/me/availability", token: cem.token, json: JSONBody(["availability": "online"])).status == .ok)
            let routed = try await app.send(.POST, "/api/v1/tickets/\(waiting.id)/route", token: ws.token(.agent))
            #expect(routed.status == .ok)
            #expect(routed.json.string("assignee_id") == cem.id)
            #expect(routed.json.string("reason")?.hasPrefix("round_robin:") == true)
            #expect(routed.json.object("ticket").string("assignee_id") == cem.id)
            let again = try await app.send(.POST, "/api/v1/tickets/\(waiting.id)/route", token: ws.token(.agent))
            #expect(again.status == .conflict)
            #expect(try await app.openTickets(of: ana, in: ws) == 8)
            #expect(try await app.openTickets(of: ben, in: ws) == 2)
            #expect(try await app.openTickets(of: cem, in: ws) == 1)
        }
    }

    @Test("skills send a German ticket from an impatient customer to the agent with de and impatient")
    func skills() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let english = try await app.makeAgent(in: ws, name: "Emma", skills: ["languages": ["en"], "communication_styles": ["impatient"], "products": ["Grinder"]])
            let german = try await app.makeAgent(in: ws, name: "Dora", skills: ["languages": ["de"]])
            let patientGerman = try await app.makeAgent(in: ws, name: "Dirk", skills: ["languages": ["DE"], "communication_styles": ["impatient", "analytical"]])
            let team = try await app.makeTeam(in: ws, name: "Europe", members: [english, german, patientGerman], mode: "skills")
            let klaus = try await app.makeCustomer(in: ws, name: "Klaus Ungeduld", emails: ["klaus@example.de"],
                profile: ["communication_styles": ["impatient"]], extra: ["language": "de"])
            let ticket = try await app.makeTeamTicket(in: ws, requester: klaus.id, team: team, extra: ["product": "Grinder"])
            #expect(ticket.string("assignee_id") == patientGerman.id)
            let events = try await app.send(.GET, "/api/v1/tickets/\(ticket.id)/events", token: ws.token(.viewer)).items
            let reason = events.first { $0.string("action") == "routed" }?.string("new_value") ?? ""
            #expect(reason.contains("language de"), "\(reason)")
            #expect(reason.contains("style impatient"), "\(reason)")
            // No language on the customer: the ticket's custom field decides; of the two German speakers
            // the one with fewer open tickets gets it.
            let anon = try await app.makeCustomer(in: ws, name: "Anon", emails: ["anon@example.com"])
            let second = try await app.makeTeamTicket(in: ws, requester: anon.id, team: team, extra: ["custom_fields": ["language": "de-AT"]])
            #expect(second.string("assignee_id") == german.id)
            // Product alone, nobody speaks the customer's language: the product expert.
            let third = try await app.makeTeamTicket(in: ws, requester: anon.id, team: team, extra: ["product": "grinder", "custom_fields": ["language": "fr"]])
            #expect(third.string("assignee_id") == english.id)
        }
    }

    @Test("manual teams never auto-assign; moving a ticket to a routing team assigns it; moving it to a manual team does not")
    func manualAndMoves() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let customer = try await app.makeCustomer(in: ws, name: "Manu Manual", emails: ["manu@example.com"])
            let ana = try await app.makeAgent(in: ws, name: "Ana")
            let manual = try await app.makeTeam(in: ws, name: "Manual", members: [ana], mode: nil)
            let explicitManual = try await app.makeTeam(in: ws, name: "Explicit", members: [ana], mode: "manual")
            let routed = try await app.makeTeam(in: ws, name: "Routed", members: [ana], mode: "fewest_open")
            var ids: [String] = []
            for team in [manual, explicitManual] {
                for _ in 0..<3 {
                    let ticket = try await app.makeTeamTicket(in: ws, requester: customer.id, team: team)
                    #expect(ticket["assignee_id"] is NSNull || ticket["assignee_id"] == nil)
                    ids.append(ticket.id)
                }
            }
            let events = try await app.send(.GET, "/api/v1/tickets/\(ids[0])/events", token: ws.token(.viewer)).items
            #expect(events.map { $0.string("action") } == ["created"])
            let moved = try await app.send(.PATCH, "/api/v1/tickets/\(ids[0])", token: ws.token(.agent), json: JSONBody(["team_id": routed]))
            #expect(moved.status == .ok)
            #expect(moved.json.string("assignee_id") == ana.id)
            let movedEvents = try await app.send(.GET, "/api/v1/tickets/\(ids[0])/events", token: ws.token(.viewer)).items
            #expect(movedEvents.map { "\($0.string("action") ?? ""):\($0.string("actor_kind") ?? "")" }
                == ["created:user", "updated:user", "updated:system", "routed:system"])
            // Back to a manual team without an assignee: it stays unassigned.
            let back = try await app.send(.PATCH, "/api/v1/tickets/\(ids[0])", token: ws.token(.agent), json: JSONBody(["team_id": manual, "assignee_id": NSNull()]))
            #expect(back.status == .ok)
            #expect(back.json["assignee_id"] is NSNull || back.json["assignee_id"] == nil)
            // Routing on demand works for a manual team too (by fewest open tickets).
            let onDemand = try await app.send(.POST, "/api/v1/tickets/\(ids[1])/route", token: ws.token(.agent))
            #expect(onDemand.status == .ok)
            #expect(onDemand.json.string("reason")?.hasPrefix("fewest_open:") == true)
            // A ticket without a team cannot be routed.
            let loose = try await app.makeTeamTicket(in: ws, requester: customer.id, team: nil)
            let noTeam = try await app.send(.POST, "/api/v1/tickets/\(loose.id)/route", token: ws.token(.agent))
            #expect(noTeam.status == .conflict)
        }
    }

    @Test("availability, skills and team routing are validated field by field and shown on users and teams")
    func validationAndDisplay() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let ana = try await app.makeAgent(in: ws, name: "Ana")
            let badStyle = try await app.send(.PUT, "/api/v1/users/\(ana.id)/skills", token: ws.token(.admin), json: JSONBody([
                "languages": ["de", "klingon!"], "communication_styles": ["grumpy"],
            ]))
            #expect(badStyle.status == .unprocessableEntity)
            #expect(badStyle.errorFields.keys.sorted() == ["communication_styles", "languages"])
            let badAvailability = try await app.send(.PUT, "/api/v1/me/availability", token: ana.token, json: JSONBody(["availability": "busy"]))
            #expect(badAvailability.status == .unprocessableEntity)
            #expect(badAvailability.errorFields["availability"] != nil)
            let skills = try await app.send(.PUT, "/api/v1/users/\(ana.id)/skills", token: ws.token(.admin), json: JSONBody([
                "languages": ["pt_BR", "DE", "de"], "products": [" Grinder ", "grinder", "Kettle"], "communication_styles": ["impatient"],
            ]))
            #expect(skills.status == .ok)
            let shown = try await app.send(.GET, "/api/v1/users/\(ana.id)", token: ws.token(.admin)).json
            #expect(shown.string("availability") == "online")
            #expect(shown.object("skills").strings("languages") == ["de", "pt-br"])
            #expect(shown.object("skills").strings("products") == ["Grinder", "Kettle"])
            #expect(shown.object("skills").strings("communication_styles") == ["impatient"])
            let listed = try await app.send(.GET, "/api/v1/users", token: ws.token(.admin)).items.first { $0.id == ana.id }
            #expect(listed?.object("skills").strings("languages") == ["de", "pt-br"])
            let me = try await app.send(.GET, "/api/v1/me", token: ana.token).json
            #expect(me.string("availability") == "online")

            let badMode = try await app.send(.POST, "/api/v1/teams", token: ws.token(.admin), json: JSONBody([
                "name": "Odd", "routing": ["mode": "lottery", "max_open_per_agent": 0],
            ]))
            #expect(badMode.status == .unprocessableEntity)
            #expect(badMode.errorFields.keys.sorted() == ["routing.max_open_per_agent", "routing.mode"])
            let team = try await app.makeTeam(in: ws, name: "Front", members: [ana], mode: nil)
            #expect(try await app.send(.GET, "/api/v1/teams/\(team)", token: ws.token(.admin)).json.object("routing").string("mode") == "manual")
            let changed = try await app.send(.PATCH, "/api/v1/teams/\(team)", token: ws.token(.admin), json: JSONBody([
                "routing": ["mode": "skills", "max_open_per_agent": 2],
            ]))
            #expect(changed.status == .ok)
            #expect(changed.json.object("routing").string("mode") == "skills")
            #expect(changed.json.object("routing")["max_open_per_agent"] as? Int == 2)
            // The cap: Ana takes two tickets, the third waits.
            let customer = try await app.makeCustomer(in: ws, name: "Carl Cap", emails: ["carl@example.com"])
            let assigned = try await [0, 1, 2].asyncMap { _ in try await app.makeTeamTicket(in: ws, requester: customer.id, team: team).string("assignee_id") }
            #expect(assigned == [ana.id, ana.id, nil])
        }
    }
}

extension Array {
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}

extension IsolationTests {
    @Test("routing routes answer 404 for another workspace's users and tickets, and change nothing there")
    func routingRoutes() async throws {
        try await withRapport { app in
            let home = try await app.makeWorkspace("home")
            let other = try await app.makeWorkspace("other")
            let customer = try await app.makeCustomer(in: home, name: "Private Person", emails: ["private@example.com"])
            let agent = try await app.makeAgent(in: home, name: "Ana", availability: "offline")
            let team = try await app.makeTeam(in: home, name: "Front", members: [agent], mode: "round_robin")
            let ticket = try await app.makeTeamTicket(in: home, requester: customer.id, team: team)
            let attempts: [(HTTPMethod, String, [String: Any])] = [
                (.PUT, "/api/v1/users/\(agent.id)/availability", ["availability": "online"]),
                (.PUT, "/api/v1/users/\(agent.id)/skills", ["languages": ["de"]]),
                (.POST, "/api/v1/tickets/\(ticket.id)/route", [:]),
            ]
            for (method, path, body) in attempts {
                let response = try await app.send(method, path, token: other.token(.admin), json: JSONBody(body))
                #expect(response.status == .notFound, "\(method) \(path) from another workspace answered \(response.status)")
            }
            // Another workspace cannot put the agent in its own team either.
            let hijack = try await app.send(.POST, "/api/v1/teams", token: other.token(.admin), json: JSONBody([
                "name": "Hijack", "member_ids": [agent.id], "routing": ["mode": "round_robin"],
            ]))
            #expect(hijack.status == .unprocessableEntity)
            let user = try await app.send(.GET, "/api/v1/users/\(agent.id)", token: home.token(.admin)).json
            #expect(user.string("availability") == "offline")
            #expect(user.object("skills").strings("languages").isEmpty)
            let after = try await app.send(.GET, "/api/v1/tickets/\(ticket.id)", token: home.token(.viewer)).json
            #expect(after["assignee_id"] is NSNull || after["assignee_id"] == nil)
        }
    }
}

extension RoutingAPITests {
    @Test("a bulk move of 30 unassigned tickets to a round-robin team shares them out 10, 10, 10")
    func bulkMove() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let customer = try await app.makeCustomer(in: ws, name: "Bea Bulk", emails: ["bea@example.com"])
            let agents = [
                try await app.makeAgent(in: ws, name: "Ana"), try await app.makeAgent(in: ws, name: "Ben"), try await app.makeAgent(in: ws, name: "Cem"),
            ]
            let team = try await app.makeTeam(in: ws, name: "Front", members: agents, mode: "round_robin")
            var ids: [String] = []
            for _ in 0..<30 { ids.append(try await app.makeTeamTicket(in: ws, requester: customer.id, team: nil).id) }
            let bulk = try await app.send(.POST, "/api/v1/tickets/bulk", token: ws.token(.agent), json: JSONBody([
                "ids": ids, "changes": ["team_id": team],
            ]))
            #expect(bulk.status == .ok)
            for agent in agents { #expect(try await app.openTickets(of: agent, in: ws) == 10) }
        }
    }
}
