import Fluent
import Foundation
import RapportCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import Rapport

@Suite("Inbound mail")
struct InboundMailTests {
    @Test("the raw message and its row exist before parsing; a new message opens an email ticket for a new customer")
    func storeThenTicket() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            try await app.supportAddress(ws, "help@acme.test")
            let raw = rawMail(body: "Hello,\nmy order 1042 has not arrived.\n\nOn Mon, Shop wrote:\n> Your order shipped.\n")
            let id = try await app.inboundMail.store(raw, route: InboundRoute())
            let stored = try #require(try await InboundEmail.find(id, on: app.db))
            #expect(stored.status == .received)
            #expect(FileManager.default.fileExists(atPath: app.inboundMail.raw.path(of: stored)))
            #expect(try app.inboundMail.raw.read(stored) == raw)

            let outcome = await app.inboundMail.process(id)
            #expect(outcome.status == .processed)
            let ticket = try await app.ticketJSON(ws, outcome.ticketID)
            #expect(ticket.string("subject") == "Where is my order?")
            #expect(ticket.string("channel") == "email")
            let customer = try await app.send(.GET, "/api/v1/customers/\(ticket.string("requester_id") ?? "")", token: ws.token(.viewer)).json
            #expect(customer.string("name") == "Dana Whitfield")
            let messages = try await app.messagesJSON(ws, outcome.ticketID)
            #expect(messages.count == 1)
            #expect(messages.first?.string("body")?.contains("has not arrived") == true)
            #expect(messages.first?.string("author_kind") == "customer")
            let mail = messages.first?.object("mail") ?? [:]
            #expect(mail.string("raw_url") == "/api/v1/inbound/emails/\(id)/raw")
            let download = try await app.send(.GET, mail.string("raw_url") ?? "", token: ws.token(.agent))
            #expect(download.status == .ok)
            #expect(Array(download.body.readableBytesView) == raw)
        }
    }

    @Test("the same message twice is stored once; without a Message-ID the bytes decide")
    func idempotent() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            try await app.supportAddress(ws, "help@acme.test")
            let first = try await app.ingest(rawMail())
            let second = try await app.ingest(rawMail())
            #expect(first.status == .processed)
            #expect(second.status == .duplicate)
            #expect(second.ticketID == first.ticketID)
            #expect(try await app.messagesJSON(ws, first.ticketID).count == 1)
            let plain = rawMail(subject: "No id", messageID: nil)
            #expect(try await app.ingest(plain).status == .processed)
            #expect(try await app.ingest(plain).status == .duplicate)
            #expect(try await app.ticketCount(ws) == 2)
        }
    }

    @Test("replies thread by In-Reply-To, by the subject tag and by the plus address; a stranger's tag opens a new ticket")
    func threading() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            try await app.supportAddress(ws, "help@acme.test")
            let first = try await app.ingest(rawMail())
            let number = try #require(try await app.ticketJSON(ws, first.ticketID)["number"] as? Int)
            let byReference = try await app.ingest(rawMail(subject: "Re: Where is my order?", messageID: "m2@customer.test", inReplyTo: "m1@customer.test"))
            let bySubject = try await app.ingest(rawMail(subject: "Still waiting [#\(number)]", messageID: "m3@customer.test"))
            let byPlus = try await app.ingest(rawMail(to: "help+t\(number)@acme.test", subject: "Any news?", messageID: "m4@customer.test"))
            #expect([byReference.ticketID, bySubject.ticketID, byPlus.ticketID] == [first.ticketID, first.ticketID, first.ticketID])
            #expect(try await app.messagesJSON(ws, first.ticketID).count == 4)
            let stranger = try await app.ingest(rawMail(from: "eve@elsewhere.test", subject: "Re: [#\(number)]", messageID: "e1@elsewhere.test"))
            #expect(stranger.status == .processed)
            #expect(stranger.ticketID != first.ticketID)
            let strangerPlus = try await app.ingest(rawMail(from: "eve@elsewhere.test", to: "help+t\(number)@acme.test", messageID: "e2@elsewhere.test"))
            #expect(strangerPlus.ticketID != first.ticketID)
        }
    }

    @Test("a reply to a closed ticket opens a follow-up ticket")
    func closedTicket() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            try await app.supportAddress(ws, "help@acme.test")
            let first = try await app.ingest(rawMail())
            _ = try await app.send(.PATCH, "/api/v1/tickets/\(first.ticketID!)", token: ws.token(.agent), json: JSONBody(["status": "solved"]))
            let closed = try await app.send(.PATCH, "/api/v1/tickets/\(first.ticketID!)", token: ws.token(.agent), json: JSONBody(["status": "closed"]))
            #expect(closed.status == .ok)
            let reply = try await app.ingest(rawMail(subject: "Re: Where is my order?", messageID: "m2@customer.test", inReplyTo: "m1@customer.test"))
            #expect(reply.status == .processed)
            #expect(reply.ticketID != first.ticketID)
            let events = try await app.send(.GET, "/api/v1/tickets/\(reply.ticketID!)/events", token: ws.token(.viewer)).items
            #expect(events.contains { $0.string("action") == "follow_up_of" })
        }
    }

    @Test("an unknown recipient is quarantined; re-processing with a workspace and team makes the ticket")
    func quarantineAndReprocess() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let team = try await app.makeTeam(ws, "Billing")
            let outcome = try await app.ingest(rawMail(to: "nobody@unknown.test"))
            #expect(outcome.status == .quarantined)
            #expect(outcome.reason?.contains("no support address") == true)
            let lines = try await MailCommand.reprocess(id: outcome.id, all: false, workspace: "acme", team: "Billing", app: app)
            #expect(lines.first?.contains("processed") == true)
            let row = try #require(try await InboundEmail.find(outcome.id, on: app.db))
            #expect(row.status == .processed)
            let ticket = try await app.ticketJSON(ws, row.ticketID)
            #expect(ticket.string("team_id") == team.uuidString)
        }
    }

    @Test("more than 20 messages in 10 minutes from one sender are quarantined; an admin can let one through")
    func rateLimit() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            try await app.supportAddress(ws, "help@acme.test")
            var outcomes: [InboundOutcome] = []
            for index in 0..<22 { outcomes.append(try await app.ingest(rawMail(subject: "Loop \(index)", messageID: "loop\(index)@robot.test"))) }
            #expect(outcomes.prefix(20).allSatisfy { $0.status != .quarantined })
            #expect(outcomes[21].status == .quarantined)
            #expect(outcomes[21].reason?.hasPrefix("rate limit") == true)
            let list = try await app.send(.GET, "/api/v1/inbound/quarantine", token: ws.token(.admin))
            #expect(list.items.map(\.id).contains(outcomes[21].id.uuidString))
            let raw = try await app.send(.GET, "/api/v1/inbound/quarantine/\(outcomes[21].id)/raw", token: ws.token(.admin))
            #expect(raw.status == .ok)
            #expect(raw.headers.contentType?.description.hasPrefix("message/rfc822") == true)
            let again = try await app.send(.POST, "/api/v1/inbound/quarantine/\(outcomes[21].id)/reprocess", token: ws.token(.admin), json: JSONBody([:]))
            #expect(again.status == .ok)
            #expect(again.json.string("status") == "processed")
            #expect(try await app.send(.GET, "/api/v1/inbound/quarantine", token: ws.token(.admin)).items.map(\.id).contains(outcomes[21].id.uuidString) == false)
        }
    }

    @Test("a bounce becomes an internal note and an event on the ticket whose message bounced")
    func bounce() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            try await app.supportAddress(ws, "support@shop.example")
            let first = try await app.ingest(rawMail(to: "support@shop.example"))
            try await (app.db as! any SQLDatabase).insert(into: "mail_threads")
                .columns("id", "workspace_id", "message_id", "ticket_id", "ticket_message_id", "direction", "created_at")
                .values(UUID(), ws.id, "out-310.1@shop.example", first.ticketID!, first.ticketMessageID, "out", Date()).run()
            let outcome = try await app.ingest(Self.bounce)
            #expect(outcome.status == .processed)
            #expect(outcome.ticketID == first.ticketID)
            let messages = try await app.messagesJSON(ws, first.ticketID)
            #expect(messages.last?.string("visibility") == "internal")
            #expect(messages.last?.string("body")?.contains("gone@nowhere.example") == true)
            let events = try await app.send(.GET, "/api/v1/tickets/\(first.ticketID!)/events", token: ws.token(.viewer)).items
            #expect(events.contains { $0.string("action") == "mail_bounced" })
        }
    }

    @Test("auto-replies are kept on their ticket without reopening it, and ignored when they answer no ticket")
    func autoReplies() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            try await app.supportAddress(ws, "help@acme.test")
            let first = try await app.ingest(rawMail())
            _ = try await app.send(.PATCH, "/api/v1/tickets/\(first.ticketID!)", token: ws.token(.agent), json: JSONBody(["status": "solved"]))
            let away = try await app.ingest(rawMail(subject: "Out of office: Re: Where is my order?", messageID: "ooo1@customer.test",
                inReplyTo: "m1@customer.test", headers: ["Auto-Submitted: auto-replied"], body: "I am away until Monday."))
            #expect(away.status == .processed)
            #expect(away.ticketID == first.ticketID)
            #expect(try await app.ticketJSON(ws, first.ticketID).string("status") == "solved")
            #expect(try #require(try await InboundEmail.find(away.id, on: app.db)).kind == "auto_reply")
            let loose = try await app.ingest(rawMail(from: "robot@elsewhere.test", subject: "Automatic reply", messageID: "ooo2@elsewhere.test",
                headers: ["Auto-Submitted: auto-replied"], body: "I am away."))
            #expect(loose.status == .ignored)
            #expect(loose.reason != nil)
            #expect(try await app.ticketCount(ws) == 1)
        }
    }

    @Test("rapport mail ingest exits by sysexits: 66 for nothing, 75 for an unknown workspace, 0 once stored (even quarantined)")
    func ingestExitCodes() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            try await app.supportAddress(ws, "help@acme.test")
            let quiet: (String) -> Void = { _ in }
            #expect(await MailCommand.ingest([], workspace: nil, team: nil, recipient: nil, app: app, log: quiet) == 66)
            #expect(await MailCommand.ingest(rawMail(), workspace: "nope", team: nil, recipient: nil, app: app, log: quiet) == 75)
            #expect(await MailCommand.ingest(rawMail(), workspace: "acme", team: "Nope", recipient: nil, app: app, log: quiet) == 75)
            #expect(await MailCommand.ingest(rawMail(), workspace: nil, team: nil, recipient: "help@acme.test", app: app, log: quiet) == 0)
            #expect(await MailCommand.ingest(Array("\r\n\r\n".utf8), workspace: nil, team: nil, recipient: nil, app: app, log: quiet) == 0)
            let rows = try await InboundEmail.query(on: app.db).all()
            #expect(rows.count == 2)
            #expect(rows.contains { $0.status == .quarantined && $0.reason?.hasPrefix("unparseable") == true })
        }
    }

    @Test("mail import reads a Maildir's cur and new")
    func importMaildir() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            try await app.supportAddress(ws, "help@acme.test")
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("maildir-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            for (sub, index) in [("cur", 1), ("new", 2), ("new", 3)] {
                try FileManager.default.createDirectory(at: folder.appendingPathComponent(sub), withIntermediateDirectories: true)
                try Data(rawMail(subject: "Import \(index)", messageID: "imp\(index)@customer.test"))
                    .write(to: folder.appendingPathComponent("\(sub)/\(index):2,S"))
            }
            let files = try MailCommand.messageFiles(in: folder.path)
            #expect(files.count == 3)
            let counts = try await MailCommand.importFiles(files, route: InboundRoute(), app: app, progress: nil)
            #expect(counts[.processed] == 3)
            #expect(try await app.ticketCount(ws) == 3)
        }
    }

    static let bounce = Array("""
        Return-Path: <>\r
        From: MAILER-DAEMON@mx.shop.example (Mail Delivery System)\r
        To: support@shop.example\r
        Subject: Undelivered Mail Returned to Sender\r
        Message-Id: <20261201080002.1A2B3C@mx.shop.example>\r
        Auto-Submitted: auto-replied\r
        MIME-Version: 1.0\r
        Content-Type: multipart/report; report-type=delivery-status; boundary="BOUNDARY"\r
        \r
        --BOUNDARY\r
        Content-Type: text/plain; charset=us-ascii\r
        \r
        <gone@nowhere.example>: host mx.nowhere.example said: 550 5.1.1 User unknown\r
        \r
        --BOUNDARY\r
        Content-Type: message/delivery-status\r
        \r
        Reporting-MTA: dns; mx.shop.example\r
        \r
        Final-Recipient: rfc822; gone@nowhere.example\r
        Action: failed\r
        Status: 5.1.1\r
        \r
        --BOUNDARY\r
        Content-Type: message/rfc822\r
        \r
        From: Shop Support <support@shop.example>\r
        To: gone@nowhere.example\r
        Subject: Your ticket [#310]\r
        Message-ID: <out-310.1@shop.example>\r
        \r
        Hello, we received your request.\r
        \r
        --BOUNDARY--\r

        """.utf8)
}
