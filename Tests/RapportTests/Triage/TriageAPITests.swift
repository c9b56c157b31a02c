import Fluent
import FluentKit
import Foundation
import RapportCore
import Testing
import Vapor
import VaporTesting

@testable import Rapport

@Suite("Triage API")
struct TriageAPITests {
    @Test("analyze answers styles, sentiment, urgency and a category or topic, each with evidence")
    func analyze() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let response = try await app.send(.POST, "/api/v1/triage/analyze", token: ws.token(.agent), json: JSONBody([
                "text": "The kettle arrived broken and leaks everywhere. This is the third time I write! I need a replacement TODAY.",
            ]))
            #expect(response.status == .ok, "\(response.text)")
            let body = response.json
            #expect(body.object("sentiment").string("label") == "negative")
            #expect((body.object("sentiment")["score"] as? Double ?? 0) < 0)
            #expect(body.object("urgency").string("label") == "high")
            #expect(!(body.object("urgency")["evidence"] as? [String] ?? []).isEmpty)
            #expect(body.keys.contains("category") && body.keys.contains("topic"))
            #expect((body["category"] is NSNull) != (body["topic"] is NSNull))
            let styles = body["styles"] as? [[String: Any]] ?? []
            #expect(styles.allSatisfy { ($0["score"] as? Double ?? 0) >= 0.5 && !(($0["evidence"] as? [String]) ?? []).isEmpty })
            #expect(body["trained_on"] as? Int == (try ShippedTriageSet.examples()).count)

            let empty = try await app.send(.POST, "/api/v1/triage/analyze", token: ws.token(.agent), json: JSONBody(["text": "  "]))
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.errorFields["text"] != nil)
            #expect(try await app.send(.POST, "/api/v1/triage/analyze", token: ws.token(.viewer), json: JSONBody(["text": "hi"])).status == .forbidden)
        }
    }

    @Test("feedback validates the labels and names the fields")
    func feedbackValidation() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let bad = try await app.send(.POST, "/api/v1/triage/feedback", token: ws.token(.agent), json: JSONBody([
                "text": "It broke", "styles": ["grumpy"], "sentiment": "angry", "kind": "complaint", "topic": "praise",
            ]))
            #expect(bad.status == .unprocessableEntity)
            #expect(Set(bad.errorFields.keys) == ["styles", "sentiment", "urgency", "category", "topic"])
            let noText = try await app.send(.POST, "/api/v1/triage/feedback", token: ws.token(.agent), json: JSONBody([
                "sentiment": "neutral", "urgency": "low", "kind": "question", "topic": "advice",
            ]))
            #expect(noText.errorFields["text"] != nil)
        }
    }

    @Test("an agent's corrections teach that workspace's model and no other")
    func feedbackTrainsTheWorkspaceModel() async throws {
        try await withRapport { app in
            let home = try await app.makeWorkspace("home")
            let other = try await app.makeWorkspace("other")
            let text = "Zorblax quindle frumious wabe"
            let before = try await app.send(.POST, "/api/v1/triage/analyze", token: home.token(.agent), json: JSONBody(["text": text]))
            let shipped = before.json["trained_on"] as? Int ?? 0
            for variant in ["Zorblax quindle frumious wabe", "zorblax quindle frumious", "quindle frumious wabe!", "Zorblax frumious wabe", "zorblax quindle wabe"] {
                let stored = try await app.send(.POST, "/api/v1/triage/feedback", token: home.token(.agent), json: JSONBody([
                    "text": variant, "styles": ["chatty"], "sentiment": "positive", "urgency": "low", "kind": "feedback", "topic": "praise",
                ]))
                #expect(stored.status == .created, "\(stored.text)")
                #expect(stored.json.string("confirmed_by") == home.users[.agent]!.id!.uuidString)
            }
            let after = try await app.send(.POST, "/api/v1/triage/analyze", token: home.token(.agent), json: JSONBody(["text": text]))
            #expect(after.json["trained_on"] as? Int == shipped + 5)
            #expect(after.json.object("topic").string("label") == "praise")
            #expect(after.json.object("sentiment").string("label") == "positive")
            #expect((after.json["styles"] as? [[String: Any]] ?? []).contains { $0.string("label") == "chatty" })
            let elsewhere = try await app.send(.POST, "/api/v1/triage/analyze", token: other.token(.agent), json: JSONBody(["text": text]))
            #expect(elsewhere.json["trained_on"] as? Int == shipped)
        }
    }

    @Test("feedback on a ticket message takes its body; another workspace's message answers 404")
    func feedbackOnATicketMessage() async throws {
        try await withRapport { app in
            let home = try await app.makeWorkspace("home")
            let other = try await app.makeWorkspace("other")
            let customer = try await app.makeCustomer(in: home, name: "Rita Moreno", emails: ["rita@example.com"])
            let ticket = try await app.send(.POST, "/api/v1/tickets", token: home.token(.agent), json: JSONBody([
                "requester_id": customer.id, "subject": "Where is my order", "message": ["body": "Where is my parcel? Order 4411.", "author": "customer"],
            ]))
            let messages = try await app.send(.GET, "/api/v1/tickets/\(ticket.json.id)/messages", token: home.token(.agent))
            let messageID = messages.items.first?.id ?? ""
            let labels: [String: Any] = ["ticket_message_id": messageID, "sentiment": "neutral", "urgency": "normal",
                                         "kind": "question", "topic": "order_tracking"]
            let stored = try await app.send(.POST, "/api/v1/triage/feedback", token: home.token(.agent), json: JSONBody(labels))
            #expect(stored.status == .created, "\(stored.text)")
            #expect(stored.json.string("text") == "Where is my parcel? Order 4411.")
            #expect(stored.json.string("ticket_message_id") == messageID)
            let foreign = try await app.send(.POST, "/api/v1/triage/feedback", token: other.token(.agent), json: JSONBody(labels))
            #expect(foreign.status == .notFound)
        }
    }

    @Test("the shipped training set is the labelled set's training part")
    func shippedSetMatchesTheFixture() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("../RapportCoreTests/Fixtures/triage/train.jsonl").standardized
        let fixtureExamples = try TriageExample.decodeLines(try Data(contentsOf: fixture))
        #expect(try ShippedTriageSet.examples() == fixtureExamples)
        #expect(fixtureExamples.count > 300)
    }
}

