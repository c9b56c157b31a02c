import Fluent
import Foundation
import RapportCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import Rapport

@Suite("Insights, themes and improvements")
struct InsightAndImprovementTests {
    /// Two defect complaints about Mower X every week for the 8 weeks before the week of Monday
    /// 2026-11-30, then seven in that week: four about the blade, three about the motor.
    func complaintHistory(_ world: FeedbackWorld) async throws -> [String] {
        let ana = try await world.app.makeCustomer(in: world.ws, name: "Ana", emails: ["ana@example.com"])
        let complaint: [String: Any] = ["kind": "complaint", "category": "product_defect", "product": "Mower X"]
        for week in 1...8 {
            let tuesday = instant("2026-12-01T10:00:00Z").addingTimeInterval(Double(-7 * week) * 86_400)
            for hour in 0..<2 {
                world.clock.set(tuesday.addingTimeInterval(Double(hour) * 3_600))
                _ = try await world.ticket(requester: ana.id, extra: complaint.merging(["message": ["body": "Mower broken", "author": "customer"]]) { _, new in new })
            }
        }
        var current: [String] = []
        for index in 0..<7 {
            world.clock.set(instant("2026-11-30T08:00:00Z").addingTimeInterval(Double(index) * 3_600))
            let body = index < 4 ? "The blade broke after two days." : "Motor overheats quickly!"
            current.append(try await world.ticket(requester: ana.id, subject: "Mower X problem \(index)",
                extra: complaint.merging(["message": ["body": body, "author": "customer"]]) { _, new in new }))
        }
        return current
    }

    @Test("a product's defect complaints rising fourfold is flagged with its tickets; themes name the blade and the motor")
    func insightsAndThemes() async throws {
        try await withRapport { app in
            let world = try await FeedbackWorld.make(app)
            let current = try await complaintHistory(world)
            world.clock.set(instant("2026-12-02T09:00:00Z"))
            let insights = try await app.send(.GET, "/api/v1/insights?week=2026-12-01", token: world.ws.token(.agent))
            #expect(insights.status == .ok)
            #expect(insights.json.string("week_start") == "2026-11-30" && insights.json.string("week_end") == "2026-12-06")
            let items = insights.items
            try #require(items.count == 1)
            #expect(items[0].string("message") == "complaints about product Mower X for 'product_defect' quadrupled this week (7 against about 2 a week): possible malfunction")
            #expect(Set(items[0].strings("ticket_ids")) == Set(current))
            #expect(items[0]["ticket_numbers"] as? [Int] == Array(17...23))
            // The week before was ordinary.
            #expect(try await app.send(.GET, "/api/v1/insights?week=2026-11-23", token: world.ws.token(.agent)).items.isEmpty)
            #expect(try await app.send(.GET, "/api/v1/insights?week=soon", token: world.ws.token(.agent)).errorFields["week"] != nil)

            let themes = try await app.send(.GET, "/api/v1/feedback/themes?from=2026-11-30&to=2026-12-02&source=complaints", token: world.ws.token(.agent))
            #expect(themes.status == .ok)
            #expect(themes.json["texts"] as? Int == 7)
            let list = themes.json["themes"] as? [[String: Any]] ?? []
            #expect(list.map { $0.string("phrase") ?? "" } == ["blade broke", "days", "motor overheats", "overheats quickly"])
            #expect(list.first?["count"] as? Int == 4 && Set(list.first?.strings("ticket_ids") ?? []) == Set(current.prefix(4)))
            let otherProduct = try await app.send(.GET, "/api/v1/feedback/themes?from=2026-11-30&to=2026-12-02&product=Kettle", token: world.ws.token(.agent))
            #expect(otherProduct.json["texts"] as? Int == 0)
            #expect(try await app.send(.GET, "/api/v1/feedback/themes?category=broken", token: world.ws.token(.agent)).errorFields["category"] != nil)

            let browser = try await app.signIn(world.ws, as: .agent)
            let page = try await browser.get("/insights?week=2026-12-01&from=2026-11-30&to=2026-12-02")
            #expect(page.status == .ok)
            #expect(page.text.contains("complaints about product Mower X for") && page.text.contains("blade broke"))
            #expect(page.text.contains("/tickets/\(current[0])"))
        }
    }

    @Test("an improvement linked to the insight is measured on its category over equal periods before and after it was done")
    func improvementImpact() async throws {
        try await withRapport { app in
            let world = try await FeedbackWorld.make(app)
            _ = try await complaintHistory(world)
            world.clock.set(instant("2026-12-02T09:00:00Z"))
            let agentOnly = try await app.send(.POST, "/api/v1/improvements", token: world.ws.token(.agent), json: JSONBody(["title": "x"]))
            #expect(agentOnly.status == .forbidden)
            let invalid = try await app.send(.POST, "/api/v1/improvements", token: world.ws.token(.supervisor), json: JSONBody(["title": "Check blades", "metric": "happiness"]))
            #expect(invalid.status == .unprocessableEntity && invalid.errorFields["reason"] != nil && invalid.errorFields["metric"] != nil)
            let created = try await app.send(.POST, "/api/v1/improvements", token: world.ws.token(.supervisor), json: JSONBody([
                "title": "Inspect every Mower X blade before shipping", "reason": "Defect complaints quadrupled",
                "insight_key": "category=product_defect|product=Mower X", "metric": "contact_volume",
                "owner_id": world.ws.users[.supervisor]!.id!.uuidString, "due_on": "2026-12-15"]))
            #expect(created.status == .created, "\(created.text)")
            #expect(created.json.string("breakdown") == "category" && created.json.string("breakdown_value") == "product_defect")
            #expect(created.json.string("status") == "planned" && created.json["impact"] == nil)
            let id = created.json.id

            world.clock.set(instant("2026-12-02T10:00:00Z"))
            let done = try await app.send(.PATCH, "/api/v1/improvements/\(id)", token: world.ws.token(.supervisor), json: JSONBody(["status": "done"]))
            #expect(done.status == .ok && done.json.string("done_at") != nil)
            #expect(done.json["impact"] == nil)  // not a whole day yet

            // One more complaint after the change, a week later: 7 in the week before, 1 in the week after.
            world.clock.set(instant("2026-12-03T10:00:00Z"))
            let ana = try await app.send(.GET, "/api/v1/customers?q=ana", token: world.ws.token(.agent)).items[0].id
            _ = try await world.ticket(requester: ana, extra: ["kind": "complaint", "category": "product_defect", "product": "Mower X"])
            world.clock.set(instant("2026-12-09T12:00:00Z"))
            let measured = try await app.send(.GET, "/api/v1/improvements/\(id)", token: world.ws.token(.agent))
            let impact = measured.json.object("impact")
            #expect(impact.string("before_from") == "2026-11-25" && impact.string("before_to") == "2026-12-01")
            #expect(impact.string("after_from") == "2026-12-02" && impact.string("after_to") == "2026-12-08")
            #expect(impact["before"] as? Double == 7 && impact["after"] as? Double == 1 && impact["change"] as? Double == -6)

            let browser = try await app.signIn(world.ws, as: .supervisor)
            let page = try await browser.get("/improvements")
            #expect(page.text.contains("Inspect every Mower X blade before shipping") && page.text.contains("Contact volume 7 → 1 (-6)"))
            let form = try await browser.post("/improvements", form: [("title", "Call back unhappy customers"), ("reason", "CSAT fell"), ("metric", "csat"), ("theme", "waited")])
            #expect(form.status == .seeOther)
            #expect(try await app.send(.GET, "/api/v1/improvements", token: world.ws.token(.agent)).items.count == 2)
        }
    }
}
