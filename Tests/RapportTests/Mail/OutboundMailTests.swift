import Fluent
import Foundation
import RapportCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import Rapport

@Suite("Outbound mail to a real SMTP server", .enabled(if: SMTPSink.isAvailable, SMTPSink.unavailableReason))
struct OutboundMailTests {
    let now = Date(timeIntervalSince1970: 1_796_112_000)  // 2026-12-01 08:00 UTC

    /// A workspace with a support address, an SMTP server pointing at `sink`, and a customer with an email.
    func setUp(_ app: Application, sink: SMTPSink, tls: String = "none", credentials: Bool = false) async throws -> (TestWorkspace, String) {
        let ws = try await app.makeWorkspace()
        try await (app.db as! any SQLDatabase).insert(into: "support_addresses")
            .columns("id", "workspace_id", "address", "display_name", "team_id", "is_default", "created_at")
            .values(SQLBind(UUID()), SQLBind(ws.id), SQLBind("help@shop.example"), SQLBind("Shop Help"), SQLBind(UUID?.none), SQLBind(true), SQLBind(now))
            .run()
        var settings: [String: Any] = ["host": "127.0.0.1", "port": sink.port, "tls_mode": tls, "verify_certificate": false, "from_name": "Shöp Hëlp"]
        if credentials { settings["username"] = "mailer"; settings["password"] = "s3cret pass" }
        let saved = try await app.send(.PUT, "/api/v1/settings/outbound-mail", token: ws.token(.admin), json: JSONBody(settings))
        #expect(saved.status == .ok, "\(saved.text)")
        let customer = try await app.makeCustomer(in: ws, name: "Zoë Ärger", emails: ["zoe@customer.example"])
        return (ws, customer.id)
    }

    func makeTicket(_ app: Application, _ ws: TestWorkspace, requester: String) async throws -> [String: Any] {
        let response = try await app.send(.POST, "/api/v1/tickets", token: ws.token(.agent), json: JSONBody([
            "requester_id": requester, "subject": "Wo ist meine Bestellung?", "channel": "email",
            "message": ["body": "Hello, where is my order?", "author": "customer"]]))
        #expect(response.status == .created, "\(response.text)")
        return response.json
    }

