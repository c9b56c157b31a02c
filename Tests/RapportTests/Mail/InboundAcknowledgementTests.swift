import Fluent
import Foundation
import RapportCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import Rapport

@Suite("Inbound mail and the acknowledgement")
struct InboundAcknowledgementTests {
    /// The outbox's acknowledgements: (recipients, ticket id).
    func acknowledgements(_ app: Application) async throws -> [(to: String, ticketID: UUID?)] {
        try await (app.db as! any SQLDatabase).select().columns("recipients", "ticket_id").from("outbox")
            .where("kind", .equal, "acknowledgement").all()
            .map { (try $0.decode(column: "recipients", as: String.self), try $0.decode(column: "ticket_id", as: UUID?.self)) }
    }

    @Test("with acknowledgements on, a customer's new mail ticket gets one; bulk mail and an auto-reply opening a ticket get none")
    func onlyPeopleAreAcknowledged() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            try await app.supportAddress(ws, "help@acme.test")
            let enabled = try await app.send(.PUT, "/api/v1/settings/acknowledgement", token: ws.token(.admin), json: JSONBody(["enabled": true]))
            #expect(enabled.status == .ok, "\(enabled.text)")

            let person = try await app.ingest(rawMail())
            #expect(person.status == .processed)
            var sent = try await acknowledgements(app)
            #expect(sent.count == 1)
            #expect(sent.first?.to == "dana@customer.test")
            #expect(sent.first?.ticketID == person.ticketID)

            let newsletter = try await app.ingest(rawMail(from: "News <news@shop-news.test>", subject: "Our December deals", messageID: "n1@shop-news.test",
                headers: ["Precedence: bulk", "List-Unsubscribe: <mailto:leave@shop-news.test>"], body: "Deals for you."))
            #expect(newsletter.status == .processed)
            #expect(newsletter.ticketID != nil)
            #expect(newsletter.ticketID != person.ticketID)
            #expect(try #require(try await InboundEmail.find(newsletter.id, on: app.db)).kind == "bulk")

            // An out-of-office answer to a closed ticket opens a follow-up ticket, which must not be acknowledged either.
            let number = try #require(try await app.ticketJSON(ws, person.ticketID)["number"] as? Int)
            _ = try await app.send(.PATCH, "/api/v1/tickets/\(person.ticketID!)", token: ws.token(.agent), json: JSONBody(["status": "solved"]))
            let closed = try await app.send(.PATCH, "/api/v1/tickets/\(person.ticketID!)", token: ws.token(.agent), json: JSONBody(["status": "closed"]))
            #expect(closed.status == .ok, "\(closed.text)")
            let away = try await app.ingest(rawMail(subject: "Automatic reply: Where is my order? [#\(number)]", messageID: "ooo@customer.test",
                headers: ["Auto-Submitted: auto-replied", "X-Autoreply: yes"], body: "I am away until Monday."))
            #expect(away.status == .processed)
            #expect(away.ticketID != nil)
            #expect(away.ticketID != person.ticketID)
            #expect(try #require(try await InboundEmail.find(away.id, on: app.db)).kind == "auto_reply")

            sent = try await acknowledgements(app)
            #expect(sent.count == 1)
            #expect(try await app.ticketCount(ws) == 3)

            let again = try await app.ingest(rawMail(subject: "A second question", messageID: "m9@customer.test"))
            #expect(again.status == .processed)
            #expect(try await acknowledgements(app).count == 2)
        }
    }
}
