import Fluent
import Foundation
import RapportCore
import Testing
import Vapor
import VaporTesting

@testable import Rapport

@Suite("Metrics API")
struct MetricsAPITests {
    /// Weekdays 09:00 to 17:00 UTC, first response in 60 business minutes, resolution in 16 business hours.
    func officeHours(_ app: Application, _ ws: TestWorkspace) async throws {
        let calendar = try await app.send(.POST, "/api/v1/business-calendars", token: ws.token(.admin), json: JSONBody([
            "name": "Office", "time_zone": "UTC",
            "weekly_hours": ["monday", "tuesday", "wednesday", "thursday", "friday"].map { ["weekday": $0, "start": "09:00", "end": "17:00"] },
        ]))
        #expect(calendar.status == .created, "\(calendar.text)")
        let policy = try await app.send(.POST, "/api/v1/sla-policies", token: ws.token(.admin), json: JSONBody([
            "name": "Everyone", "calendar_id": calendar.json.id, "targets": ["first_response_minutes": 60, "resolution_minutes": 960],
        ]))
        #expect(policy.status == .created, "\(policy.text)")
    }

    /// The week of Monday 2 November 2026, worked out by hand:
    /// - A: customer writes Mon 16:00; agent replies Tue 10:00 (18 h; 2 business hours: 16-17 and 9-10) and
    ///   solves at 11:00. The customer writes again Wed 09:30 (reopens it), the agent answers at 10:00
    ///   (next response 30 min) and solves at 10:30: resolved on Wednesday after 42.5 h (10.5 business
    ///   hours: 1 + 8 + 1.5), two replies (not one-touch), reopened, first response missed its 60 minutes.
    /// - B: customer writes Tue 12:00, the agent replies and solves at 12:30: one-touch, SLA met.
    /// - C: customer writes Sat 10:00 and waits: the backlog on Monday 9 November 00:00 is C, 38 h old.
    func week(_ history: MetricsHistory, requester: String) async throws -> (a: String, b: String, c: String) {
        let a = try await history.ticket("2026-11-02T16:00:00Z", requester: requester)
        try await history.message(a, "2026-11-03T10:00:00Z", author: "agent")
        try await history.update(a, "2026-11-03T11:00:00Z", ["status": "solved"])
        try await history.message(a, "2026-11-04T09:30:00Z", author: "customer")
        try await history.message(a, "2026-11-04T10:00:00Z", author: "agent")
        try await history.update(a, "2026-11-04T10:30:00Z", ["status": "solved"])
        let b = try await history.ticket("2026-11-03T12:00:00Z", requester: requester, extra: ["kind": "complaint", "category": "product_defect", "channel": "phone"])
        try await history.message(b, "2026-11-03T12:30:00Z", author: "agent", status: "solved")
        // An internal note does not answer the customer.
        let c = try await history.ticket("2026-11-07T10:00:00Z", requester: requester)
        try await history.message(c, "2026-11-07T11:00:00Z", author: "agent", visibility: "internal")
        history.at("2026-11-09T00:00:00Z")
        return (a, b, c)
    }

