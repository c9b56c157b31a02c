import Fluent
import Foundation
import RapportCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import Rapport

@Suite("Web pages")
struct WebPagesTests {
    @Test("sign-in sets a Secure, HttpOnly, SameSite=Lax session cookie whose secret is stored only as a hash")
    func signInCookie() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let browser = try await app.signIn(ws, as: .agent)
            let line = try #require(browser.lastSetCookies.first { $0.hasPrefix("rapport_session=") })
            #expect(line.contains("Secure"))
            #expect(line.contains("HttpOnly"))
            #expect(line.contains("SameSite=Lax"))
            let secret = try #require(browser.cookies["rapport_session"])
            let rows = try await (app.db as! any SQLDatabase).select().column("token_hash").from("web_sessions").all()
            let hashes = try rows.map { try $0.decode(column: "token_hash", as: String.self) }
            #expect(hashes == [APITokens.hash(secret)])
            let inbox = try await browser.get("/")
            #expect(inbox.status == .ok)
            #expect(inbox.text.contains("Mine"))
            #expect(inbox.text.contains("Agent of acme"))
        }
    }

    @Test("a wrong password re-renders the form with 401; sign-out ends the session")
    func wrongPasswordAndSignOut() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            try await app.setPassword("correct horse battery", for: ws.users[.agent]!)
            let stranger = WebTestBrowser(app)
            let refused = try await stranger.post("/sign-in", form: [("email", "agent@acme.test"), ("password", "wrong password!")])
            #expect(refused.status == .unauthorized)
            #expect(refused.text.contains("do not match"))
            let browser = try await app.signIn(ws, as: .agent)
            #expect(try await browser.post("/sign-out", form: []).status == .seeOther)
            let after = try await browser.get("/views/mine")
            #expect(after.status == .seeOther)
            #expect(after.headers.first(name: .location)?.hasPrefix("/?next=") == true)
        }
    }

    @Test("a form without the CSRF token is refused with 403, signed in or not")
    func csrfRefusal() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            try await app.setPassword("correct horse battery", for: ws.users[.agent]!)
            let stranger = WebTestBrowser(app)
            let noToken = try await stranger.post("/sign-in", form: [("email", "agent@acme.test"), ("password", "correct horse battery")], csrf: false)
            #expect(noToken.status == .forbidden)
            #expect(stranger.cookies["rapport_session"] == nil)
            let browser = try await app.signIn(ws, as: .agent)
            let customer = try await app.makeCustomer(in: ws, name: "Ana", emails: ["ana@example.com"])
            let ticket = try await app.makeWebTicket(in: ws, requester: customer.id, subject: "Broken")
            let forged = try await browser.post("/tickets/\(ticket)/properties", form: [("status", "solved")], csrf: false)
            #expect(forged.status == .forbidden)
            let wrong = try await browser.post("/tickets/\(ticket)/properties", form: [("_csrf", "not-the-token"), ("status", "solved")], csrf: false)
            #expect(wrong.status == .forbidden)
            let shown = try await app.send(.GET, "/api/v1/tickets/\(ticket)", token: ws.token(.agent))
            #expect(shown.json["status"] as? String == "new")
        }
    }

    @Test("roles shape the pages: viewers read but cannot change tickets, only admins reach /admin")
    func roleGating() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let customer = try await app.makeCustomer(in: ws, name: "Ana", emails: ["ana@example.com"])
            let ticket = try await app.makeWebTicket(in: ws, requester: customer.id, subject: "Broken")
            let viewer = try await app.signIn(ws, as: .viewer)
            let page = try await viewer.get("/tickets/\(ticket)")
            #expect(page.status == .ok)
            #expect(!page.text.contains("id=\"reply-body\""))
            #expect(!page.text.contains("href=\"/admin\""))
            #expect(try await viewer.post("/tickets/\(ticket)/properties", form: [("status", "solved")]).status == .forbidden)
            #expect(try await viewer.post("/views/unsolved/bulk", form: [("ids[]", ticket), ("action", "status:solved")]).status == .forbidden)
            #expect(try await viewer.get("/admin/sla").status == .forbidden)
            let agent = try await app.signIn(ws, as: .agent)
            #expect(try await agent.get("/admin/users").status == .forbidden)
            let admin = try await app.signIn(ws, as: .admin)
            let sla = try await admin.get("/admin/sla")
            #expect(sla.status == .ok)
            #expect(try await admin.get("/").text.contains("href=\"/admin\""))
        }
    }

    @Test("another workspace's tickets and customers answer 404 on the pages")
    func crossWorkspace() async throws {
        try await withRapport { app in
            let acme = try await app.makeWorkspace("acme")
            let other = try await app.makeWorkspace("other")
            let customer = try await app.makeCustomer(in: acme, name: "Ana", emails: ["ana@example.com"])
            let ticket = try await app.makeWebTicket(in: acme, requester: customer.id, subject: "Secret subject")
            let stranger = try await app.signIn(other, as: .admin)
            #expect(try await stranger.get("/tickets/\(ticket)").status == .notFound)
            #expect(try await stranger.get("/tickets/\(ticket)/live").status == .notFound)
            #expect(try await stranger.get("/customers/\(customer.id)").status == .notFound)
            #expect(try await stranger.post("/tickets/\(ticket)/reply", form: [("body", "hi")]).status == .notFound)
            #expect(!(try await stranger.get("/search?q=Secret").text.contains("Secret subject")))
            #expect(!(try await stranger.get("/views/unsolved").text.contains("Secret subject")))
        }
    }

    @Test("an agent replies from the ticket page; what people typed is shown escaped")
    func replyEscaped() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let customer = try await app.makeCustomer(in: ws, name: "<img src=x onerror=alert(1)>", emails: ["ana@example.com"],
                profile: ["communication_styles": ["impatient"]])
            let ticket = try await app.makeWebTicket(in: ws, requester: customer.id, subject: "<script>alert('s')</script>", body: "<b>bold?</b>")
            let agent = try await app.signIn(ws, as: .agent)
            let reply = try await agent.post("/tickets/\(ticket)/reply", form: [("body", "<script>alert(2)</script>"), ("visibility", "internal")])
            #expect(reply.status == .seeOther)
            let page = try await agent.get("/tickets/\(ticket)")
            #expect(page.text.contains("How to handle this customer"))
            #expect(page.text.contains("Internal note"))
            #expect(page.text.contains("&lt;script&gt;alert(2)&lt;/script&gt;"))
            #expect(!page.text.contains("<script>alert"))
            #expect(!page.text.contains("<img src=x"))
            #expect(!page.text.contains("<b>bold?</b>"))
            let messages = try await app.send(.GET, "/api/v1/tickets/\(ticket)/messages", token: ws.token(.agent)).items
            #expect(messages.last?["visibility"] as? String == "internal")
        }
    }

    @Test("a customer signs in to the portal by a single-use link, sends a request and sees only their own tickets")
    func portal() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let ana = try await app.makeCustomer(in: ws, name: "Ana", emails: ["ana@example.com"])
            let bob = try await app.makeCustomer(in: ws, name: "Bob", emails: ["bob@example.com"])
            let bobs = try await app.makeWebTicket(in: ws, requester: bob.id, subject: "Bob's private matter")
            let browser = WebTestBrowser(app)
            #expect(try await browser.post("/portal/acme/sign-in", form: [("email", "ana@example.com")]).status == .seeOther)
            #expect(try await browser.post("/portal/acme/sign-in", form: [("email", "nobody@example.com")]).status == .seeOther)
            let rows = try await (app.db as! any SQLDatabase).select().column("content").from("outbox").where("kind", .equal, "notification").all()
            #expect(rows.count == 1)
            let mail = try rows[0].decode(column: "content", as: String.self).replacingOccurrences(of: "=\r\n", with: "")
            let range = try #require(mail.range(of: "/portal/acme/link/"))
            let token = String(mail[range.upperBound...].prefix { $0.isLetter || $0.isNumber })
            #expect(try await browser.post("/portal/acme/link/\(token)", form: []).status == .seeOther)
            #expect(browser.cookies["rapport_portal"] != nil)
            let reused = WebTestBrowser(app)
            #expect(try await reused.post("/portal/acme/link/\(token)", form: []).status == .gone)

            let sent = try await browser.post("/portal/acme/requests", form: [("subject", "Hose leaks"), ("body", "Since Monday")])
            #expect(sent.status == .seeOther)
            let home = try await browser.get("/portal/acme")
            #expect(home.text.contains("Hose leaks"))
            #expect(!home.text.contains("Bob&#39;s private matter") && !home.text.contains("Bob's private matter"))
            #expect(try await browser.get("/portal/acme/tickets/\(bobs)").status == .notFound)
            let list = try await app.send(.GET, "/api/v1/tickets?requester_id=\(ana.id)", token: ws.token(.agent)).items
            #expect(list.first?["channel"] as? String == "web")
        }
    }
}
