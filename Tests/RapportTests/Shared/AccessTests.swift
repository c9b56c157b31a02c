import Foundation
import RapportCore
import Testing
import Vapor
import VaporTesting

@testable import Rapport

/// Walks every API route the application registers: each one must be listed here with the
/// role it needs, so a new route cannot ship without an access rule and a test of it.
@Suite("Access control")
struct AccessTests {
    /// The lowest role each route allows; nil means no token is needed.
    static let minimumRole: [String: Role?] = [
        "GET /api/v1/openapi.json": nil,
        "GET /api/v1/settings/outbound-mail": .admin,
        "PUT /api/v1/settings/outbound-mail": .admin,
        "POST /api/v1/settings/outbound-mail/test": .admin,
        "GET /api/v1/settings/acknowledgement": .admin,
        "PUT /api/v1/settings/acknowledgement": .admin,
        "POST /api/v1/auth/token": nil,
        "GET /api/v1/me": .viewer,
        "GET /api/v1/metrics": .agent,
        "GET /api/v1/feedback": .agent, "POST /api/v1/feedback": .agent, "GET /api/v1/feedback/themes": .agent, "GET /api/v1/insights": .agent,
        "GET /api/v1/surveys/nps": .supervisor, "POST /api/v1/surveys/nps": .supervisor,
        "GET /api/v1/improvements": .agent, "GET /api/v1/improvements/:id": .agent, "POST /api/v1/improvements": .supervisor, "PATCH /api/v1/improvements/:id": .supervisor,
        "GET /api/v1/reports/principal": .viewer, "GET /api/v1/reports/principal/:file": .viewer,
        "GET /api/v1/report-schedules": .supervisor, "POST /api/v1/report-schedules": .supervisor, "DELETE /api/v1/report-schedules/:id": .supervisor,
        "GET /api/v1/customers": .viewer,
        "POST /api/v1/customers": .agent,
        "GET /api/v1/customers/:id": .viewer,
        "PATCH /api/v1/customers/:id": .agent,
        "POST /api/v1/customers/:id/archive": .agent,
        "POST /api/v1/customers/:id/unarchive": .agent,
        "GET /api/v1/customers/:id/playbook": .viewer,
        "DELETE /api/v1/customers/:id/profile/:dimension": .agent,
        "POST /api/v1/customers/import": .agent,
        "GET /api/v1/customers/export": .supervisor,
        "GET /api/v1/customers/:id/orders": .viewer,
        "GET /api/v1/orders": .viewer,
        "POST /api/v1/orders": .agent,
        "GET /api/v1/orders/:id": .viewer,
        "PATCH /api/v1/orders/:id": .agent,
        "POST /api/v1/orders/import": .agent,
        "GET /api/v1/analytics/customer-value": .viewer,
        "POST /api/v1/analytics/customer-value/fit": .supervisor,
        "GET /api/v1/organizations": .viewer,
        "POST /api/v1/organizations": .agent,
        "GET /api/v1/organizations/:id": .viewer,
        "PATCH /api/v1/organizations/:id": .agent,
        "POST /api/v1/organizations/:id/archive": .agent,
        "POST /api/v1/organizations/:id/unarchive": .agent,
        "GET /api/v1/playbooks": .viewer,
        "GET /api/v1/playbooks/:dimension/:value": .viewer,
        "PUT /api/v1/playbooks/:dimension/:value": .admin,
        "DELETE /api/v1/playbooks/:dimension/:value": .admin,
        "GET /api/v1/users": .admin,
        "POST /api/v1/users": .admin,
        "GET /api/v1/users/:id": .admin,
        "PATCH /api/v1/users/:id": .admin,
        "GET /api/v1/teams": .admin,
        "POST /api/v1/teams": .admin,
        "GET /api/v1/teams/:id": .admin,
        "PATCH /api/v1/teams/:id": .admin,
        "DELETE /api/v1/teams/:id": .admin,
        "GET /api/v1/tickets": .viewer,
        "POST /api/v1/tickets": .agent,
        "POST /api/v1/tickets/bulk": .agent,
        "GET /api/v1/tickets/:id": .viewer,
        "PATCH /api/v1/tickets/:id": .agent,
        "GET /api/v1/tickets/:id/messages": .viewer,
        "POST /api/v1/tickets/:id/messages": .agent,
        "GET /api/v1/tickets/:id/events": .viewer,
        "GET /api/v1/tickets/:id/attachments/:attachment": .viewer,
        "GET /api/v1/views": .viewer,
        "GET /api/v1/business-calendars": .supervisor,
        "POST /api/v1/business-calendars": .admin,
        "GET /api/v1/business-calendars/:id": .supervisor,
        "PATCH /api/v1/business-calendars/:id": .admin,
        "DELETE /api/v1/business-calendars/:id": .admin,
        "GET /api/v1/sla-policies": .supervisor,
        "POST /api/v1/sla-policies": .admin,
        "GET /api/v1/sla-policies/:id": .supervisor,
        "PATCH /api/v1/sla-policies/:id": .admin,
        "DELETE /api/v1/sla-policies/:id": .admin,
        "PUT /api/v1/me/availability": .agent,
        "PUT /api/v1/users/:id/availability": .admin,
        "PUT /api/v1/users/:id/skills": .admin,
        "POST /api/v1/tickets/:id/route": .agent,
        "GET /api/v1/macros": .agent,
        "POST /api/v1/macros": .supervisor,
        "GET /api/v1/macros/:id": .agent,
        "PATCH /api/v1/macros/:id": .supervisor,
        "DELETE /api/v1/macros/:id": .supervisor,
        "POST /api/v1/tickets/:id/macros/:macro_id": .agent,
        "GET /api/v1/tickets/:id/macros/:macro_id/preview": .agent,
        "GET /api/v1/saved-views": .viewer,
        "POST /api/v1/saved-views": .viewer,
        "GET /api/v1/saved-views/:id": .viewer,
        "PATCH /api/v1/saved-views/:id": .viewer,
        "DELETE /api/v1/saved-views/:id": .viewer,
        "POST /api/v1/tickets/:id/merge": .agent,
        "POST /api/v1/tickets/:id/split": .agent,
        "GET /api/v1/tickets/:id/follow-ups": .viewer,
        "POST /api/v1/tickets/:id/follow-ups": .agent,
        "GET /api/v1/follow-ups": .viewer,
        "PATCH /api/v1/follow-ups/:id": .agent,
        "GET /api/v1/notifications": .viewer,
        "POST /api/v1/notifications/:id/read": .viewer,
        "GET /api/v1/automations": .admin,
        "POST /api/v1/automations": .admin,
        "GET /api/v1/automations/:id": .admin,
        "PATCH /api/v1/automations/:id": .admin,
        "DELETE /api/v1/automations/:id": .admin,
        // Authenticated by the workspace's inbound secret instead of a token (InboundAPITests checks its 401s).
        "POST /api/v1/inbound/email": nil,
        "POST /api/v1/inbound/secret": .admin,
        "GET /api/v1/inbound/quarantine": .admin,
        "GET /api/v1/inbound/quarantine/:id/raw": .admin,
        "POST /api/v1/inbound/quarantine/:id/reprocess": .admin,
        "GET /api/v1/inbound/emails/:id/raw": .agent,
        "GET /api/v1/support-addresses": .admin,
        "POST /api/v1/support-addresses": .admin,
        "PATCH /api/v1/support-addresses/:id": .admin,
        "DELETE /api/v1/support-addresses/:id": .admin,
        "POST /api/v1/triage/analyze": .agent,
        "POST /api/v1/triage/feedback": .agent,
        "GET /api/v1/tickets/:id/triage": .viewer,
        "POST /api/v1/tickets/:id/triage/confirm": .agent,
    ]