    @Test("a constructed week gives the hand-worked figures, in calendar and business hours")
    func handWorkedWeek() async throws {
        try await withMetricsHistory(startingAt: "2026-11-01T00:00:00Z") { app, ws, history in
            try await officeHours(app, ws)
            let customer = try await app.makeCustomer(in: ws, name: "Ada Moss", emails: ["ada@example.com"], profile: ["communication_styles": ["impatient"], "value_tier": "high"])
            _ = try await week(history, requester: customer.id)

            let result = try await history.metrics("from=2026-11-02&to=2026-11-08")
            let totals = result.totals
            #expect(totals.figure("contact_volume") == 3)
            #expect(totals.figure("first_response_time") == 33_300)          // (64,800 + 1,800) / 2
            #expect(totals.figure("first_response_time_business") == 4_500)  // (7,200 + 1,800) / 2
            #expect(totals.figure("next_response_time") == 1_800)
            #expect(totals.figure("next_response_time_business") == 1_800)
            #expect(totals.figure("tickets_solved") == 2)
            #expect(totals.figure("resolution_time") == 77_400)              // (153,000 + 1,800) / 2
            #expect(totals.figure("resolution_time_business") == 19_800)     // (37,800 + 1,800) / 2
            #expect(totals.figure("one_touch_rate") == 50)
            #expect(totals.figure("reopen_rate") == 50)
            #expect(totals.figure("sla_compliance") == 50)
            #expect(totals.figure("backlog") == 1)
            #expect(totals.figure("backlog_age") == 136_800)
            #expect(totals.figure("csat") == nil, "no answers: nothing to measure")

            // By day: Tuesday has both first responses; Wednesday the resolution of A; the backlog moves day by day.
            let daily = try await history.metrics("from=2026-11-02&to=2026-11-08&granularity=day&metrics=first_response_time,tickets_solved,backlog,contact_volume")
            #expect(daily.series.map { $0.string("start") ?? "" } == (2...8).map { String(format: "2026-11-%02d", $0) })
            // Monday: A waits; Tuesday: A solved, B came and went; Wednesday A back and solved; Saturday C.
            #expect(daily.series.map { $0.figure("backlog") ?? -1 } == [1, 0, 0, 0, 0, 1, 1])
            #expect(daily.series[1].figure("first_response_time") == 33_300)
            #expect(daily.series.map { $0.figure("tickets_solved") ?? -1 } == [0, 1, 1, 0, 0, 0, 0])

            // The week before saw nothing; weekly buckets start on Mondays.
            let weekly = try await history.metrics("from=2026-10-26&to=2026-11-08&granularity=week&metrics=contact_volume")
            #expect(weekly.series.map { $0.string("start") ?? "" } == ["2026-10-26", "2026-11-02"])
            #expect(weekly.series.map { $0.figure("contact_volume") ?? -1 } == [0, 3])

            // Breakdowns.
            let channels = try await history.metrics("from=2026-11-02&to=2026-11-08&breakdown=channel&metrics=contact_volume,one_touch_rate")
            let byChannel = Dictionary(uniqueKeysWithValues: channels.rows.map { ($0.string("value") ?? "", $0) })
            #expect(byChannel["email"]?.figure("contact_volume") == 2)
            #expect(byChannel["phone"]?.figure("one_touch_rate") == 100)
            let categories = try await history.metrics("from=2026-11-02&to=2026-11-08&breakdown=category&metrics=contact_volume")
            #expect(categories.rows.first { $0.string("value") == "product_defect" }?.figure("contact_volume") == 1)
            #expect(categories.rows.first { $0.string("value") == "" }?.string("label") == "(none)")
            let styles = try await history.metrics("from=2026-11-02&to=2026-11-08&breakdown=communication_style&metrics=contact_volume")
            #expect(styles.rows.map { $0.string("value") ?? "" } == ["impatient"])
            let tiers = try await history.metrics("from=2026-11-02&to=2026-11-08&breakdown=value_tier&metrics=backlog")
            #expect(tiers.rows.first?.figure("backlog") == 1)
        }
    }

