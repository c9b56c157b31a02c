import Fluent
import Foundation
import RapportCore
import Testing
import Vapor
import VaporTesting

@testable import Rapport

@Suite("Customer profiles derived in the background")
struct ProfilesAPITests {
    @Test("a customer's message updates their styles only when the background job runs, with source, confidence and explanation")
    func backgroundAfterMessage() async throws {
        try await withRapport { app in
            let desk = try await ProfileDesk.make(app)
            let ann = try await desk.customer("Ann")
            let expected = try await desk.analyze(impatientMessage).filter { $0.key != "high_maintenance" }
            try #require(!expected.isEmpty, "the classifier sees no style in the test message")

            try await desk.ticket(for: ann, saying: impatientMessage)
            // Ticket creation only queued the customer: nothing is derived yet.
            #expect(try await desk.styles(ann).isEmpty)

            let report = try await desk.runJob()
            #expect(report.customers == 1)
            let styles = try await desk.styles(ann)
            #expect(Set(styles.compactMap { $0["value"] as? String }) == Set(expected.keys))
            for style in styles {
                let value = try #require(style["value"] as? String)
                #expect(style["source"] as? String == "messages")
                #expect(style["manual"] as? Bool == false)
                // One message written now: score × W / (W + 1) with W = 1.
                let confidence = try #require(style["confidence"] as? Double)
                #expect(abs(confidence - expected[value]! / 2) < 1e-9)
                #expect((style["explanation"] as? String)?.hasPrefix("1 of the customer's last 1 message ") == true, "\(style)")
            }
            let derived = try await desk.profile(ann)["derived"] as? [[String: Any]] ?? []
            #expect(Set(derived.compactMap { $0["value"] as? String }) == Set(expected.keys))
            #expect(derived.allSatisfy { $0["dimension"] as? String == "communication_style" })
            // The queue is drained.
            #expect(try await desk.runJob().customers == 0)
        }
    }

    @Test("decay worked out by hand: a message 120 days old weighs a quarter of today's")
    func decayOverHTTP() async throws {
        try await withRapport { app in
            let desk = try await ProfileDesk.make(app, at: instant("2026-08-03T12:00:00Z"))
            let bea = try await desk.customer("Bea")
            let ticket = try await desk.ticket(for: bea, saying: analyticalMessage)
            desk.clock.set(instant("2026-12-01T12:00:00Z"))  // 120 days later
            try await desk.customerWrites(impatientMessage, on: ticket)
            try await desk.runJob()

            let old = try await desk.analyze(analyticalMessage)
            let new = try await desk.analyze(impatientMessage)
            // Weights: today 1, 120 days ago 0.5^(120/60) = 0.25; W = 1.25.
            var expected: [String: Double] = [:]
            for style in Set(old.keys).union(new.keys) where style != "high_maintenance" {
                let score = ((new[style] ?? 0) * 1 + (old[style] ?? 0) * 0.25) / 1.25
                if score >= StyleAggregation.showThreshold { expected[style] = score * 1.25 / 2.25 }
            }
            try #require(!expected.isEmpty)
            let styles = try await desk.styles(bea)
            #expect(Set(styles.compactMap { $0["value"] as? String }) == Set(expected.keys))
            for style in styles {
                let value = try #require(style["value"] as? String)
                #expect(abs((style["confidence"] as? Double ?? -1) - (expected[value] ?? -2)) < 1e-9, "\(value)")
            }
        }
    }

