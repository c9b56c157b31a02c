import Foundation
import RapportCore
import Testing
import Vapor
import VaporTesting

@testable import Rapport

@Suite("Customers API")
struct CustomersAPITests {
    @Test("an agent creates a customer and reads it back with every field")
    func createAndRead() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let organization = try await app.makeOrganization(in: ws, name: "Hotel Bellavista")
            let created = try await app.makeCustomer(
                in: ws, name: "Zoë Ångström", emails: ["Zoe@Example.COM", "zoe.work@example.org"], tags: ["VIP", "garden"],
                profile: ["lifecycle": "at_risk", "communication_styles": ["impatient", "skeptic"], "value_tier": "high"],
                extra: [
                    "phones": ["+44 20 7946 0958"], "organization_id": organization.id, "buying_role": "decision_maker",
                    "language": "sv", "time_zone": "Europe/Stockholm", "attributes": ["plan": "gold", "seats": 12, "trial": false],
                    "address": ["city": "Stockholm", "country": "SE"], "consent": ["marketing": true],
                ])
            let read = try await app.send(.GET, "/api/v1/customers/\(created.id)", token: ws.token(.viewer))
            #expect(read.status == .ok)
            let customer = read.json
            #expect(customer.string("name") == "Zoë Ångström")
            #expect(customer.strings("emails") == ["zoe@example.com", "zoe.work@example.org"])
            #expect(customer.strings("tags") == ["garden", "vip"])
            #expect(customer.strings("phones") == ["+44 20 7946 0958"])
            #expect(customer.string("organization_id") == organization.id)
            #expect(customer.string("buying_role") == "decision_maker")
            #expect(customer.string("time_zone") == "Europe/Stockholm")
            #expect(customer.object("attributes")["plan"] as? String == "gold")
            #expect(customer.object("attributes")["seats"] as? Int == 12)
            #expect(customer.object("address")["city"] as? String == "Stockholm")
            #expect(customer.object("consent")["marketing"] as? Bool == true)
            let profile = customer.object("profile")
            let lifecycle = profile["lifecycle"] as? [String: Any]
            #expect(lifecycle?["value"] as? String == "at_risk")
            #expect(lifecycle?["source"] as? String == "agent")
            #expect(lifecycle?["set_by_user_id"] as? String == ws.users[.agent]!.id!.uuidString)
            #expect(lifecycle?["confidence"] as? Double == 1)
            let styles = (profile["communication_styles"] as? [[String: Any]])?.compactMap { $0["value"] as? String }
            #expect(styles == ["impatient", "skeptic"])
        }
    }

    @Test("lists filter on every profile dimension, tag, text and archived state")
    func filters() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            try await app.makeCustomer(in: ws, name: "Ann Impatient", emails: ["ann@example.com"], tags: ["vip"],
                profile: ["lifecycle": "at_risk", "communication_styles": ["impatient"], "shopper_type": "showroomer", "relationship": "wandering", "value_tier": "high"])
            try await app.makeCustomer(in: ws, name: "Bob Chatty", emails: ["bob@shop.example"], tags: ["vip", "b2b"],
                profile: ["lifecycle": "loyal", "communication_styles": ["chatty", "loyalist"], "shopper_type": "loyal", "relationship": "loyal", "value_tier": "medium"])
            let carol = try await app.makeCustomer(in: ws, name: "Carol Confused", emails: ["carol@example.net"],
                profile: ["lifecycle": "new", "communication_styles": ["confused"], "shopper_type": "confused", "relationship": "low_budget", "value_tier": "low"])

            func names(_ query: String) async throws -> [String] {
                let response = try await app.send(.GET, "/api/v1/customers?\(query)", token: ws.token(.viewer))
                #expect(response.status == .ok, "\(query): \(response.text)")
                return response.items.compactMap { $0["name"] as? String }
            }
            #expect(try await names("") == ["Ann Impatient", "Bob Chatty", "Carol Confused"])
            #expect(try await names("lifecycle=at_risk") == ["Ann Impatient"])
            #expect(try await names("lifecycle=at_risk,new") == ["Ann Impatient", "Carol Confused"])
            #expect(try await names("communication_style=chatty") == ["Bob Chatty"])
            #expect(try await names("shopper_type=confused") == ["Carol Confused"])
            #expect(try await names("relationship=loyal") == ["Bob Chatty"])
            #expect(try await names("value_tier=high") == ["Ann Impatient"])
            #expect(try await names("tag=vip") == ["Ann Impatient", "Bob Chatty"])
            #expect(try await names("tag=vip,b2b") == ["Bob Chatty"])
            #expect(try await names("q=shop.example") == ["Bob Chatty"])
            #expect(try await names("q=CAROL") == ["Carol Confused"])
            #expect(try await names("q=100%25") == [])
            #expect(try await names("value_tier=high&tag=b2b") == [])

            let archived = try await app.send(.POST, "/api/v1/customers/\(carol.id)/archive", token: ws.token(.agent))
            #expect(archived.status == .ok)
            #expect(archived.json["archived"] as? Bool == true)
            #expect(try await names("") == ["Ann Impatient", "Bob Chatty"])
            #expect(try await names("archived=true") == ["Carol Confused"])
            #expect(try await names("archived=any").count == 3)
            #expect(try await app.send(.POST, "/api/v1/customers/\(carol.id)/unarchive", token: ws.token(.agent)).status == .ok)
            #expect(try await names("").count == 3)
        }
    }

    @Test("cursor pagination walks every customer once, in name order")
    func pagination() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let names = (0..<23).map { String(format: "Customer %02d", $0) } + ["customer 05", "Customer 05"]
            for name in names { try await app.makeCustomer(in: ws, name: name) }
            var seen: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let path = "/api/v1/customers?limit=10" + (cursor.map { "&cursor=\($0)" } ?? "")
                let response = try await app.send(.GET, path, token: ws.token(.viewer))
                #expect(response.status == .ok)
                seen += response.items.map(\.id)
                cursor = response.json["next_cursor"] as? String
                pages += 1
            } while cursor != nil && pages < 10
            #expect(pages == 3)
            #expect(seen.count == 25)
            #expect(Set(seen).count == 25)
            let bad = try await app.send(.GET, "/api/v1/customers?cursor=nonsense", token: ws.token(.viewer))
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.errorFields["cursor"] != nil)
        }
    }

    @Test("a partial update changes only what was sent; null clears a field")
    func partialUpdate() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let customer = try await app.makeCustomer(
                in: ws, name: "Dana", emails: ["dana@example.com"], tags: ["vip"],
                profile: ["lifecycle": "new", "communication_styles": ["analytical"]], extra: ["language": "en", "notes": "likes email"])
            let update = try await app.send(.PATCH, "/api/v1/customers/\(customer.id)", token: ws.token(.agent), json: JSONBody([
                "language": NSNull(), "profile": ["lifecycle": "repeat"], "tags": ["vip", "warranty"],
            ]))
            #expect(update.status == .ok, "\(update.text)")
            let body = update.json
            #expect(body.string("name") == "Dana")
            #expect(body["language"] is NSNull || body["language"] == nil)
            #expect(body.string("notes") == "likes email")
            #expect(body.strings("emails") == ["dana@example.com"])
            #expect(body.strings("tags") == ["vip", "warranty"])
            let profile = body.object("profile")
            #expect((profile["lifecycle"] as? [String: Any])?["value"] as? String == "repeat")
            #expect(((profile["communication_styles"] as? [[String: Any]])?.first)?["value"] as? String == "analytical")
        }
    }

    @Test("invalid input answers 422 naming each field", arguments: [
        (["name": ""], "name"),
        (["name": "X", "emails": ["not-an-email"]], "emails"),
        (["name": "X", "profile": ["lifecycle": "sleepy"]], "profile.lifecycle"),
        (["name": "X", "profile": ["communication_styles": ["impatient", "grumpy"]]], "profile.communication_styles"),
        (["name": "X", "time_zone": "Mars/Olympus"], "time_zone"),
        (["name": "X", "language": "english please"], "language"),
        (["name": "X", "buying_role": "boss"], "buying_role"),
        (["name": "X", "phones": ["call me"]], "phones"),
        (["name": 42], "name"),
        (["name": "X", "organization_id": "7b0c3f9e-1c1a-4d4e-9a55-1e2f3a4b5c6d"], "organization_id"),
    ] as [([String: any Sendable], String)])
    func validation(body: [String: any Sendable], field: String) async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let response = try await app.send(.POST, "/api/v1/customers", token: ws.token(.agent), json: JSONBody(body))
            #expect(response.status == .unprocessableEntity)
            #expect(response.errorFields[field] != nil, "expected an error on \(field), got \(response.text)")
            let list = try await app.send(.GET, "/api/v1/customers", token: ws.token(.viewer))
            #expect(list.items.isEmpty)
        }
    }

    @Test("an email already used by another customer is a conflict")
    func duplicateEmail() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            try await app.makeCustomer(in: ws, name: "First", emails: ["same@example.com"])
            let second = try await app.send(.POST, "/api/v1/customers", token: ws.token(.agent), json: JSONBody(["name": "Second", "emails": ["SAME@example.com"]]))
            #expect(second.status == .conflict)
            #expect(second.errorFields["emails"] != nil)
        }
    }

    @Test("unknown and malformed ids answer 404 in JSON")
    func unknownIDs() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            for path in ["/api/v1/customers/\(UUID())", "/api/v1/customers/not-a-uuid", "/api/v1/customers/\(UUID())/playbook"] {
                let response = try await app.send(.GET, path, token: ws.token(.admin))
                #expect(response.status == .notFound, "\(path)")
                #expect((response.json["error"] as? [String: Any])?["code"] as? String == "not_found")
            }
        }
    }
}
