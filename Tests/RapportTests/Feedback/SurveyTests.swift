import Fluent
import Foundation
import RapportCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import Rapport

@Suite("Satisfaction and NPS surveys")
struct SurveyTests {
    @Test("solving a ticket mails one CSAT survey; the customer answers once without signing in, and CSAT counts it")
    func csatOncePerTicket() async throws {
        try await withRapport { app in
            let world = try await FeedbackWorld.make(app)
            let ana = try await app.makeCustomer(in: world.ws, name: "Ana Lima", emails: ["ana@example.com"])
            let ticket = try await world.ticket(requester: ana.id)
            #expect(try await world.surveyMails().isEmpty)

            world.clock.set(instant("2026-11-30T10:00:00Z"))
            try await world.setStatus(ticket, "solved")
            let mails = try await world.surveyMails()
            try #require(mails.count == 1)
            #expect(mails[0].to == "ana@example.com" && mails[0].ticketID == UUID(uuidString: ticket))
            let token = mails[0].token
            #expect(token.hasPrefix("srv_") && token.count > 40)
            // Only the token's hash is stored.
            let stored = try await world.sql.select().column("token_hash").from("survey_invitations").all()
                .map { try $0.decode(column: "token_hash", as: String.self) }
            #expect(stored == [APITokens.hash(token)])

            // Reopened and solved again: still one survey.
            try await world.setStatus(ticket, "open")
            try await world.setStatus(ticket, "solved")
            #expect(try await world.surveyMails().count == 1)

            let browser = WebTestBrowser(app)
            let form = try await browser.get("/survey/\(token)")
            #expect(form.status == .ok)
            #expect(form.text.contains("How satisfied are you with the help you received with your request #1 (Mower stops)?"))
            let missing = try await browser.post("/survey/\(token)", form: [("comment", "no score")])
            #expect(missing.status == .unprocessableEntity && missing.text.contains("please choose a score"))
            let outOfRange = try await browser.post("/survey/\(token)", form: [("score", "7")])
            #expect(outOfRange.status == .unprocessableEntity && outOfRange.text.contains("must be from 1 to 5"))

            world.clock.set(instant("2026-11-30T12:00:00Z"))
            let answered = try await browser.post("/survey/\(token)", form: [("score", "4"), ("comment", "Quick and friendly help")])
            #expect(answered.status == .ok && answered.text.contains("your answer is recorded"))
            let again = try await browser.post("/survey/\(token)", form: [("score", "1"), ("comment", "changed my mind")])
            #expect(again.status == .conflict && again.text.contains("answered already"))
            #expect(try await browser.get("/survey/\(token)").text.contains("answered already"))

            // Stored once, tied to the customer, the ticket and its agent, and counted by the metrics.
            let feedback = try await app.send(.GET, "/api/v1/feedback?ticket_id=\(ticket)", token: world.ws.token(.supervisor)).items
            try #require(feedback.count == 1)
            #expect(feedback[0]["score"] as? Int == 4 && feedback[0].string("comment") == "Quick and friendly help")
            #expect(feedback[0].string("source") == "survey" && feedback[0].string("customer_id") == ana.id)
            #expect(feedback[0].string("agent_id") == world.ws.users[.agent]!.id!.uuidString)
            let metrics = try await world.metrics("metrics=csat&from=2026-11-30&to=2026-11-30")
            #expect(metrics.total("csat") == 100)
            #expect((metrics.object("totals").object("basis"))["csat"] as? Int == 1)
            // The ticket's history says so.
            let events = try await app.send(.GET, "/api/v1/tickets/\(ticket)/events", token: world.ws.token(.agent)).items
            #expect(events.contains { $0.string("action") == "feedback_received" && $0.string("new_value") == "4" })
        }
    }