    @Test("an agent's reply goes out over STARTTLS with AUTH, threaded, dot-stuffed and in text and HTML")
    func replyDelivered() async throws {
        let sink = try SMTPSink(tls: true, credentials: ("mailer", "s3cret pass"))
        defer { sink.stop() }
        try await withRapport { app in
            app.clock = ManualClock(now).appClock
            let (ws, customer) = try await setUp(app, sink: sink, tls: "starttls", credentials: true)
            let shown = try await app.send(.GET, "/api/v1/settings/outbound-mail", token: ws.token(.admin))
            #expect(shown.json["password_set"] as? Bool == true)
            #expect(shown.json["password"] == nil && !shown.text.contains("s3cret"))
            let sealed = try await (app.db as! any SQLDatabase).select().column("password_sealed").from("outbound_mail_settings").first()?
                .decode(column: "password_sealed", as: String?.self)
            #expect(sealed != nil && !(sealed ?? "").contains("s3cret"))

            let ticket = try await makeTicket(app, ws, requester: customer)
            let ticketID = ticket.id
            // The customer's mail, as inbound records it.
            try await (app.db as! any SQLDatabase).insert(into: "mail_threads")
                .columns("id", "workspace_id", "message_id", "ticket_id", "ticket_message_id", "direction", "created_at")
                .values(SQLBind(UUID()), SQLBind(ws.id), SQLBind("first@customer.example"), SQLBind(UUID(uuidString: ticketID)!), SQLBind(UUID?.none), SQLBind("in"), SQLBind(now))
                .run()
            let body = "Hi Zoë,\n.this line starts with a dot\n..and this with two\n\nYour order ships today. <b>not bold</b>"
            let reply = try await app.send(.POST, "/api/v1/tickets/\(ticketID)/messages", token: ws.token(.agent), json: JSONBody(["body": body]))
            #expect(reply.status == .created, "\(reply.text)")
            let messageID = reply.json.id

            let queued = try await app.send(.GET, "/api/v1/tickets/\(ticketID)/messages", token: ws.token(.viewer))
            #expect(queued.items.first { $0.id == messageID }?.object("delivery").string("status") == "queued")

            let report = try await OutboundWorker.runOnce(app, now: now)
            #expect(report == OutboundReport(sent: 1, retrying: 0, failed: 0))
            let mails = try sink.received()
            try #require(mails.count == 1)
            let mail = mails[0]
            #expect(mail.mailFrom == "help@shop.example")
            #expect(mail.recipients == ["zoe@customer.example"])
            #expect(sink.authMechanisms == ["PLAIN"])
            let text = mail.text
            let headerBlock = String(text[..<(text.range(of: "\r\n\r\n")?.lowerBound ?? text.endIndex)])
            #expect(headerBlock.contains("From: =?UTF-8?B?\(Data("Shöp Hëlp".utf8).base64EncodedString())?= <help@shop.example>\r\n"))
            #expect(headerBlock.contains("To: =?UTF-8?B?\(Data("Zoë Ärger".utf8).base64EncodedString())?= <zoe@customer.example>\r\n"))
            #expect(headerBlock.contains("Reply-To: =?UTF-8?B?\(Data("Shöp Hëlp".utf8).base64EncodedString())?= <help+t1@shop.example>\r\n"))
            #expect(headerBlock.contains("Subject: Re: Wo ist meine Bestellung? [#1]\r\n"))
            #expect(headerBlock.contains("Date: Tue, 01 Dec 2026 08:00:00 +0000\r\n"))
            #expect(headerBlock.contains("In-Reply-To: <first@customer.example>\r\n"))
            #expect(headerBlock.contains("References: <first@customer.example>\r\n"))
            #expect(headerBlock.contains("MIME-Version: 1.0\r\n"))
            #expect(!headerBlock.contains("Auto-Submitted"))
            let sentID = headerBlock.split(separator: "\r\n").first { $0.hasPrefix("Message-ID: <") }.map { String($0.dropFirst(13).dropLast()) }
            #expect(sentID?.hasSuffix("@shop.example") == true)
            // aiosmtpd removes the transparency dots: the lines arrive as the agent wrote them.
            #expect(text.contains("\r\n.this line starts with a dot\r\n..and this with two\r\n"))
            #expect(text.contains("Content-Type: multipart/alternative;"))
            #expect(text.contains("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nHi Zo=C3=AB,\r\n"))
            #expect(text.contains("Content-Type: text/html; charset=UTF-8"))
            #expect(text.contains("&lt;b&gt;not bold&lt;/b&gt;"))
            #expect(!text.split(separator: "\r\n", omittingEmptySubsequences: false).contains { $0.utf8.count > 78 })

            let delivered = try await app.send(.GET, "/api/v1/tickets/\(ticketID)/messages", token: ws.token(.viewer))
            let delivery = delivered.items.first { $0.id == messageID }?.object("delivery") ?? [:]
            #expect(delivery.string("status") == "sent")
            #expect(delivery["attempts"] as? Int == 1)
            let thread = try await (app.db as! any SQLDatabase).select().columns("message_id", "direction").from("mail_threads")
                .where("direction", .equal, "out").all()
            #expect(try thread.map { try $0.decode(column: "message_id", as: String.self) } == [sentID ?? ""])

            // Nothing left to do: a second run sends nothing again.
            #expect(try await OutboundWorker.runOnce(app, now: now.addingTimeInterval(60)) == OutboundReport())
            #expect(try sink.received().count == 1)
        }
    }

    @Test("a 451 is retried after a minute, a 550 fails at once and shows on the message")
    func temporaryAndPermanentFailures() async throws {
        let busy = try SMTPSink(reply: "451 4.3.0 Try again later")
        defer { busy.stop() }
        try await withRapport { app in
            app.clock = ManualClock(now).appClock
            let (ws, customer) = try await setUp(app, sink: busy)
            let ticket = try await makeTicket(app, ws, requester: customer)
            let reply = try await app.send(.POST, "/api/v1/tickets/\(ticket.id)/messages", token: ws.token(.agent), json: JSONBody(["body": "On its way."]))
            #expect(try await OutboundWorker.runOnce(app, now: now) == OutboundReport(sent: 0, retrying: 1, failed: 0))
            var delivery = try await app.send(.GET, "/api/v1/tickets/\(ticket.id)/messages", token: ws.token(.viewer))
                .items.first { $0.id == reply.json.id }?.object("delivery") ?? [:]
            #expect(delivery.string("status") == "queued")
            #expect(delivery["attempts"] as? Int == 1)
            #expect(delivery.string("last_error")?.contains("451 4.3.0 Try again later") == true)
            // Not due yet half a minute later; due after the first back-off.
            #expect(try await OutboundWorker.runOnce(app, now: now.addingTimeInterval(30)) == OutboundReport())

            let refusing = try SMTPSink(reply: "550 5.1.1 No such user")
            defer { refusing.stop() }
            let moved = try await app.send(.PUT, "/api/v1/settings/outbound-mail", token: ws.token(.admin),
                json: JSONBody(["host": "127.0.0.1", "port": refusing.port, "tls_mode": "none"]))
            #expect(moved.status == .ok)
            #expect(try await OutboundWorker.runOnce(app, now: now.addingTimeInterval(61)) == OutboundReport(sent: 0, retrying: 0, failed: 1))
            delivery = try await app.send(.GET, "/api/v1/tickets/\(ticket.id)/messages", token: ws.token(.viewer))
                .items.first { $0.id == reply.json.id }?.object("delivery") ?? [:]
            #expect(delivery.string("status") == "failed")
            #expect(delivery["attempts"] as? Int == 2)
            #expect(delivery.string("last_error")?.contains("550 5.1.1 No such user") == true)
        }
    }