    static func apiRoutes(_ app: Application) -> [(method: HTTPMethod, pattern: String)] {
        app.routes.all.compactMap { route in
            let pattern = "/" + route.path.map(\.description).joined(separator: "/")
            return pattern.hasPrefix("/api/v1/") ? (route.method, pattern) : nil
        }
    }

    /// A concrete path for a pattern, with ids of real records of `ws` where it has them.
    static func path(for pattern: String, ids: [String: String]) -> String {
        var path = pattern.replacingOccurrences(of: ":dimension/:value", with: "lifecycle/at_risk")
        for (resource, id) in ids where path.hasPrefix("/api/v1/\(resource)/:id") {
            path = path.replacingOccurrences(of: ":id", with: id)
        }
        return path.replacingOccurrences(of: ":id", with: UUID().uuidString)
            .replacingOccurrences(of: ":attachment", with: UUID().uuidString)
            .replacingOccurrences(of: ":macro_id", with: ids["macros"] ?? UUID().uuidString)
    }

    @Test("every API route has an access rule")
    func everyRouteListed() async throws {
        try await withRapport { app in
            let registered = Set(Self.apiRoutes(app).map { "\($0.method.rawValue) \($0.pattern)" })
            #expect(registered == Set(Self.minimumRole.keys))
        }
    }

