import Fluent
import Foundation
import RapportCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import Rapport

@Suite("Feedback recorded by hand")
struct FeedbackAPITests {
    @Test("feedback from a call is tied to the ticket's customer and agent, counts in CSAT, and bad input names its field")
    func manualFeedback() async throws {
        try await withRapport { app in
            let world = try await FeedbackWorld.make(app)
            let ana = try await app.makeCustomer(in: world.ws, name: "Ana", emails: ["ana@example.com"])
            let ticket = try await world.ticket(requester: ana.id)
            let agent = world.ws.users[.agent]!.id!.uuidString
            let created = try await app.send(.POST, "/api/v1/feedback", token: world.ws.token(.agent), json: JSONBody([
                "kind": "csat", "score": 2, "source": "phone", "ticket_id": ticket, "comment": "Waited too long on the phone"]))
            #expect(created.status == .created, "\(created.text)")
            #expect(created.json.string("customer_id") == ana.id && created.json.string("agent_id") == agent)
            #expect(created.json.string("recorded_by_id") == agent && created.json.string("source") == "phone")
            // One answer, not satisfied: CSAT 0 on one answer.
            let metrics = try await world.metrics("metrics=csat&from=2026-11-30&to=2026-11-30")
            #expect(metrics.total("csat") == 0 && metrics.object("totals").object("basis")["csat"] as? Int == 1)

            let bad = try await app.send(.POST, "/api/v1/feedback", token: world.ws.token(.agent), json: JSONBody([
                "kind": "nps", "score": 11, "source": "survey", "customer_id": ana.id]))
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.errorFields["score"] == "must be from 0 to 10" && bad.errorFields["source"] != nil)
            let noComment = try await app.send(.POST, "/api/v1/feedback", token: world.ws.token(.agent), json: JSONBody([
                "kind": "note", "source": "employee", "customer_id": ana.id]))
            #expect(noComment.errorFields["comment"] == "is required for a note")
            let other = try await app.makeWorkspace("other")
            let stranger = try await app.makeCustomer(in: other, name: "Stranger")
            let foreign = try await app.send(.POST, "/api/v1/feedback", token: world.ws.token(.agent), json: JSONBody([
                "kind": "note", "source": "letter", "comment": "Hello", "customer_id": stranger.id]))
            #expect(foreign.errorFields["customer_id"] == "is not a customer of this workspace")
            let noOne = try await app.send(.POST, "/api/v1/feedback", token: world.ws.token(.agent), json: JSONBody(["kind": "note", "source": "letter", "comment": "Hi"]))
            #expect(noOne.errorFields["customer_id"] != nil)

            let note = try await app.send(.POST, "/api/v1/feedback", token: world.ws.token(.supervisor), json: JSONBody([
                "kind": "note", "source": "employee", "comment": "Customers ask for weekend opening hours", "customer_id": ana.id]))
            #expect(note.status == .created && note.json["score"] == nil && note.json["agent_id"] == nil)
            // An agent sees the feedback about them or recorded by them; a supervisor sees all; another workspace sees none.
            #expect(try await app.send(.GET, "/api/v1/feedback", token: world.ws.token(.agent)).items.count == 1)
            #expect(try await app.send(.GET, "/api/v1/feedback", token: world.ws.token(.supervisor)).items.count == 2)
            #expect(try await app.send(.GET, "/api/v1/feedback?kind=note", token: world.ws.token(.supervisor)).items.count == 1)
            #expect(try await app.send(.GET, "/api/v1/feedback", token: other.token(.admin)).items.isEmpty)
            #expect(try await app.send(.GET, "/api/v1/feedback?from=nope", token: world.ws.token(.admin)).errorFields["from"] != nil)
        }
    }

    @Test("the feedback page records a review by the customer's email; viewers do not see it")
    func feedbackPage() async throws {
        try await withRapport { app in
            let world = try await FeedbackWorld.make(app)
            _ = try await app.makeCustomer(in: world.ws, name: "Ana Lima", emails: ["ana@example.com"])
            let browser = try await app.signIn(world.ws, as: .agent)
            #expect(try await browser.get("/feedback").status == .ok)
            let unknown = try await browser.post("/feedback", form: [("kind", "note"), ("source", "review"), ("customer_email", "nobody@example.com"), ("comment", "x")])
            #expect(unknown.status == .unprocessableEntity && unknown.text.contains("belongs to no customer of this workspace"))
            let saved = try await browser.post("/feedback", form: [
                ("kind", "csat"), ("score", "5"), ("source", "review"), ("customer_email", "ana@example.com"),
                ("product", "Mower X"), ("comment", "Five stars on the review site")])
            #expect(saved.status == .seeOther)
            let page = try await browser.get("/feedback")
            #expect(page.text.contains("Five stars on the review site") && page.text.contains("Ana Lima"))
            let stored = try await world.sql.select().columns("product", "source", "score").from("feedback").all()
            #expect(try stored.map { try $0.decode(column: "product", as: String?.self) } == ["Mower X"])
            let viewer = try await app.signIn(world.ws, as: .viewer)
            #expect(try await viewer.get("/feedback").status == .forbidden)
        }
    }
}