    @Test("a new ticket gets the workspace's acknowledgement, marked auto-replied, with its number and first-response time")
    func acknowledgement() async throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        try await withRapport { app in
            app.clock = ManualClock(now).appClock
            let (ws, customer) = try await setUp(app, sink: sink)
            let bad = try await app.send(.PUT, "/api/v1/settings/acknowledgement", token: ws.token(.admin),
                json: JSONBody(["enabled": true, "subject_template": "Got it {{agent.name}}"]))
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.errorFields["subject_template"]?.contains("{{agent.name}}") == true)
            let saved = try await app.send(.PUT, "/api/v1/settings/acknowledgement", token: ws.token(.admin), json: JSONBody([
                "enabled": true, "subject_template": "Received: {{ticket.subject}}",
                "body_template": "Dear {{customer.name}},\nyour number is {{ticket.number}}. We answer by {{sla.first_response_due}}."]))
            #expect(saved.status == .ok, "\(saved.text)")
            _ = try await makeTicket(app, ws, requester: customer)
            #expect(try await OutboundWorker.runOnce(app, now: now) == OutboundReport(sent: 1, retrying: 0, failed: 0))
            let mail = try #require(try sink.received().first)
            #expect(mail.text.contains("Auto-Submitted: auto-replied\r\n"))
            #expect(mail.text.contains("Subject: Received: Wo ist meine Bestellung? [#1]\r\n"))
            #expect(mail.text.contains("Dear Zo=C3=AB =C3=84rger,\r\nyour number is 1. We answer by "))
        }
    }

    @Test("the test message goes out over implicit TLS with AUTH LOGIN when that is all the server offers")
    func testMessageOverImplicitTLS() async throws {
        let sink = try SMTPSink(implicitTLS: true, credentials: ("mailer", "pässword"), loginOnly: true)
        defer { sink.stop() }
        try await withRapport { app in
            app.clock = ManualClock(now).appClock
            let (ws, _) = try await setUp(app, sink: sink, tls: "tls", credentials: false)
            _ = try await app.send(.PUT, "/api/v1/settings/outbound-mail", token: ws.token(.admin), json: JSONBody([
                "host": "127.0.0.1", "port": sink.port, "tls_mode": "tls", "verify_certificate": false, "username": "mailer", "password": "pässword"]))
            let result = try await app.send(.POST, "/api/v1/settings/outbound-mail/test", token: ws.token(.admin), json: JSONBody(["to": "admin@acme.example"]))
            #expect(result.json["delivered"] as? Bool == true, "\(result.text)")
            #expect(sink.authMechanisms == ["LOGIN"])
            let mail = try #require(try sink.received().first)
            #expect(mail.recipients == ["admin@acme.example"])
            #expect(mail.text.contains("Auto-Submitted: auto-generated\r\n"))

        }
    }

    @Test("a ticket opened by an auto-reply or bulk mail gets no acknowledgement")
    func suppressedAcknowledgement() async throws {
        try await withRapport { app in
            let sink = try SMTPSink()
            defer { sink.stop() }
            let (ws, customer) = try await setUp(app, sink: sink)
            _ = try await app.send(.PUT, "/api/v1/settings/acknowledgement", token: ws.token(.admin), json: JSONBody(["enabled": true]))
            let service = TicketService(workspaceID: ws.id, actor: .system, now: now, reader: app.db, writes: app.writes, serviceLevels: app.serviceLevels)
            var changes = TicketChanges()
            changes.subject = "Out of office"
            changes.channel = .email
            var message = NewMessage(authorKind: .customer, authorCustomerID: UUID(uuidString: customer), body: "I am away.")
            message.suppressAcknowledgement = true
            _ = try await service.create(changes, requesterID: UUID(uuidString: customer)!, message: message)
            message.suppressAcknowledgement = false
            _ = try await service.create(changes, requesterID: UUID(uuidString: customer)!, message: message)
            let kinds = try await (app.db as! any SQLDatabase).select().column("kind").from("outbox").all()
            #expect(kinds.count == 1)
        }
    }
}