    @Test("expired and unknown links get a clear page and record nothing")
    func expiredAndInvalid() async throws {
        try await withRapport { app in
            let world = try await FeedbackWorld.make(app)
            let ana = try await app.makeCustomer(in: world.ws, name: "Ana", emails: ["ana@example.com"])
            let ticket = try await world.ticket(requester: ana.id)
            try await world.setStatus(ticket, "solved")
            let token = try await world.surveyMails()[0].token
            let browser = WebTestBrowser(app)
            world.clock.set(instant("2026-12-31T09:00:01Z"))
            let expired = try await browser.get("/survey/\(token)")
            #expect(expired.status == .gone && expired.text.contains("This survey link has expired"))
            let late = try await browser.post("/survey/\(token)", form: [("score", "5")])
            #expect(late.status == .gone)
            let unknown = try await browser.get("/survey/srv_NotAToken000000000000000000000000000000000")
            #expect(unknown.status == .notFound && unknown.text.contains("This survey link is not valid"))
            #expect(try await browser.post("/survey/whatever", form: [("score", "5")]).status == .notFound)
            #expect(try await world.sql.select().column("id").from("feedback").all().isEmpty)
        }
    }

    @Test("no survey without an email address, and none for a ticket created already solved twice over")
    func noAddress() async throws {
        try await withRapport { app in
            let world = try await FeedbackWorld.make(app)
            let silent = try await app.makeCustomer(in: world.ws, name: "No Mail")
            let ticket = try await world.ticket(requester: silent.id)
            try await world.setStatus(ticket, "solved")
            #expect(try await world.surveyMails().isEmpty)
            // A call logged as solved at once gets its survey at creation.
            let caller = try await app.makeCustomer(in: world.ws, name: "Caller", emails: ["caller@example.com"])
            let call = try await world.ticket(requester: caller.id, extra: ["status": "solved", "channel": "phone"])
            let mails = try await world.surveyMails()
            #expect(mails.map(\.ticketID) == [UUID(uuidString: call)])
        }
    }

    @Test("an NPS survey goes to the chosen segment only; answers count in NPS and in the survey's tally")
    func npsToSegment() async throws {
        try await withRapport { app in
            let world = try await FeedbackWorld.make(app)
            let risky = try await app.makeCustomer(in: world.ws, name: "Risky", emails: ["risky@example.com"], profile: ["lifecycle": "at_risk"])
            _ = try await app.makeCustomer(in: world.ws, name: "Loyal", emails: ["loyal@example.com"], profile: ["lifecycle": "loyal"])
            _ = try await app.makeCustomer(in: world.ws, name: "Risky, no mail", profile: ["lifecycle": "at_risk"])
            let forbidden = try await app.send(.POST, "/api/v1/surveys/nps?lifecycle=at_risk", token: world.ws.token(.agent), json: JSONBody([:]))
            #expect(forbidden.status == .forbidden)
            let bad = try await app.send(.POST, "/api/v1/surveys/nps?lifecycle=sleepy", token: world.ws.token(.supervisor), json: JSONBody([:]))
            #expect(bad.status == .unprocessableEntity && bad.errorFields["lifecycle"] != nil)
            let sent = try await app.send(.POST, "/api/v1/surveys/nps?lifecycle=at_risk", token: world.ws.token(.supervisor), json: JSONBody(["name": "Winter NPS"]))
            #expect(sent.status == .created, "\(sent.text)")
            #expect(sent.json["recipients"] as? Int == 1 && sent.json.string("segment") == "lifecycle=at_risk")
            let mails = try await world.surveyMails()
            #expect(mails.map(\.to) == ["risky@example.com"] && mails[0].ticketID == nil)

            let browser = WebTestBrowser(app)
            let form = try await browser.get("/survey/\(mails[0].token)")
            #expect(form.text.contains("How likely are you to recommend Acme to a friend or colleague?"))
            #expect(form.text.contains("value=\"0\"") && form.text.contains("value=\"10\""))
            #expect(try await browser.post("/survey/\(mails[0].token)", form: [("score", "11")]).status == .unprocessableEntity)
            #expect(try await browser.post("/survey/\(mails[0].token)", form: [("score", "9"), ("comment", "Great advice")]).status == .ok)

            let feedback = try await app.send(.GET, "/api/v1/feedback?kind=nps", token: world.ws.token(.supervisor)).items
            #expect(feedback.map { $0.string("customer_id") } == [risky.id] && feedback[0]["ticket_id"] == nil)
            #expect(try await world.metrics("metrics=nps&from=2026-11-30&to=2026-11-30").total("nps") == 100)
            let campaigns = try await app.send(.GET, "/api/v1/surveys/nps", token: world.ws.token(.supervisor)).items
            #expect(campaigns.map { $0.string("name") } == ["Winter NPS"] && campaigns[0]["answers"] as? Int == 1)
        }
    }
}