    @Test("each role gets exactly the routes its rank allows; no token gets 401")
    func roleChecks() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let customer = try await app.makeCustomer(in: ws, name: "Role Probe", emails: ["probe@example.com"])
            let organization = try await app.makeOrganization(in: ws, name: "Probe Org")
            let ids = ["customers": customer.id, "organizations": organization.id, "users": ws.users[.agent]!.id!.uuidString]
            for (method, pattern) in Self.apiRoutes(app) {
                let key = "\(method.rawValue) \(pattern)"
                guard let minimum = Self.minimumRole[key], let minimum else { continue }
                let path = Self.path(for: pattern, ids: ids)
                let anonymous = try await app.send(method, path)
                #expect(anonymous.status == .unauthorized, "\(key) without a token")
                let forged = try await app.send(method, path, token: "rpt_forged0000000000000000000000000000000000")
                #expect(forged.status == .unauthorized, "\(key) with a forged token")
                for role in Role.allCases {
                    let response = try await app.send(method, path, token: ws.token(role), json: JSONBody([:]))
                    if role < minimum {
                        #expect(response.status == .forbidden, "\(key) as \(role.rawValue) should be forbidden, got \(response.status)")
                    } else {
                        #expect(response.status != .forbidden && response.status != .unauthorized,
                            "\(key) as \(role.rawValue) should be allowed, got \(response.status)")
                    }
                }
            }
        }
    }

    @Test("a deactivated user's token stops working")
    func deactivatedUser() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            #expect(try await app.send(.GET, "/api/v1/me", token: ws.token(.agent)).status == .ok)
            let agentID = ws.users[.agent]!.id!.uuidString
            let patch = try await app.send(.PATCH, "/api/v1/users/\(agentID)", token: ws.token(.admin), json: JSONBody(["active": false]))
            #expect(patch.status == .ok)
            #expect(try await app.send(.GET, "/api/v1/me", token: ws.token(.agent)).status == .unauthorized)
        }
    }
}

@Suite("Workspace isolation")
struct IsolationTests {
    @Test("another workspace's ids answer 404 on every route that takes an id")
    func everyIDRoute() async throws {
        try await withRapport { app in
            let home = try await app.makeWorkspace("home")
            let other = try await app.makeWorkspace("other")
            let customer = try await app.makeCustomer(in: home, name: "Private Person", emails: ["private@example.com"])
            let organization = try await app.makeOrganization(in: home, name: "Private Org")
            let team = try await app.send(.POST, "/api/v1/teams", token: home.token(.admin), json: JSONBody(["name": "Private Team"]))
            let ticket = try await app.send(.POST, "/api/v1/tickets", token: home.token(.agent), json: JSONBody([
                "requester_id": customer.id, "subject": "Private matter", "message": ["body": "Please keep this between us."],
            ]))
            let macro = try await app.send(.POST, "/api/v1/macros", token: home.token(.supervisor), json: JSONBody(["name": "Private macro", "body": "Hi"]))
            let view = try await app.send(.POST, "/api/v1/saved-views", token: home.token(.admin), json: JSONBody(["name": "Private view", "shared": true]))
            let calendar = try await app.send(.POST, "/api/v1/business-calendars", token: home.token(.admin), json: JSONBody([
                "name": "Private hours", "time_zone": "UTC", "weekly_hours": [["weekday": "monday", "start": "09:00", "end": "17:00"]],
            ]))
            let policy = try await app.send(.POST, "/api/v1/sla-policies", token: home.token(.admin), json: JSONBody([
                "name": "Private promise", "targets": ["first_response_minutes": 60],
            ]))
            let followUp = try await app.send(.POST, "/api/v1/tickets/\(ticket.json.id)/follow-ups", token: home.token(.agent), json: JSONBody([
                "kind": "call", "due_at": "2026-12-01T09:00:00Z", "owner_id": home.users[.supervisor]!.id!.uuidString,
            ]))
            let notification = try await app.send(.GET, "/api/v1/notifications", token: home.token(.supervisor)).items.first ?? [:]
            let automation = try await app.send(.POST, "/api/v1/automations", token: home.token(.admin), json: JSONBody([
                "name": "Private rule", "trigger": "ticket_created", "actions": [["type": "add_tag", "tag": "private"]],
            ]))
            let order = try await app.send(.POST, "/api/v1/orders", token: home.token(.agent), json: JSONBody([
                "customer_id": customer.id, "reference": "PRIVATE-1", "ordered_at": "2026-11-01T10:00:00Z", "amount": "10.00", "currency": "EUR",
            ]))
            let ids = [
                "orders": order.json.id,
                "customers": customer.id, "organizations": organization.id,
                "users": home.users[.agent]!.id!.uuidString, "teams": team.json.id, "tickets": ticket.json.id,
                "business-calendars": calendar.json.id, "sla-policies": policy.json.id,
                "macros": macro.json.id, "saved-views": view.json.id,
                "follow-ups": followUp.json.id, "notifications": notification.id, "automations": automation.json.id,
            ]
            #expect(!followUp.json.id.isEmpty && !notification.id.isEmpty && !automation.json.id.isEmpty)
            var checked = 0
            for (method, pattern) in AccessTests.apiRoutes(app) where pattern.contains(":id") {
                let path = AccessTests.path(for: pattern, ids: ids)
                let response = try await app.send(method, path, token: other.token(.admin), json: JSONBody(["name": "Hijack"]))
                #expect(response.status == .notFound, "\(method) \(path) from another workspace answered \(response.status)")
                checked += 1
            }
            #expect(checked >= 20)
            // Nothing changed at home.
            let still = try await app.send(.GET, "/api/v1/customers/\(customer.id)", token: home.token(.viewer))
            #expect(still.json.string("name") == "Private Person")
            #expect(still.json["archived"] as? Bool == false)
            let teamAfter = try await app.send(.GET, "/api/v1/teams/\(team.json.id)", token: home.token(.admin))
            #expect(teamAfter.json.string("name") == "Private Team")
            let policyAfter = try await app.send(.GET, "/api/v1/sla-policies/\(policy.json.id)", token: home.token(.admin))
            #expect(policyAfter.json.string("name") == "Private promise")
            let ruleAfter = try await app.send(.GET, "/api/v1/automations/\(automation.json.id)", token: home.token(.admin))
            #expect(ruleAfter.json.string("name") == "Private rule")
            let followUpsAfter = try await app.send(.GET, "/api/v1/tickets/\(ticket.json.id)/follow-ups", token: home.token(.viewer)).items
            #expect(followUpsAfter.map { $0["done"] as? Bool } == [false])
            // Another workspace's lists hold none of it.
            #expect(try await app.send(.GET, "/api/v1/follow-ups?owner_id=any", token: other.token(.admin)).items.isEmpty)
            #expect(try await app.send(.GET, "/api/v1/automations", token: other.token(.admin)).items.isEmpty)
            #expect(try await app.send(.GET, "/api/v1/notifications", token: other.token(.supervisor)).items.isEmpty)
        }
    }

