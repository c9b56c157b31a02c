import Fluent
import Foundation
import RapportCore
import Testing
import Vapor
import VaporTesting

@testable import Rapport

/// The admin pages for skills, automations, playbooks, support addresses and outbound mail: each form
/// saves through the API's rules (seen back through the API), names the field of a bad value, and is admin-only.
@Suite("Admin pages")
struct AdminPagesTests {
    /// Each page and a form it posts; AGENT stands for the agent's id.
    static let pages = [
        ("/admin/skills", "/admin/skills/AGENT"), ("/admin/automations", "/admin/automations"),
        ("/admin/playbooks", "/admin/playbooks/communication_style/impatient"), ("/admin/support-addresses", "/admin/support-addresses"),
        ("/admin/outbound-mail", "/admin/outbound-mail"),
    ]

    @Test("every new admin page is for admins only, labels every control, and its forms need the CSRF token", arguments: pages)
    func adminOnly(path: String, form: String) async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let post = form.replacingOccurrences(of: "AGENT", with: try ws.users[.agent]!.requireID().uuidString)
            let agent = try await app.signIn(ws, as: .agent)
            #expect(try await agent.get(path).status == .forbidden)
            let supervisor = try await app.signIn(ws, as: .supervisor)
            #expect(try await supervisor.get(path).status == .forbidden)
            let admin = try await app.signIn(ws, as: .admin)
            let page = try await admin.get(path)
            #expect(page.status == .ok)
            // Every control the page shows has a label pointing at it.
            let ids = page.text.matches(of: /<(?:input|select|textarea) id="([^"]+)"/).map { String($0.1) }
            for id in ids { #expect(page.text.contains("for=\"\(id)\""), "no label for #\(id) on \(path)") }
            #expect(try await admin.post(post, form: [("name", "x")], csrf: false).status == .forbidden)
            #expect(try await agent.post(post, form: [("name", "x")]).status == .forbidden)
        }
    }

    @Test("an SLA policy put first from the page goes before every existing policy, even one at position 0")
    func slaPolicyFirst() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            for name in ["VIP", "Everything else"] {
                let made = try await app.send(.POST, "/api/v1/sla-policies", token: ws.token(.admin),
                    json: JSONBody(["name": name, "targets": ["first_response_minutes": 60]]))
                #expect(made.status == .created)
            }
            let admin = try await app.signIn(ws, as: .admin)
            let created = try await admin.post("/admin/sla/policies", form: [
                ("name", "Urgent fast"), ("priorities[]", "urgent"), ("first_response_minutes", "15"), ("first", "1"),
            ])
            #expect(created.status == .seeOther)
            let policies = try await app.send(.GET, "/api/v1/sla-policies", token: ws.token(.admin)).items
            let order = policies.sorted { ($0["position"] as? Int ?? 0) < ($1["position"] as? Int ?? 0) }.map { $0["name"] as? String ?? "" }
            #expect(order == ["Urgent fast", "VIP", "Everything else"])
            #expect(Set(policies.compactMap { $0["position"] as? Int }).count == 3, "no two policies share a position")
        }
    }

    @Test("an admin sets an agent's skills; a bad language tag is named and nothing is saved")
    func skills() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let agentID = try ws.users[.agent]!.requireID()
            let admin = try await app.signIn(ws, as: .admin)
            #expect(try await admin.get("/admin/skills").text.contains("/admin/skills/\(agentID)"))
            let saved = try await admin.post("/admin/skills/\(agentID)", form: [
                ("languages", "DE, en"), ("products", "Garden hose"), ("communication_styles[]", "impatient"), ("communication_styles[]", "analytical"),
            ])
            #expect(saved.status == .seeOther)
            let user = try await app.send(.GET, "/api/v1/users/\(agentID)", token: ws.token(.admin)).json
            let skills = user["skills"] as? [String: Any] ?? [:]
            #expect(skills["languages"] as? [String] == ["de", "en"])
            #expect(skills["products"] as? [String] == ["Garden hose"])
            #expect(skills["communication_styles"] as? [String] == ["analytical", "impatient"])
            #expect(try await admin.get("/admin/skills").text.contains("Garden hose"))

            let refused = try await admin.post("/admin/skills/\(agentID)", form: [("languages", "de, not a language!")])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("<strong>languages</strong>"))
            #expect(refused.text.contains("not a language!"))
            let after = try await app.send(.GET, "/api/v1/users/\(agentID)", token: ws.token(.admin)).json
            #expect((after["skills"] as? [String: Any])?["products"] as? [String] == ["Garden hose"])

            let other = try await app.makeWorkspace("other")
            let stranger = try await app.signIn(other, as: .admin)
            #expect(try await stranger.get("/admin/skills/\(agentID)").status == .notFound)
            #expect(try await stranger.post("/admin/skills/\(agentID)", form: [("languages", "fr")]).status == .notFound)
        }
    }

    @Test("an admin creates an automation that then acts on new tickets, turns it off and deletes it")
    func automations() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let admin = try await app.signIn(ws, as: .admin)
            let missing = try await admin.post("/admin/automations", form: [
                ("name", "Tag hoses"), ("trigger", "ticket_created"), ("field", "text"), ("operator", "contains"), ("value", "hose"), ("action_type", "add_tag"),
            ])
            #expect(missing.status == .unprocessableEntity)
            #expect(missing.text.contains("<strong>actions[0].tag</strong>"))
            #expect(missing.text.contains("value=\"Tag hoses\""), "the form keeps what was typed")
            let created = try await admin.post("/admin/automations", form: [
                ("name", "Tag hoses"), ("trigger", "ticket_created"), ("field", "text"), ("operator", "contains"), ("value", "hose"),
                ("action_type", "add_tag"), ("tag", "hoses"),
            ])
            #expect(created.status == .seeOther)
            let rules = try await app.send(.GET, "/api/v1/automations", token: ws.token(.admin)).items
            #expect(rules.count == 1)
            #expect(rules.first?["active"] as? Bool == true)
            let customer = try await app.makeCustomer(in: ws, name: "Ana", emails: ["ana@example.com"])
            let ticket = try await app.makeWebTicket(in: ws, requester: customer.id, subject: "My hose leaks")
            let tags = try await app.send(.GET, "/api/v1/tickets/\(ticket)", token: ws.token(.agent)).json["tags"] as? [String]
            #expect(tags == ["hoses"])

            let id = rules[0].id
            let stranger = try await app.signIn(try await app.makeWorkspace("other"), as: .admin)
            #expect(try await stranger.post("/admin/automations/\(id)/active", form: []).status == .notFound)
            #expect(try await stranger.post("/admin/automations/\(id)/delete", form: []).status == .notFound)
            #expect(try await admin.post("/admin/automations/\(id)/active", form: []).status == .seeOther)
            #expect(try await app.send(.GET, "/api/v1/automations/\(id)", token: ws.token(.admin)).json["active"] as? Bool == false)
            #expect(try await admin.get("/admin/automations").text.contains("Turn on"))
            #expect(try await admin.post("/admin/automations/\(id)/delete", form: []).status == .seeOther)
            #expect(try await app.send(.GET, "/api/v1/automations", token: ws.token(.admin)).items.isEmpty)
        }
    }

    @Test("an admin edits a playbook entry, agents see it on the customer, and a reset brings the default back")
    func playbooks() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let admin = try await app.signIn(ws, as: .admin)
            #expect(try await admin.get("/admin/playbooks").text.contains("/admin/playbooks/communication_style/impatient"))
            let form = try await admin.get("/admin/playbooks/communication_style/impatient")
            #expect(form.status == .ok)
            let empty = try await admin.post("/admin/playbooks/communication_style/impatient", form: [
                ("title", "Be quick"), ("summary", "They hate waiting."), ("tone", "Brisk"), ("actions", ""), ("importance", "90"),
            ])
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.text.contains("<strong>actions</strong> needs at least one item"))
            let saved = try await admin.post("/admin/playbooks/communication_style/impatient", form: [
                ("title", "Be quick"), ("summary", "They hate waiting."), ("tone", "Brisk"), ("actions", "Answer within the hour\nGive a date"),
                ("avoid", "Long preambles"), ("importance", "90"),
            ])
            #expect(saved.status == .seeOther)
            let entry = try await app.send(.GET, "/api/v1/playbooks/communication_style/impatient", token: ws.token(.agent)).json
            #expect(entry["title"] as? String == "Be quick")
            #expect(entry["actions"] as? [String] == ["Answer within the hour", "Give a date"])
            #expect(entry["customized"] as? Bool == true)
            let customer = try await app.makeCustomer(in: ws, name: "Ana", emails: ["ana@example.com"], profile: ["communication_styles": ["impatient"]])
            let ticket = try await app.makeWebTicket(in: ws, requester: customer.id, subject: "Where is it")
            let agent = try await app.signIn(ws, as: .agent)
            #expect(try await agent.get("/tickets/\(ticket)").text.contains("Answer within the hour"))
            #expect(try await admin.post("/admin/playbooks/communication_style/impatient/reset", form: []).status == .seeOther)
            let reset = try await app.send(.GET, "/api/v1/playbooks/communication_style/impatient", token: ws.token(.agent)).json
            #expect(reset["customized"] as? Bool == false)
            #expect(try await admin.get("/admin/playbooks/lifecycle/not_a_value").status == .notFound)
        }
    }

    @Test("an admin adds a support address for a team, is told what is wrong with a bad one, and deletes it")
    func supportAddresses() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let team = try await app.send(.POST, "/api/v1/teams", token: ws.token(.admin), json: JSONBody(["name": "Returns"])).json.id
            let admin = try await app.signIn(ws, as: .admin)
            let bad = try await admin.post("/admin/support-addresses", form: [("address", "help+x@acme.test")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("<strong>address</strong> must not contain"))
            let created = try await admin.post("/admin/support-addresses", form: [
                ("address", "Returns@Acme.test"), ("display_name", "Acme returns"), ("team_id", team), ("is_default", "1"),
            ])
            #expect(created.status == .seeOther)
            let rows = try await app.send(.GET, "/api/v1/support-addresses", token: ws.token(.admin)).items
            #expect(rows.count == 1)
            #expect(rows.first?["address"] as? String == "returns@acme.test")
            #expect(rows.first?["team_id"] as? String == team)
            #expect(rows.first?["is_default"] as? Bool == true)
            let page = try await admin.get("/admin/support-addresses")
            #expect(page.text.contains("Acme returns") && page.text.contains("Returns"))
            let taken = try await admin.post("/admin/support-addresses", form: [("address", "returns@acme.test")])
            #expect(taken.status == .conflict)
            #expect(taken.text.contains("already a support address"))
            let stranger = try await app.signIn(try await app.makeWorkspace("other"), as: .admin)
            #expect(try await stranger.post("/admin/support-addresses/\(rows[0].id)/delete", form: []).status == .notFound)
            #expect(!(try await stranger.get("/admin/support-addresses").text.contains("returns@acme.test")))
            #expect(try await admin.post("/admin/support-addresses/\(rows[0].id)/delete", form: []).status == .seeOther)
            #expect(try await app.send(.GET, "/api/v1/support-addresses", token: ws.token(.admin)).items.isEmpty)
        }
    }

    @Test("an admin saves the outbound mail settings (the password never shown back) and sends a test message to a real SMTP server",
          .enabled(if: SMTPSink.isAvailable, SMTPSink.unavailableReason))
    func outboundMail() async throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let admin = try await app.signIn(ws, as: .admin)
            let badPort = try await admin.post("/admin/outbound-mail", form: [("host", "127.0.0.1"), ("port", "smtp"), ("tls_mode", "none")])
            #expect(badPort.status == .unprocessableEntity)
            #expect(badPort.text.contains("<strong>port</strong> must be a whole number"))
            let noHost = try await admin.post("/admin/outbound-mail", form: [("host", ""), ("port", "25"), ("tls_mode", "none")])
            #expect(noHost.status == .unprocessableEntity)
            #expect(noHost.text.contains("<strong>host</strong>"))
            #expect(try await app.send(.GET, "/api/v1/settings/outbound-mail", token: ws.token(.admin)).json["configured"] as? Bool == false)

            let saved = try await admin.post("/admin/outbound-mail", form: [
                ("host", "127.0.0.1"), ("port", "\(sink.port)"), ("tls_mode", "none"), ("password", "hunter2 secret"), ("from_name", "Acme help"),
            ])
            #expect(saved.status == .seeOther)
            let settings = try await app.send(.GET, "/api/v1/settings/outbound-mail", token: ws.token(.admin)).json
            #expect(settings["port"] as? Int == sink.port)
            #expect(settings["password_set"] as? Bool == true)
            #expect(settings["verify_certificate"] as? Bool == false)
            let page = try await admin.get("/admin/outbound-mail")
            #expect(page.text.contains("one is set") && !page.text.contains("hunter2"))

            let tested = try await admin.post("/admin/outbound-mail/test", form: [("to", "someone@example.com")])
            #expect(tested.status == .ok)
            #expect(tested.text.contains("Delivered"))
            let received = try sink.received()
            #expect(received.count == 1)
            #expect(received.first?.recipients == ["someone@example.com"])
            let badTo = try await admin.post("/admin/outbound-mail/test", form: [("to", "nobody")])
            #expect(badTo.status == .unprocessableEntity)
            #expect(badTo.text.contains("<strong>to</strong> is not an email address"))
        }
    }
}
