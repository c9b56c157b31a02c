import Fluent
import Foundation
import RapportCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import Rapport

@Suite("Principal reports")
struct ReportTests {
    /// November: Garden Co's Ana asks a question by email (answered, solved, rated 5), complains by phone
    /// about a defect (solved) and by email about the service (open); Bob, without organization, asks on the web (unanswered).
    func november(_ world: FeedbackWorld) async throws -> (organization: String, tickets: [String]) {
        let org = try await world.app.makeOrganization(in: world.ws, name: "Garden Co")
        let ana = try await world.app.makeCustomer(in: world.ws, name: "Ana", emails: ["ana@example.com"], extra: ["organization_id": org.id])
        let bob = try await world.app.makeCustomer(in: world.ws, name: "Bob", emails: ["bob@example.com"])
        world.clock.set(instant("2026-11-10T09:00:00Z"))
        let question = try await world.ticket(requester: ana.id, subject: "How do I sharpen the blade?")
        world.clock.set(instant("2026-11-10T10:00:00Z"))
        let reply = try await world.app.send(.POST, "/api/v1/tickets/\(question)/messages", token: world.ws.token(.agent), json: JSONBody(["body": "Like this.", "status": "solved"]))
        #expect(reply.status == .created, "\(reply.text)")
        let token = try await world.surveyMails()[0].token
        #expect(try await WebTestBrowser(world.app).post("/survey/\(token)", form: [("score", "5"), ("comment", "Clear answer")]).status == .ok)
        world.clock.set(instant("2026-11-12T09:00:00Z"))
        let defect = try await world.ticket(requester: ana.id, subject: "Blade broke", extra: ["kind": "complaint", "category": "product_defect", "channel": "phone", "product": "Mower X"])
        try await world.setStatus(defect, "solved")
        let service = try await world.ticket(requester: ana.id, subject: "Nobody called back", extra: ["kind": "complaint", "category": "service_failure"])
        let web = try await world.ticket(requester: bob.id, subject: "Opening hours?", extra: ["channel": "web"])
        return (org.id, [question, defect, service, web])
    }

    @Test("the report counts contacts by channel, questions, complaints and their fate, satisfaction and open issues, for the workspace and for one organization")
    func principalReport() async throws {
        try await withRapport { app in
            let world = try await FeedbackWorld.make(app, at: "2026-11-01T08:00:00Z")
            let (org, tickets) = try await november(world)
            world.clock.set(instant("2026-12-02T08:00:00Z"))
            let whole = try await app.send(.GET, "/api/v1/reports/principal?from=2026-11-01&to=2026-11-30", token: world.ws.token(.viewer))
            #expect(whole.status == .ok, "\(whole.text)")
            let report = whole.json
            #expect(report.string("title") == "Service report for Acme, 2026-11-01 to 2026-11-30")
            let channels = (report["channels"] as? [[String: Any]] ?? []).map { "\($0.string("channel") ?? ""):\($0["tickets"] as? Int ?? -1):\($0["customer_messages"] as? Int ?? -1):\($0["agent_replies"] as? Int ?? -1)" }
            #expect(channels == ["email:2:2:1", "phone:1:1:0", "web:1:1:0"])
            #expect(report.object("questions") as? [String: Int] == ["received": 2, "answered": 1, "solved": 1])
            let categories = (report["complaints_by_category"] as? [[String: Any]] ?? []).map { "\($0.string("category") ?? ""):\($0["received"] as? Int ?? -1):\($0["solved"] as? Int ?? -1):\($0["open"] as? Int ?? -1)" }
            #expect(categories == ["product_defect:1:1:0", "service_failure:1:0:1"])
            #expect(report["open_issues"] as? Int == 2)
            #expect(Set((report["open_tickets"] as? [[String: Any]] ?? []).map(\.id)) == [tickets[2], tickets[3]])
            #expect(report.object("figures")["csat"] as? Double == 100 && report.object("figures")["contact_volume"] as? Double == 4)
            #expect(report.object("figures")["tickets_solved"] as? Double == 2)

            let garden = try await app.send(.GET, "/api/v1/reports/principal?from=2026-11-01&to=2026-11-30&organization_id=\(org)", token: world.ws.token(.viewer)).json
            #expect(garden.string("title") == "Service report for Garden Co, 2026-11-01 to 2026-11-30")
            #expect((garden["channels"] as? [[String: Any]] ?? []).map { $0.string("channel") ?? "" } == ["email", "phone"])
            #expect(garden.object("questions") as? [String: Int] == ["received": 1, "answered": 1, "solved": 1])
            #expect(garden["open_issues"] as? Int == 1)
            #expect(garden.object("figures")["csat"] as? Double == 100 && garden.object("figures")["contact_volume"] as? Double == 3)

            let bad = try await app.send(.GET, "/api/v1/reports/principal?from=2026-12-01&to=2026-11-01&organization_id=\(UUID())", token: world.ws.token(.viewer))
            #expect(bad.status == .unprocessableEntity && bad.errorFields["to"] != nil)
            #expect(try await app.send(.GET, "/api/v1/reports/principal?organization_id=\(UUID())", token: world.ws.token(.viewer)).errorFields["organization_id"] != nil)

            let csv = try await app.send(.GET, "/api/v1/reports/principal/complaint-categories.csv?from=2026-11-01&to=2026-11-30", token: world.ws.token(.viewer))
            #expect(csv.status == .ok && csv.headers.contentType?.subType == "csv")
            #expect(csv.text == "category,received,solved,open\r\nproduct_defect,1,1,0\r\nservice_failure,1,0,1\r\n")
            #expect(try await app.send(.GET, "/api/v1/reports/principal/secrets.csv", token: world.ws.token(.viewer)).status == .notFound)

            // The printable page is the viewer's; scheduling is not.
            let viewer = try await app.signIn(world.ws, as: .viewer)
            let page = try await viewer.get("/reports?from=2026-11-01&to=2026-11-30&organization_id=\(org)")
            #expect(page.status == .ok && page.text.contains("Service report for Garden Co, 2026-11-01 to 2026-11-30"))
            #expect(page.text.contains("Nobody called back") && page.text.contains("complaint-categories.csv?from=2026-11-01"))
            #expect(!page.text.contains("schedule-form"))
            #expect(try await viewer.post("/reports/schedules", form: [("name", "x")]).status == .forbidden)
        }
    }