    @Test("an agent's setting wins over derived values until the agent clears it")
    func manualWinsUntilCleared() async throws {
        try await withRapport { app in
            let desk = try await ProfileDesk.make(app)
            let cal = try await desk.customer("Cal")
            let ticket = try await desk.ticket(for: cal, saying: impatientMessage)
            try await desk.order(for: cal, reference: "C-1", at: "2026-11-20T10:00:00Z")
            try await desk.runJob()
            let derivedStyles = Set(try await desk.styles(cal).compactMap { $0["value"] as? String })
            try #require(!derivedStyles.isEmpty)
            #expect((try await desk.profile(cal)["lifecycle"] as? [String: Any])?["source"] as? String == "orders")

            // The agent says otherwise.
            let manualStyle = try #require(CommunicationStyle.allCases.map(\.rawValue).first { !derivedStyles.contains($0) })
            let patched = try await app.send(.PATCH, "/api/v1/customers/\(cal)", token: desk.ws.token(.agent), json: JSONBody([
                "profile": ["communication_styles": [manualStyle], "lifecycle": "loyal"],
            ]))
            #expect(patched.status == .ok, "\(patched.text)")
            func check(_ profile: [String: Any]) {
                let styles = profile["communication_styles"] as? [[String: Any]] ?? []
                #expect(styles.compactMap { $0["value"] as? String } == [manualStyle])
                #expect(styles.first?["source"] as? String == "agent")
                #expect(styles.first?["manual"] as? Bool == true)
                #expect(styles.first?["confidence"] as? Double == 1)
                #expect(styles.first?["set_by_user_id"] as? String == desk.ws.users[.agent]!.id!.uuidString)
                let lifecycle = profile["lifecycle"] as? [String: Any] ?? [:]
                #expect(lifecycle["value"] as? String == "loyal")
                #expect(lifecycle["source"] as? String == "agent")
                // The derived values are still there underneath.
                let derived = profile["derived"] as? [[String: Any]] ?? []
                #expect(derived.contains { $0["dimension"] as? String == "lifecycle" && $0["source"] as? String == "orders" })
                #expect(Set(derived.filter { $0["dimension"] as? String == "communication_style" }.compactMap { $0["value"] as? String }) == derivedStyles)
            }
            check(patched.json.object("profile"))

            // New messages and orders do not override the agent.
            try await desk.customerWrites(impatientMessage, on: ticket)
            try await desk.order(for: cal, reference: "C-2", at: "2026-11-25T10:00:00Z")
            try await desk.runJob()
            check(try await desk.profile(cal))

            // Clearing the styles shows the derived ones at once, without waiting for the job.
            let cleared = try await app.send(.DELETE, "/api/v1/customers/\(cal)/profile/communication_styles", token: desk.ws.token(.agent))
            #expect(cleared.status == .ok, "\(cleared.text)")
            let styles = cleared.json.object("profile")["communication_styles"] as? [[String: Any]] ?? []
            #expect(Set(styles.compactMap { $0["value"] as? String }) == derivedStyles)
            #expect(styles.allSatisfy { $0["source"] as? String == "messages" && $0["explanation"] is String })
            #expect((cleared.json.object("profile")["lifecycle"] as? [String: Any])?["source"] as? String == "agent")

            // Clearing with PATCH null, as before, works the same way; two orders now make a repeat customer.
            let nulled = try await app.send(.PATCH, "/api/v1/customers/\(cal)", token: desk.ws.token(.agent), json: JSONBody(["profile": ["lifecycle": NSNull()]]))
            let lifecycle = nulled.json.object("profile")["lifecycle"] as? [String: Any] ?? [:]
            #expect(lifecycle["source"] as? String == "orders")
            #expect(lifecycle["manual"] as? Bool == false)
            #expect((lifecycle["explanation"] as? String)?.isEmpty == false)

            // Clearing what is not set changes nothing; a bad dimension names the field.
            let again = try await app.send(.DELETE, "/api/v1/customers/\(cal)/profile/lifecycle", token: desk.ws.token(.agent))
            #expect(again.status == .ok)
            #expect((again.json.object("profile")["lifecycle"] as? [String: Any])?["source"] as? String == "orders")
            let bad = try await app.send(.DELETE, "/api/v1/customers/\(cal)/profile/mood", token: desk.ws.token(.agent))
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.errorFields["dimension"] != nil)
            #expect(try await app.send(.DELETE, "/api/v1/customers/\(cal)/profile/lifecycle", token: desk.ws.token(.viewer)).status == .forbidden)
        }
    }

    @Test("a new order updates the order-based profile in the background")
    func backgroundAfterOrder() async throws {
        try await withRapport { app in
            let desk = try await ProfileDesk.make(app)
            let dan = try await desk.customer("Dan")
            try await desk.order(for: dan, reference: "D-1", at: "2026-11-21T10:00:00Z", discounted: true)
            let before = try await desk.profile(dan)
            #expect(before["lifecycle"] == nil && before["shopper_type"] == nil)

            let report = try await desk.runJob()
            #expect(report.valueFits == 1)
            #expect(report.customers == 1)
            let profile = try await desk.profile(dan)
            let lifecycle = profile["lifecycle"] as? [String: Any] ?? [:]
            #expect(lifecycle["value"] as? String == "new")
            #expect(lifecycle["source"] as? String == "orders")
            #expect(lifecycle["confidence"] as? Double == 0.9)
            #expect(lifecycle["explanation"] as? String == "One order, 10 days ago.")
            let shopper = profile["shopper_type"] as? [String: Any] ?? [:]
            #expect(shopper["value"] as? String == "discount")
            #expect(shopper["explanation"] as? String == "1 of 1 orders used a discount.")
        }
    }

    @Test("high_maintenance comes from contacts per order, reopens and escalations over the last year")
    func highMaintenance() async throws {
        try await withRapport { app in
            let desk = try await ProfileDesk.make(app, at: instant("2025-10-01T12:00:00Z"))
            let eli = try await desk.customer("Eli")   // 3 tickets, 1 order, 1 reopened: 2 signs
            let fay = try await desk.customer("Fay")   // 2 tickets, both reopened and escalated: too few tickets
            let gus = try await desk.customer("Gus")   // like Eli, but one ticket is older than a year
            try await desk.ticket(for: gus, saying: "Where is my parcel?")
            desk.clock.set(instant("2026-11-01T12:00:00Z"))
            for customer in [eli, gus] {
                let first = try await desk.ticket(for: customer, saying: "Where is my parcel?")
                try await desk.patchTicket(first, ["status": "solved"])
                try await desk.customerWrites("It still has not arrived.", on: first)
                try await desk.ticket(for: customer, saying: "Can I change the address?")
                try await desk.order(for: customer, reference: "O-\(customer.suffix(12))", at: "2026-10-01T10:00:00Z")
            }
            try await desk.ticket(for: eli, saying: "And the invoice?")
            for body in ["The screen is broken.", "The charger is broken too."] {
                let ticket = try await desk.ticket(for: fay, saying: body)
                try await desk.patchTicket(ticket, ["status": "solved"])
                try await desk.customerWrites("Not fixed.", on: ticket)
                try await desk.patchTicket(ticket, ["priority": "urgent"])
            }
            desk.clock.set(instant("2026-12-01T12:00:00Z"))
            try await desk.runJob()

            let eliStyle = try await desk.styles(eli).first { $0["value"] as? String == "high_maintenance" }
            let found = try #require(eliStyle)
            #expect(found["source"] as? String == "behaviour")
            #expect(found["confidence"] as? Double == 0.7)
            #expect(found["explanation"] as? String == "In the last 12 months: 3 tickets for 1 order (3.0 per order), 1 of 3 reopened after being solved, 0 escalated; 2 of 3 signs of high maintenance.")
            #expect(try await desk.styles(fay).allSatisfy { $0["value"] as? String != "high_maintenance" })
            #expect(try await desk.styles(gus).allSatisfy { $0["value"] as? String != "high_maintenance" })

            // Fay's third escalated ticket tips her over: 3 tickets, no orders, 2 reopened, 3 escalated.
            let third = try await desk.ticket(for: fay, saying: "Now the case is broken.")
            try await desk.patchTicket(third, ["priority": "high"])
            try await desk.runJob()
            let fayStyle = try await desk.styles(fay).first { $0["value"] as? String == "high_maintenance" }
            #expect(fayStyle?["confidence"] as? Double == 0.9)
        }
    }

    @Test("rebuilding everything gives exactly what the background job gave")
    func rebuildEqualsIncremental() async throws {
        try await withRapport { app in
            let desk = try await ProfileDesk.make(app, at: instant("2026-09-01T12:00:00Z"))
            var customers: [String] = []
            for (index, name) in ["Hal", "Ida", "Jon", "Kim", "Lea"].enumerated() {
                let id = try await desk.customer(name)
                customers.append(id)
                if index < 4 {
                    let ticket = try await desk.ticket(for: id, saying: index.isMultiple(of: 2) ? impatientMessage : analyticalMessage)
                    for month in 0..<(index + 1) {
                        try await desk.order(for: id, reference: "\(name)-\(month)", at: "2026-0\(month + 1)-1\(index)T10:00:00Z", discounted: index == 1)
                    }
                    if index == 2 {
                        try await desk.patchTicket(ticket, ["status": "solved"])
                        try await desk.customerWrites("Still broken!!! Fix it now.", on: ticket)
                    }
                }
            }
            _ = try await desk.customer("Mo")  // never wrote, never ordered
            desk.clock.set(instant("2026-12-01T12:00:00Z"))
            try await desk.customerWrites(analyticalMessage, on: try await desk.ticket(for: customers[0], saying: "Hello again"))
            try await desk.runJob()

            func snapshot() async throws -> [Any] {
                var result: [Any] = []
                for id in customers { result.append(try await desk.profile(id)) }
                return result
            }
            let incremental = try await snapshot()
            let text = "\(incremental)"
            #expect(text.contains("messages") && text.contains("orders"))
            let count = try await ProfileRefresh.rebuild(db: app.db, workspaceID: desk.ws.id, now: desk.clock.now)
            #expect(count == 6)
            let rebuilt = try await snapshot()
            // The same values, sources, explanations and times; confidences from the value fit may
            // differ in the last binary digit (floating-point sums), so numbers compare to 1e-9.
            #expect(sameJSON(incremental, rebuilt), "incremental \(incremental)\nrebuilt \(rebuilt)")
        }
    }

    @Test("the clear route and the job keep workspaces apart")
    func isolation() async throws {
        try await withRapport { app in
            let home = try await ProfileDesk.make(app, slug: "home")
            let other = ProfileDesk(app: app, ws: try await app.makeWorkspace("other"), clock: home.clock)
            let ann = try await home.customer("Ann")
            _ = try await app.send(.PATCH, "/api/v1/customers/\(ann)", token: home.ws.token(.agent), json: JSONBody(["profile": ["lifecycle": "loyal"]]))
            let hijack = try await app.send(.DELETE, "/api/v1/customers/\(ann)/profile/lifecycle", token: other.ws.token(.admin))
            #expect(hijack.status == .notFound)
            #expect((try await home.profile(ann)["lifecycle"] as? [String: Any])?["source"] as? String == "agent")

            // A message in the other workspace leaves home's customers alone.
            let bob = try await other.customer("Bob")
            try await other.ticket(for: bob, saying: impatientMessage)
            try await other.order(for: bob, reference: "B-1", at: "2026-11-01T10:00:00Z")
            try await home.runJob()
            #expect(try await home.styles(ann).isEmpty)
            #expect((try await home.profile(ann)["derived"] as? [[String: Any]] ?? []).isEmpty)
            #expect(!(try await other.styles(bob)).isEmpty)
        }
    }
}

/// Two decoded JSON values are equal, numbers within 1e-9.
func sameJSON(_ a: Any, _ b: Any) -> Bool {
    switch (a, b) {
    case let (a as [String: Any], b as [String: Any]):
        return Set(a.keys) == Set(b.keys) && a.keys.allSatisfy { sameJSON(a[$0]!, b[$0]!) }
    case let (a as [Any], b as [Any]):
        return a.count == b.count && zip(a, b).allSatisfy { sameJSON($0, $1) }
    case let (a as String, b as String):
        return a == b
    case let (a as NSNumber, b as NSNumber):
        return abs(a.doubleValue - b.doubleValue) < 1e-9
    case (is NSNull, is NSNull):
        return true
    default:
        return false
    }
}
