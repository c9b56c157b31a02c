import Fluent
import Foundation
import RapportCore
import Testing
import Vapor
import VaporTesting

@testable import Rapport

@Suite("Dashboard pages")
struct DashboardPagesTests {
    /// The text of one element of a page, from its `id` to the end of its tag `end`.
    func element(_ page: String, id: String, end: String) -> String {
        guard let start = page.range(of: "id=\"\(id)\"") else { return "" }
        let rest = page[start.lowerBound...]
        return String(rest[..<(rest.range(of: end)?.upperBound ?? rest.endIndex)])
    }

    /// Every `href` in `html`, with `&amp;` read back as `&`.
    func hrefs(_ html: String, containing part: String) -> [String] {
        html.components(separatedBy: "href=\"").dropFirst().map { String($0.prefix { $0 != "\"" }).replacingOccurrences(of: "&amp;", with: "&") }
            .filter { $0.contains(part) }
    }

    func ticketLinks(_ page: String) -> Set<String> {
        Set(hrefs(element(page, id: "figure-tickets", end: "</table>"), containing: "/tickets/").map { String($0.dropFirst("/tickets/".count)) })
    }

    @Test("a supervisor sees the hand-worked week against its targets, as charts and tables, with links to the tickets and CSV exports")
    func supervisorDashboard() async throws {
        try await withMetricsHistory(startingAt: "2026-11-01T00:00:00Z") { app, ws, history in
            try await MetricsAPITests().officeHours(app, ws)
            let customer = try await app.makeCustomer(in: ws, name: "Ada Moss", emails: ["ada@example.com"])
            let (a, b, c) = try await MetricsAPITests().week(history, requester: customer.id)
            // A product name a spreadsheet would run as a formula, with a comma and quotes.
            try await history.update(b, "2026-11-08T12:00:00Z", ["product": "=SUM(1,2) \"x\""])
            for (ticket, score) in [(a, 3), (b, 5)] {
                let answer = try await app.send(.POST, "/api/v1/feedback", token: ws.token(.supervisor), json: JSONBody([
                    "kind": "csat", "score": score, "comment": "Score \(score)", "source": "phone", "customer_id": customer.id,
                    "ticket_id": ticket, "received_at": "2026-11-05T12:00:00Z"]))
                #expect(answer.status == .created, "\(answer.text)")
            }
            history.at("2026-11-09T00:00:00Z")

            let browser = try await app.signIn(ws, as: .supervisor)
            let period = "from=2026-11-02&to=2026-11-08&granularity=day"
            let response = try await browser.get("/dashboard?\(period)")
            #expect(response.status == .ok)
            let page = response.text
            #expect(page.contains("<h1>Service dashboard</h1>"))
            #expect(page.contains("href=\"/dashboard\" aria-current=\"page\"") || page.contains("href=\"/dashboard\""), "the menu links the dashboard")
            // Headline figures, worked out by hand in MetricsAPITests.week, against the default targets.
            let expected: [(String, String, String)] = [
                ("first_response_time", "9 h 15 min", "Misses target"),           // 33,300 s > 4 h
                ("first_response_time_business", "1 h 15 min", "Misses target"), // 4,500 s > 1 h
                ("resolution_time", "21 h 30 min", "Meets target"),               // 77,400 s ≤ 24 h
                ("one_touch_rate", "50.0 %", "Misses target"),
                ("reopen_rate", "50.0 %", "Misses target"),
                ("backlog", "1", "Target"),
                ("backlog_age", "38 h 0 min", "Meets target"),                    // C waited from Sat 10:00 to Mon 00:00
                ("sla_compliance", "50.0 %", "Misses target"),
                ("csat", "50.0 %", "Misses target"),                              // a 3 and a 5
                ("nps", "—", "Nothing to measure"),
                ("contact_volume", "3", "No target"),
            ]
            for (metric, value, status) in expected {
                let card = element(page, id: "headline-\(metric)", end: "</li>")
                #expect(card.contains(">\(value)</a>"), "\(metric): \(card)")
                if status == "Target" { #expect(card.contains("No target")) } else { #expect(card.contains(status), "\(metric): \(card)") }
            }

            // Trends: one SVG per headline, with axes' labels and a text alternative naming every day.
            let chart = element(page, id: "chart-backlog", end: "</figure>")
            #expect(chart.contains("<svg") && chart.contains("role=\"img\""))
            #expect(chart.contains("<title id=\"chart-backlog-title\">Backlog by day</title>"))
            #expect(chart.contains("2026-11-02: 1; 2026-11-03: 0; 2026-11-04: 0; 2026-11-05: 0; 2026-11-06: 0; 2026-11-07: 1; 2026-11-08: 1."))
            #expect(chart.contains("<polyline class=\"series\""))
            #expect(chart.contains(">11-02</text>") && chart.contains(">11-08</text>"))
            #expect(element(page, id: "chart-first_response_time", end: "</figure>").contains("class=\"target\""))

            // Breakdowns: a table per dimension; each figure links to the tickets behind it.
            for dimension in MetricDimension.allCases { #expect(page.contains("id=\"by-\(dimension.rawValue)\""), "\(dimension)") }
            let channels = element(page, id: "by-channel", end: "</table>")
            #expect(channels.contains("<th scope=\"row\">email</th>") && channels.contains("<th scope=\"row\">phone</th>"))
            let phoneVolume = hrefs(channels, containing: "breakdown=channel&value=phone").first { $0.contains("metrics=contact_volume") }
            let phone = try await browser.get(try #require(phoneVolume))
            #expect(phone.status == .ok)
            #expect(ticketLinks(phone.text) == [b])

            // The headline figures' links: exactly the tickets each figure counts.
            func behind(_ metric: String) async throws -> Set<String> {
                let href = try #require(hrefs(element(page, id: "headline-\(metric)", end: "</li>"), containing: "/dashboard/tickets").first)
                let list = try await browser.get(href)
                #expect(list.status == .ok, "\(metric)")
                return ticketLinks(list.text)
            }
            #expect(try await behind("contact_volume") == [a, b, c])
            #expect(try await behind("backlog") == [c])
            #expect(try await behind("reopen_rate") == [a, b], "the rate rests on the solved tickets")
            #expect(try await behind("first_response_time") == [a, b])
            #expect(try await behind("csat") == [a, b])
            let reopenedOnly = try await browser.get("/dashboard/tickets?\(period)&metrics=backlog&breakdown=channel&value=phone")
            #expect(ticketLinks(reopenedOnly.text).isEmpty && reopenedOnly.text.contains("No tickets behind this figure."))

            // CSV exports: raw figures, quoted, formula-safe.
            let overview = try await browser.get(try #require(hrefs(page, containing: "table=overview").first))
            #expect(overview.status == .ok && overview.headers.contentType?.subType == "csv")
            #expect(overview.text.hasPrefix("metric,label,value,basis,target,meets_target\r\n"))
            #expect(overview.text.contains("\r\nfirst_response_time,First response time,33300,2,at most 4 h 0 min,no\r\n"))
            #expect(overview.text.contains("\r\ncsat,CSAT,50,2,at least 85.0 %,no\r\n"))
            let byProduct = try await browser.get(try #require(hrefs(page, containing: "table=product").first))
            let productLines = byProduct.text.components(separatedBy: "\r\n")
            #expect(productLines.first?.hasPrefix("product,label,contact_volume,") == true)
            #expect(productLines.contains { $0.hasPrefix("\"'=SUM(1,2) \"\"x\"\"\",\"'=SUM(1,2) \"\"x\"\"\",1,") }, "\(productLines)")
            #expect(!byProduct.text.contains("\n=SUM"))
            let series = try await browser.get("/dashboard/export.csv?\(period)&table=series")
            #expect(series.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 8, "a header and 7 days")
            #expect(try await browser.get("/dashboard/export.csv?\(period)&table=secrets").status == .unprocessableEntity)

            // A bad filter names its field and still shows the page.
            let bad = try await browser.get("/dashboard?from=soon&granularity=hour")
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("<strong>from</strong>") && bad.text.contains("<strong>granularity</strong>") && bad.text.contains("id=\"headline-csat\""))
        }
    }

    @Test("an agent sees only their own figures and feedback; supervisors pick any agent; viewers and strangers see none")
    func agentView() async throws {
        try await withMetricsHistory(startingAt: "2026-11-01T00:00:00Z") { app, ws, history in
            let customer = try await app.makeCustomer(in: ws, name: "Ada Moss")
            let agent = ws.users[.agent]!.id!.uuidString, supervisor = ws.users[.supervisor]!.id!.uuidString
            let mine = try await history.ticket("2026-11-02T10:00:00Z", requester: customer.id, extra: ["assignee_id": agent])
            try await history.message(mine, "2026-11-02T10:10:00Z", author: "agent", status: "solved")
            let theirs = try await history.ticket("2026-11-02T11:00:00Z", requester: customer.id, extra: ["assignee_id": supervisor])
            try await history.message(theirs, "2026-11-02T13:00:00Z", author: "agent", token: ws.token(.supervisor))
            history.at("2026-11-02T16:00:00Z")
            for (ticket, comment) in [(mine, "Quick and kind"), (theirs, "Slow answer about the blade")] {
                let answer = try await app.send(.POST, "/api/v1/feedback", token: ws.token(.supervisor), json: JSONBody([
                    "kind": "csat", "score": comment.hasPrefix("Quick") ? 5 : 2, "comment": comment, "source": "phone",
                    "customer_id": customer.id, "ticket_id": ticket, "received_at": "2026-11-02T15:00:00Z"]))
                #expect(answer.status == .created, "\(answer.text)")
            }
            history.at("2026-11-03T00:00:00Z")
            let period = "from=2026-11-02&to=2026-11-02"

            let browser = try await app.signIn(ws, as: .agent)
            let me = try await browser.get("/dashboard/me")
            #expect(me.status == .seeOther && me.headers.first(name: .location) == "/dashboard?agent_id=me")
            let own = try await browser.get("/dashboard?\(period)")
            #expect(own.status == .ok)
            #expect(own.text.contains("<h1>Your figures</h1>"))
            #expect(element(own.text, id: "headline-contact_volume", end: "</li>").contains(">1</a>"))
            #expect(element(own.text, id: "headline-first_response_time", end: "</li>").contains(">10 min</a>"))
            #expect(element(own.text, id: "headline-csat", end: "</li>").contains(">100.0 %</a>"))
            #expect(own.text.contains("Quick and kind") && !own.text.contains("Slow answer about the blade"))
            #expect(!own.text.contains("id=\"db-agent\"") && !own.text.contains("id=\"by-agent\""), "no picker, no comparison tables")
            #expect(try await browser.get("/dashboard?\(period)&agent_id=\(supervisor)").status == .forbidden)
            #expect(try await browser.get("/dashboard/tickets?\(period)&metrics=contact_volume&agent_id=\(supervisor)").status == .forbidden)
            #expect(try await browser.get("/dashboard/export.csv?\(period)&table=agent").status == .forbidden)
            let ownTickets = try await browser.get("/dashboard/tickets?\(period)&metrics=contact_volume")
            #expect(ticketLinks(ownTickets.text) == [mine])
            let ownCSV = try await browser.get("/dashboard/export.csv?\(period)&table=overview")
            #expect(ownCSV.text.contains("\r\ncontact_volume,Contact volume,1,1,,\r\n"))
            // The API answers the same.
            #expect(try await app.send(.GET, "/api/v1/metrics?agent_id=\(supervisor)", token: ws.token(.agent)).status == .forbidden)

            let boss = try await app.signIn(ws, as: .supervisor)
            let whole = try await boss.get("/dashboard?\(period)")
            #expect(element(whole.text, id: "headline-contact_volume", end: "</li>").contains(">2</a>"))
            #expect(whole.text.contains("id=\"db-agent\""))
            let theAgent = try await boss.get("/dashboard?\(period)&agent_id=\(agent)")
            #expect(theAgent.status == .ok && theAgent.text.contains("<h1>Figures of Agent of acme</h1>"))
            #expect(theAgent.text.contains("Quick and kind") && !theAgent.text.contains("Slow answer about the blade"))
            let theSupervisor = try await boss.get("/dashboard?\(period)&agent_id=\(supervisor)")
            #expect(theSupervisor.text.contains("Slow answer about the blade") && !theSupervisor.text.contains("Quick and kind"))

            let viewer = try await app.signIn(ws, as: .viewer)
            #expect(try await viewer.get("/dashboard").status == .forbidden)
            #expect(try await viewer.get("/dashboard/export.csv?table=overview").status == .forbidden)
            #expect(!(try await viewer.get("/reports").text.contains("href=\"/dashboard\"")), "no menu entry that would answer 403")
            let stranger = try await WebTestBrowser(app).get("/dashboard")
            #expect(stranger.status == .seeOther && stranger.headers.first(name: .location) == "/?next=/dashboard")
            // Another workspace's supervisor sees none of it.
            let elsewhere = try await app.signIn(try await app.makeWorkspace("globex"), as: .supervisor)
            let theirPage = try await elsewhere.get("/dashboard?\(period)")
            #expect(element(theirPage.text, id: "headline-contact_volume", end: "</li>").contains(">0</a>"))
            #expect(ticketLinks(try await elsewhere.get("/dashboard/tickets?\(period)&metrics=contact_volume").text).isEmpty)
        }
    }

    @Test("a breakdown with more than 100 values shows the busiest 100 and says so; its CSV has them all")
    func longTables() async throws {
        try await withMetricsHistory(startingAt: "2026-11-02T09:00:00Z") { app, ws, history in
            let customer = try await app.makeCustomer(in: ws, name: "Ada Moss")
            for number in 0...100 {
                try await history.ticket("2026-11-02T10:00:00Z", requester: customer.id, extra: ["product": String(format: "P%03d", number)])
            }
            try await history.ticket("2026-11-02T11:00:00Z", requester: customer.id, extra: ["product": "P100"])
            history.at("2026-11-03T00:00:00Z")
            let browser = try await app.signIn(ws, as: .supervisor)
            let page = try await browser.get("/dashboard?from=2026-11-02&to=2026-11-02").text
            let table = element(page, id: "by-product", end: "</table>")
            #expect(table.components(separatedBy: "<th scope=\"row\">").count - 1 == 100)
            #expect(table.contains("<th scope=\"row\">P100</th>") && table.contains("<th scope=\"row\">P000</th>") && !table.contains("<th scope=\"row\">P099</th>"))
            #expect(page.contains("The 100 values with the most contacts of 101; the CSV export has them all."))
            let csv = try await browser.get("/dashboard/export.csv?from=2026-11-02&to=2026-11-02&table=product").text
            #expect(csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 102)
            #expect(csv.contains("\r\nP100,P100,2,"))
        }
    }
}