@Suite("Ticket triage")
struct TicketTriageTests {
    @Test("a ticket shows its suggested triage with reasons; confirming stores it and makes training data")
    func suggestAndConfirm() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let customer = try await app.makeCustomer(in: ws, name: "Ola Nordmann", emails: ["ola@example.com"])
            let ticket = try await app.send(.POST, "/api/v1/tickets", token: ws.token(.agent), json: JSONBody([
                "requester_id": customer.id, "subject": "Broken mower",
                "message": ["body": "The lawn mower stopped working after a week and makes a grinding noise. I need it fixed TODAY!", "author": "customer"],
            ]))
            #expect(ticket.status == .created, "\(ticket.text)")
            let path = "/api/v1/tickets/\(ticket.json.id)/triage"
            let shown = try await app.send(.GET, path, token: ws.token(.viewer))
            #expect(shown.status == .ok, "\(shown.text)")
            #expect(shown.json["confirmed"] as? Bool == false)
            #expect(shown.json.string("urgency") == "high")
            #expect(["high", "urgent"].contains(shown.json.string("priority") ?? ""))
            #expect(shown.json.strings("reasons").contains { $0.hasPrefix("urgency high") })
            #expect(!(shown.json.string("routing_hint") ?? "").isEmpty)

            let confirmed = try await app.send(.POST, path + "/confirm", token: ws.token(.agent), json: JSONBody([
                "kind": "complaint", "category": "product_defect", "priority": "urgent",
            ]))
            #expect(confirmed.status == .ok, "\(confirmed.text)")
            #expect(confirmed.json["confirmed"] as? Bool == true)
            #expect(confirmed.json.string("category") == "product_defect")
            #expect(confirmed.json["topic"] == nil || confirmed.json["topic"] is NSNull)
            #expect(confirmed.json.string("priority") == "urgent")
            let again = try await app.send(.GET, path, token: ws.token(.viewer))
            #expect(again.json.string("priority") == "urgent" && again.json["confirmed"] as? Bool == true)

            let labels = try await TriageLabel.query(on: app.db).all()
            #expect(labels.count == 1)
            #expect(labels.first?.category == .productDefect && labels.first?.text.contains("grinding noise") == true)

            let bad = try await app.send(.POST, path + "/confirm", token: ws.token(.agent), json: JSONBody(["kind": "question", "priority": "asap"]))
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.errorFields["topic"] != nil)
        }
    }

    @Test("a high-value, at-risk customer raises the priority, with both reasons")
    func priorityRules() {
        let classifier = TriageClassifierCache.shared
        let analysis = classifier.analyze("Where is my parcel? Order 5521. No rush.")
        let plain = TriageSuggestion.make(analysis: analysis, valueTier: nil, atRisk: false)
        let valued = TriageSuggestion.make(analysis: analysis, valueTier: .high, atRisk: true)
        #expect(valued.priority > plain.priority)
        #expect(valued.reasons.contains { $0.contains("high-value") } && valued.reasons.contains { $0.contains("at risk") })
    }
}

/// One shipped-set model for pure-rule tests in this target.
enum TriageClassifierCache {
    static let shared: TriageClassifier = TriageClassifier.train((try? ShippedTriageSet.examples()) ?? [])
}