    @Test("lists, filters, exports, playbooks and imports see only their own workspace")
    func listsAndImports() async throws {
        try await withRapport { app in
            let home = try await app.makeWorkspace("home")
            let other = try await app.makeWorkspace("other")
            try await app.makeCustomer(in: home, name: "Home Customer", emails: ["shared@example.com"], tags: ["vip"], profile: ["lifecycle": "loyal"])
            try await app.makeOrganization(in: home, name: "Home Org")
            for path in ["/api/v1/customers", "/api/v1/customers?tag=vip", "/api/v1/customers?lifecycle=loyal", "/api/v1/customers?q=home",
                         "/api/v1/organizations", "/api/v1/organizations?q=home"] {
                let response = try await app.send(.GET, path, token: other.token(.admin))
                #expect(response.status == .ok)
                #expect(response.items.isEmpty, "\(path) leaked \(response.items)")
            }
            let users = try await app.send(.GET, "/api/v1/users", token: other.token(.admin))
            #expect(users.items.allSatisfy { ($0["email"] as? String)?.hasSuffix("@other.test") == true })
            let export = try await app.send(.GET, "/api/v1/customers/export", token: other.token(.admin))
            #expect(!export.text.contains("Home Customer"))
            // The same email in another workspace is another customer, not a match.
            let imported = try await app.send(.POST, "/api/v1/customers/import", token: other.token(.agent),
                body: "name,email\nOther Person,shared@example.com\n", contentType: HTTPMediaType(type: "text", subType: "csv"))
            #expect(imported.json["created"] as? Int == 1)
            let home1 = try await app.send(.GET, "/api/v1/customers", token: home.token(.viewer))
            #expect(home1.items.map { $0["name"] as? String } == ["Home Customer"])
            // A playbook edit in one workspace leaves the other's alone.
            let edit = try await app.send(.PUT, "/api/v1/playbooks/lifecycle/loyal", token: other.token(.admin), json: JSONBody([
                "title": "Ours", "summary": "Our own words.", "actions": ["Do our thing"], "tone": "Ours", "importance": 50,
            ]))
            #expect(edit.status == .ok)
            let homeEntry = try await app.send(.GET, "/api/v1/playbooks/lifecycle/loyal", token: home.token(.viewer))
            #expect(homeEntry.json["customized"] as? Bool == false)
            #expect(homeEntry.json.string("title") != "Ours")
        }
    }
}