    @Test("agents see their own figures; supervisors anyone's; viewers none; bad parameters name the field")
    func access() async throws {
        try await withMetricsHistory(startingAt: "2026-11-01T00:00:00Z") { app, ws, history in
            let customer = try await app.makeCustomer(in: ws, name: "Ada Moss")
            let agentID = ws.users[.agent]!.id!.uuidString
            let mine = try await history.ticket("2026-11-02T10:00:00Z", requester: customer.id, extra: ["assignee_id": agentID])
            try await history.message(mine, "2026-11-02T10:10:00Z", author: "agent")
            let theirs = try await history.ticket("2026-11-02T11:00:00Z", requester: customer.id, extra: ["assignee_id": ws.users[.supervisor]!.id!.uuidString])
            try await history.message(theirs, "2026-11-02T12:00:00Z", author: "agent", token: ws.token(.supervisor))
            history.at("2026-11-03T00:00:00Z")

            let own = try await history.metrics("from=2026-11-02&to=2026-11-02&metrics=first_response_time,contact_volume", role: .agent)
            #expect(own.string("agent_id") == agentID)
            #expect(own.totals.figure("first_response_time") == 600)
            #expect(own.totals.figure("contact_volume") == 1)
            let all = try await history.metrics("from=2026-11-02&to=2026-11-02&metrics=first_response_time&breakdown=agent")
            #expect(all.totals.figure("first_response_time") == 2_100)
            #expect(all.rows.first { $0.string("value") == agentID }?.string("label") == "Agent of acme")

            let other = try await app.send(.GET, "/api/v1/metrics?agent_id=\(ws.users[.supervisor]!.id!.uuidString)", token: ws.token(.agent))
            #expect(other.status == .forbidden)
            let breakdown = try await app.send(.GET, "/api/v1/metrics?breakdown=team", token: ws.token(.agent))
            #expect(breakdown.status == .forbidden)
            #expect(try await app.send(.GET, "/api/v1/metrics", token: ws.token(.viewer)).status == .forbidden)
            let bad = try await app.send(.GET, "/api/v1/metrics?from=yesterday&granularity=hour&metrics=speed&breakdown=mood", token: ws.token(.supervisor))
            #expect(bad.status == .unprocessableEntity)
            let fields = bad.json.object("error").object("fields")
            #expect(Set(fields.keys) == ["from", "granularity", "metrics", "breakdown"])

            // Another workspace sees none of it.
            let elsewhere = try await app.makeWorkspace("globex")
            let response = try await app.send(.GET, "/api/v1/metrics?from=2026-11-02&to=2026-11-02&metrics=contact_volume", token: elsewhere.token(.supervisor))
            #expect(response.json.totals.figure("contact_volume") == 0)
        }
    }