    @Test("a weekly schedule mails each complete week once, to each recipient, with the CSV files")
    func scheduledReports() async throws {
        try await withRapport { app in
            let world = try await FeedbackWorld.make(app, at: "2026-11-01T08:00:00Z")
            let (org, _) = try await november(world)
            world.clock.set(instant("2026-11-20T08:00:00Z"))
            let invalid = try await app.send(.POST, "/api/v1/report-schedules", token: world.ws.token(.supervisor), json: JSONBody([
                "name": "Weekly", "frequency": "hourly", "recipients": ["not an address"]]))
            #expect(invalid.status == .unprocessableEntity && invalid.errorFields["frequency"] != nil && invalid.errorFields["recipients"] != nil)
            let created = try await app.send(.POST, "/api/v1/report-schedules", token: world.ws.token(.supervisor), json: JSONBody([
                "name": "Garden Co weekly", "frequency": "weekly", "organization_id": org, "recipients": ["boss@garden.example", "ops@garden.example"]]))
            #expect(created.status == .created, "\(created.text)")

            // Tuesday 2026-12-01: the week of 23 to 29 November goes out, once.
            #expect(try await ReportScheduler.runOnce(app, now: instant("2026-12-01T06:00:00Z")) == .init(sent: 1, mails: 2))
            #expect(try await ReportScheduler.runOnce(app, now: instant("2026-12-01T06:05:00Z")) == .init(sent: 0, mails: 0))
            let rows = try await world.sql.select().columns("recipients", "content").from("outbox").where("kind", .equal, "report").all()
            #expect(try rows.map { try $0.decode(column: "recipients", as: String.self) }.sorted() == ["boss@garden.example", "ops@garden.example"])
            let mail = try rows[0].decode(column: "content", as: String.self).replacingOccurrences(of: "=\r\n", with: "")
            #expect(mail.contains("Service report for Garden Co, 2026-11-23 to 2026-11-29"))
            #expect(mail.contains("filename=\"channels.csv\"") || mail.contains("filename=channels.csv"))
            // The next week, the next period.
            #expect(try await ReportScheduler.runOnce(app, now: instant("2026-12-08T06:00:00Z")) == .init(sent: 1, mails: 2))
            let runs = try await world.sql.select().column("period_start").from("report_runs").all().map { try $0.decode(column: "period_start", as: Int64.self) }
            #expect(runs.sorted() == [20780, 20787])

            let listed = try await app.send(.GET, "/api/v1/report-schedules", token: world.ws.token(.supervisor)).items
            #expect(listed.map { $0.string("name") } == ["Garden Co weekly"])
            #expect(try await app.send(.DELETE, "/api/v1/report-schedules/\(created.json.id)", token: world.ws.token(.supervisor)).status == .noContent)
            #expect(try await ReportScheduler.runOnce(app, now: instant("2026-12-15T06:00:00Z")) == .init(sent: 0, mails: 0))
        }
    }
}
