import Foundation
import RapportCore
import Testing
import Vapor
import VaporTesting

@testable import Rapport

@Suite("Playbooks")
struct PlaybookAPITests {
    @Test("a customer's playbook combines every entry their profile brings in, most important first")
    func combinedGuidance() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let organization = try await app.makeOrganization(in: ws, name: "Acme")
            let customer = try await app.makeCustomer(
                in: ws, name: "Irene Impatient", emails: ["irene@example.com"],
                profile: ["lifecycle": "at_risk", "communication_styles": ["impatient", "chatty"], "value_tier": "low"],
                extra: ["organization_id": organization.id, "buying_role": "decision_maker"])
            let response = try await app.send(.GET, "/api/v1/customers/\(customer.id)/playbook", token: ws.token(.viewer))
            #expect(response.status == .ok)
            let entries = response.json["entries"] as? [[String: Any]] ?? []
            let broughtIn = entries.map { ($0["brought_in_by"] as? [String: Any] ?? [:]) }
            let keys = broughtIn.map { "\($0["dimension"] as? String ?? "")=\($0["value"] as? String ?? "")" }
            #expect(Set(keys) == ["lifecycle=at_risk", "communication_style=impatient", "communication_style=chatty", "value_tier=low", "buying_role=decision_maker"])
            let weights = entries.compactMap { $0["weight"] as? Double }
            #expect(weights == weights.sorted(by: >), "entries must come most important first")
            #expect(keys.first == "lifecycle=at_risk" || keys.first == "communication_style=impatient")
            #expect(keys.last == "value_tier=low" || keys.last == "communication_style=chatty")
            #expect(broughtIn.first?["source"] as? String == "agent")
            let checklist = response.json["checklist"] as? [String] ?? []
            #expect(checklist.count == entries.count)
            let firstEntry = entries.first?["entry"] as? [String: Any]
            #expect((firstEntry?["actions"] as? [String])?.first == checklist.first)
            #expect(!(response.json["avoid"] as? [String] ?? []).isEmpty)
        }
    }

    @Test("a customer without a profile gets a hint instead of guidance")
    func emptyProfile() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let customer = try await app.makeCustomer(in: ws, name: "Nobody Yet")
            let response = try await app.send(.GET, "/api/v1/customers/\(customer.id)/playbook", token: ws.token(.agent))
            #expect((response.json["entries"] as? [Any])?.isEmpty == true)
            #expect(response.json["hint"] is String)
        }
    }

    @Test("the shipped set covers every value of every dimension")
    func everyValueListed() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let list = try await app.send(.GET, "/api/v1/playbooks", token: ws.token(.viewer))
            let keys = Set(list.items.map { "\($0["dimension"] as? String ?? "")/\($0["value"] as? String ?? "")" })
            let expected = Set(ProfileDimension.allCases.flatMap { dimension in dimension.allowedValues.map { "\(dimension.rawValue)/\($0)" } })
            #expect(keys == expected)
            #expect(list.items.allSatisfy { ($0["actions"] as? [String])?.count ?? 0 >= 3 })
        }
    }

    @Test("an admin rewrites an entry, customers see it at once, and a reset brings the default back")
    func editAndReset() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let customer = try await app.makeCustomer(in: ws, name: "Sam Skeptic", profile: ["communication_styles": ["skeptic"]])
            let original = try await app.send(.GET, "/api/v1/playbooks/communication_style/skeptic", token: ws.token(.viewer)).json
            let edit = try await app.send(.PUT, "/api/v1/playbooks/communication_style/skeptic", token: ws.token(.admin), json: JSONBody([
                "title": "Show, don't tell", "summary": "Wants proof.", "actions": ["Send the test report", "Offer the 30-day trial"],
                "tone": "Plain facts.", "offer": ["30-day trial"], "avoid": ["Superlatives"], "follow_up": ["Ask after a week"], "importance": 99,
            ]))
            #expect(edit.status == .ok)
            #expect(edit.json["customized"] as? Bool == true)
            let playbook = try await app.send(.GET, "/api/v1/customers/\(customer.id)/playbook", token: ws.token(.agent))
            #expect(playbook.json["checklist"] as? [String] == ["Send the test report"])
            let reset = try await app.send(.DELETE, "/api/v1/playbooks/communication_style/skeptic", token: ws.token(.admin))
            #expect(reset.json.string("title") == original.string("title"))
            #expect(reset.json["customized"] as? Bool == false)
        }
    }

    @Test("an incomplete edit is refused field by field; unknown entries are 404")
    func editValidation() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let bad = try await app.send(.PUT, "/api/v1/playbooks/lifecycle/new", token: ws.token(.admin), json: JSONBody([
                "title": "", "actions": [], "importance": 500,
            ]))
            #expect(bad.status == .unprocessableEntity)
            #expect(Set(bad.errorFields.keys) == ["title", "summary", "tone", "actions", "importance"])
            #expect(try await app.send(.GET, "/api/v1/playbooks/lifecycle/sleepy", token: ws.token(.viewer)).status == .notFound)
            #expect(try await app.send(.GET, "/api/v1/playbooks/mood/happy", token: ws.token(.viewer)).status == .notFound)
        }
    }
}