    @Test("a breakdown over several months counts the whole months and the days at either end, and nothing outside")
    func breakdownAcrossMonths() async throws {
        try await withMetricsHistory(startingAt: "2026-08-01T00:00:00Z") { app, ws, history in
            let ada = try await app.makeCustomer(in: ws, name: "Ada Moss")
            // Mower X: the day before the period, its first day, a whole month, its last day, the day after.
            // Rake Z only on the day before: it must not show as a row of zeros.
            for (time, product) in [("2026-09-14T12:00:00Z", "Mower X"), ("2026-09-14T15:00:00Z", "Rake Z"), ("2026-09-15T08:00:00Z", "Mower X"), ("2026-09-30T23:30:00Z", "Hedge Y"),
                                    ("2026-10-01T00:10:00Z", "Mower X"), ("2026-10-17T10:00:00Z", "Hedge Y"), ("2026-10-31T22:00:00Z", "Mower X"),
                                    ("2026-11-20T18:00:00Z", "Mower X"), ("2026-11-21T09:00:00Z", "Mower X"), ("2026-12-02T09:00:00Z", "Hedge Y")] {
                try await history.ticket(time, requester: ada.id, extra: ["product": product])
            }
            // 15 September to 20 November: 16 days of September, all of October, 20 days of November.
            let products = try await history.metrics("from=2026-09-15&to=2026-11-20&breakdown=product&metrics=contact_volume")
            let volume = Dictionary(uniqueKeysWithValues: products.rows.map { ($0.string("value") ?? "", $0.figure("contact_volume") ?? -1) })
            #expect(volume == ["Mower X": 4, "Hedge Y": 2])
            #expect(products.totals.figure("contact_volume") == 6)
            // Whole months only, and a period inside one month.
            let october = try await history.metrics("from=2026-10-01&to=2026-10-31&breakdown=product&metrics=contact_volume")
            #expect(Dictionary(uniqueKeysWithValues: october.rows.map { ($0.string("value") ?? "", $0.figure("contact_volume") ?? -1) }) == ["Mower X": 2, "Hedge Y": 1])
            let lateSeptember = try await history.metrics("from=2026-09-20&to=2026-09-30&breakdown=product&metrics=contact_volume")
            #expect(lateSeptember.rows.map { $0.string("value") ?? "" } == ["Hedge Y"])
            // Most of one month (read as the month less the days left out), from its start and to its end.
            let mostOfSeptember = try await history.metrics("from=2026-09-05&to=2026-09-30&breakdown=product&metrics=contact_volume")
            #expect(Dictionary(uniqueKeysWithValues: mostOfSeptember.rows.map { ($0.string("value") ?? "", $0.figure("contact_volume") ?? -1) })
                == ["Mower X": 2, "Rake Z": 1, "Hedge Y": 1])
            let mostOfNovember = try await history.metrics("from=2026-11-02&to=2026-11-20&breakdown=product&metrics=contact_volume")
            #expect(Dictionary(uniqueKeysWithValues: mostOfNovember.rows.map { ($0.string("value") ?? "", $0.figure("contact_volume") ?? -1) }) == ["Mower X": 1])
        }
    }

    @Test("the aggregates kept on every write equal a rebuild from scratch after a varied history")
    func aggregatesEqualRebuild() async throws {
        try await withMetricsHistory(startingAt: "2026-11-01T00:00:00Z") { app, ws, history in
            try await officeHours(app, ws)
            let team = try await app.send(.POST, "/api/v1/teams", token: ws.token(.admin), json: JSONBody(["name": "Care", "member_ids": [ws.users[.agent]!.id!.uuidString]]))
            #expect(team.status == .created, "\(team.text)")
            let ada = try await app.makeCustomer(in: ws, name: "Ada Moss", profile: ["lifecycle": "loyal"])
            let bob = try await app.makeCustomer(in: ws, name: "Bob Stone", profile: ["communication_styles": ["chatty", "skeptic"]])
            let (a, b, c) = try await week(history, requester: ada.id)
            // Reassign, move teams, change kind and product, merge and reply across weeks.
            try await history.update(c, "2026-11-09T09:00:00Z", ["assignee_id": ws.users[.agent]!.id!.uuidString, "team_id": team.json.id, "product": "Mower X"])
            try await history.message(c, "2026-11-09T09:05:00Z", author: "agent", status: "pending")
            try await history.message(c, "2026-11-10T08:00:00Z", author: "customer")
            let d = try await history.ticket("2026-11-10T09:00:00Z", requester: bob.id, extra: ["team_id": team.json.id, "kind": "complaint", "category": "slow_response"])
            try await history.update(b, "2026-11-10T09:30:00Z", ["status": "closed"])
            try await history.update(d, "2026-11-10T10:00:00Z", ["kind": "question", "topic": "advice"])
            let e = try await history.ticket("2026-11-11T09:00:00Z", requester: bob.id)
            history.at("2026-11-11T10:00:00Z")
            let merge = try await app.send(.POST, "/api/v1/tickets/\(d)/merge", token: ws.token(.supervisor), json: JSONBody(["source_ids": [e]]))
            #expect(merge.status == .ok, "\(merge.text)")
            try await history.message(d, "2026-11-11T11:00:00Z", author: "agent", status: "solved")
            try await history.message(a, "2026-11-12T09:00:00Z", author: "customer")

            let kept = try await history.aggregateRows()
            #expect(kept.contains { $0.hasPrefix("metric_daily|") } && kept.contains { $0.hasPrefix("metric_monthly|") } && kept.contains { $0.hasPrefix("metric_totals|") })
            try await MetricAggregates.rebuild(workspaceID: ws.id, db: app.db)
            let rebuilt = try await history.aggregateRows()
            #expect(kept == rebuilt)
            // And the team filter reads the team's own rows.
            let care = try await history.metrics("from=2026-11-09&to=2026-11-15&team_id=\(team.json.id)&metrics=contact_volume,backlog")
            #expect(care.totals.figure("contact_volume") == 1)
            #expect(care.totals.figure("backlog") == 1)
        }
    }
}
