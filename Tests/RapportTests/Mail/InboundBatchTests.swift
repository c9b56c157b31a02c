import Fluent
import Foundation
import RapportCore
import SQLKit
import Testing
import Vapor

@testable import Rapport

/// Many messages handed in at once (`rapport mail import`, the benchmark) end exactly as if each had come alone.
@Suite("Inbound mail in batches")
struct InboundBatchTests {
    func deliveries(_ messages: [[UInt8]]) -> [InboundDelivery] {
        messages.map { InboundDelivery(bytes: $0, route: InboundRoute()) }
    }

    @Test("a broken message in a batch goes to the quarantine with its reason; the others land")
    func brokenMessage() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            try await app.supportAddress(ws, "help@acme.test")
            let messages = [
                rawMail(subject: "First", messageID: "b1@customer.test"),
                Array("this is not a mail message at all\r\n".utf8),
                rawMail(from: "", subject: "No sender", messageID: "b2@customer.test"),
                rawMail(from: "Ann <ann@customer.test>", subject: "Second", messageID: "b3@customer.test"),
            ]
            let outcomes = try await app.inboundMail.receive(deliveries(messages))
            #expect(outcomes.map(\.status) == [.processed, .quarantined, .quarantined, .processed])
            #expect(outcomes[1].reason?.hasPrefix("unparseable") == true)
            #expect(outcomes[2].reason == "no usable From address")
            #expect(try await app.ticketCount(ws) == 2)
            #expect(try await app.ticketJSON(ws, outcomes[3].ticketID).string("subject") == "Second")
            // Every message of the batch is stored and can be downloaded, the broken ones too.
            for (outcome, raw) in zip(outcomes, messages) {
                let row = try #require(try await InboundEmail.find(outcome.id, on: app.db))
                #expect(row.status == outcome.status)
                #expect(try app.inboundMail.raw.read(row) == raw)
            }
            let quarantine = try await app.send(.GET, "/api/v1/inbound/quarantine", token: ws.token(.admin)).items.map(\.id)
            #expect(quarantine.contains(outcomes[2].id.uuidString))
        }
    }

    @Test("a message whose processing fails is quarantined with the error; the rest of its batch lands")
    func failingMessage() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            try await app.supportAddress(ws, "help@acme.test")
            let rows = try await app.inboundMail.store(deliveries([
                rawMail(subject: "One", messageID: "f1@customer.test"), rawMail(subject: "Two", messageID: "f2@customer.test"),
            ]))
            // The first one's bytes cannot be read back, as if its pack had been damaged.
            rows[0].rawOffset = 1_000_000
            let outcomes = await app.inboundMail.process(rows)
            #expect(outcomes.map(\.status) == [.quarantined, .processed])
            #expect(outcomes[0].reason?.hasPrefix("processing failed") == true)
            #expect(try await InboundEmail.find(rows[0].id, on: app.db)?.status == .quarantined)
            #expect(try await app.ticketJSON(ws, outcomes[1].ticketID).string("subject") == "Two")
        }
    }

    @Test("a reply and the message it answers in one batch thread together, whichever comes first")
    func replyInSameBatch() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            try await app.supportAddress(ws, "help@acme.test")
            let outcomes = try await app.inboundMail.receive(deliveries([
                rawMail(subject: "Re: Re: Broken lid", messageID: "r3@customer.test", inReplyTo: "r2@customer.test"),
                rawMail(subject: "Re: Broken lid", messageID: "r2@customer.test", inReplyTo: "r1@customer.test"),
                rawMail(subject: "Broken lid", messageID: "r1@customer.test"),
            ]))
            #expect(outcomes.allSatisfy { $0.status == .processed })
            #expect(Set(outcomes.map(\.ticketID)).count == 1)
            #expect(try await app.ticketCount(ws) == 1)
            #expect(try await app.ticketJSON(ws, outcomes[2].ticketID).string("subject") == "Broken lid")
            let bodies = try await app.messagesJSON(ws, outcomes[2].ticketID)
            #expect(bodies.count == 3)
        }
    }

    @Test("the same message twice in one batch is stored once; one new sender becomes one customer")
    func duplicateInSameBatch() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            try await app.supportAddress(ws, "help@acme.test")
            let outcomes = try await app.inboundMail.receive(deliveries([
                rawMail(messageID: "d1@customer.test"), rawMail(messageID: "d1@customer.test"),
                rawMail(subject: "Another question", messageID: "d2@customer.test"),
            ]))
            #expect(outcomes.map(\.status) == [.processed, .duplicate, .processed])
            #expect(outcomes[1].ticketID == outcomes[0].ticketID)
            #expect(try await app.messagesJSON(ws, outcomes[0].ticketID).count == 1)
            #expect(try await app.ticketCount(ws) == 2)
            let customers = try await (app.db as! any SQLDatabase).select().column(SQLFunction("count", args: SQLLiteral.all), as: "n")
                .from("customer_emails").where("workspace_id", .equal, ws.id).where("address", .equal, "dana@customer.test")
                .first()?.decode(column: "n", as: Int.self)
            #expect(customers == 1)
            let first = try await app.ticketJSON(ws, outcomes[0].ticketID).string("requester_id")
            #expect(try await app.ticketJSON(ws, outcomes[2].ticketID).string("requester_id") == first)
        }
    }

    @Test("the rate limit counts a sender's earlier messages of the same batch")
    func rateLimitInBatch() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            try await app.supportAddress(ws, "help@acme.test")
            let outcomes = try await app.inboundMail.receive(deliveries((0..<22).map { rawMail(subject: "Loop \($0)", messageID: "loop\($0)@robot.test") }))
            #expect(outcomes.prefix(20).allSatisfy { $0.status == .processed })
            #expect(outcomes[20].status == .quarantined)
            #expect(outcomes[21].reason?.hasPrefix("rate limit") == true)
            #expect(try await app.ticketCount(ws) == 20)
        }
    }
}
