import Foundation
import Testing

@testable import RapportCore

@Suite("Ticket metric facts")
struct TicketMetricFactsTests {
    static func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }
    static let office = BusinessCalendar.officeHours(timeZone: "UTC")

    func total(_ days: [Int: MetricCounters]) -> MetricCounters { days.values.reduce(MetricCounters(), +) }

    @Test("a Friday-evening ticket answered on Monday: 65 hours on the clock, one business hour")
    func weekendBusinessHours() {
        let input = TicketMetricInput(
            createdAt: Self.at("2026-11-06T16:30:00Z"),
            messages: [.init(at: Self.at("2026-11-06T16:30:00Z"), author: .customer, visibility: .public),
                       .init(at: Self.at("2026-11-09T09:30:00Z"), author: .agent, visibility: .public)],
            statusChanges: [.init(at: Self.at("2026-11-09T09:30:00Z"), from: .new, to: .open)],
            sla: [], calendar: Self.office)
        let days = TicketMetricFacts.contributions(input)
        let monday = days[MetricDay.of(Self.at("2026-11-09T12:00:00Z"))] ?? MetricCounters()
        #expect(monday[.firstResponses] == 1)
        #expect(monday[.firstResponseSeconds] == 65 * 3600)
        #expect(monday[.firstResponseBusinessSeconds] == 3600)
        #expect(total(days)[.created] == 1)
        #expect(total(days)[.resolved] == 0)
    }

    @Test("reopened twice and solved three times: counted once as resolved, on the last solve, as reopened")
    func reopens() {
        let changes: [TicketMetricInput.StatusChange] = [
            .init(at: Self.at("2026-11-02T10:00:00Z"), from: .new, to: .solved),
            .init(at: Self.at("2026-11-03T10:00:00Z"), from: .solved, to: .open),
            .init(at: Self.at("2026-11-03T11:00:00Z"), from: .open, to: .solved),
            .init(at: Self.at("2026-11-04T10:00:00Z"), from: .solved, to: .pending),
            .init(at: Self.at("2026-11-04T12:00:00Z"), from: .pending, to: .solved),
            .init(at: Self.at("2026-11-05T12:00:00Z"), from: .solved, to: .closed),
        ]
        let input = TicketMetricInput(createdAt: Self.at("2026-11-02T09:00:00Z"), messages: [], statusChanges: changes, sla: [], calendar: Self.office)
        let days = TicketMetricFacts.contributions(input)
        let sum = total(days)
        #expect(sum[.solves] == 3)
        #expect(sum[.reopens] == 2)
        #expect(sum[.resolved] == 1)
        #expect(sum[.resolvedReopened] == 1)
        #expect(sum[.created] - sum[.solves] + sum[.reopens] == 0, "out of the backlog")
        #expect(sum[.backlogCreatedSum] == 0)
        let lastSolve = days[MetricDay.of(Self.at("2026-11-04T12:00:00Z"))] ?? MetricCounters()
        #expect(lastSolve[.resolved] == 1)
        #expect(lastSolve[.resolutionSeconds] == 51 * 3600)
        // Mon 9-17 (8 h), Tue 9-17 (8 h), Wed 9-12 (3 h).
        #expect(lastSolve[.resolutionBusinessSeconds] == 19 * 3600)
        #expect(lastSolve[.oneTouch] == 0, "no agent reply is not one touch")
    }

    @Test("next response waits from the first unanswered customer message; notes do not answer")
    func nextResponses() {
        let messages: [TicketMetricInput.Message] = [
            .init(at: Self.at("2026-11-02T09:00:00Z"), author: .customer, visibility: .public),
            .init(at: Self.at("2026-11-02T09:10:00Z"), author: .agent, visibility: .public),
            .init(at: Self.at("2026-11-02T10:00:00Z"), author: .customer, visibility: .public),
            .init(at: Self.at("2026-11-02T10:30:00Z"), author: .customer, visibility: .public),
            .init(at: Self.at("2026-11-02T10:40:00Z"), author: .agent, visibility: .internal),
            .init(at: Self.at("2026-11-02T11:00:00Z"), author: .agent, visibility: .public),
            .init(at: Self.at("2026-11-02T11:05:00Z"), author: .agent, visibility: .public),
        ]
        let sum = total(TicketMetricFacts.contributions(TicketMetricInput(
            createdAt: Self.at("2026-11-02T09:00:00Z"), messages: messages, statusChanges: [], sla: [], calendar: .alwaysOpen)))
        #expect(sum[.firstResponses] == 1)
        #expect(sum[.firstResponseSeconds] == 600)
        #expect(sum[.nextResponses] == 1)
        #expect(sum[.nextResponseSeconds] == 3600)
    }

    @Test("a ticket an agent opens with a reply has no first response time")
    func agentOpened() {
        let sum = total(TicketMetricFacts.contributions(TicketMetricInput(
            createdAt: Self.at("2026-11-02T09:00:00Z"), messages: [.init(at: Self.at("2026-11-02T09:00:00Z"), author: .agent, visibility: .public)],
            statusChanges: [], sla: [], calendar: .alwaysOpen)))
        #expect(sum[.firstResponses] == 0)
    }

    @Test("CSAT is the share of 4 and 5; NPS is promoters minus detractors", arguments: [
        ([5, 4, 3, 1], [10, 9, 8, 6, 0], 50.0, 0.0),
        ([5, 5], [9, 7, 7, 7], 100.0, 25.0),
        ([1], [3, 10], 0.0, 0.0),
    ])
    func scores(csat: [Int], nps: [Int], expectedCSAT: Double, expectedNPS: Double) {
        var counters = MetricCounters()
        for score in csat { counters.add(csat: score) }
        for score in nps { counters.add(nps: score) }
        #expect(MetricFigures.value(.csat, period: counters, backlogBefore: MetricCounters(), backlogAt: Date()) == expectedCSAT)
        #expect(MetricFigures.value(.nps, period: counters, backlogBefore: MetricCounters(), backlogAt: Date()) == expectedNPS)
    }

    @Test("weeks start on Monday, months on the first")
    func buckets() {
        let thursday = MetricDay.of(Self.at("2026-11-05T12:00:00Z"))
        #expect(MetricGranularity.week.bucket(of: thursday) == MetricDay.of(Self.at("2026-11-02T00:00:00Z")))
        #expect(MetricGranularity.month.bucket(of: thursday) == MetricDay.of(Self.at("2026-11-01T00:00:00Z")))
        #expect(MetricGranularity.week.bucket(of: 0) == -3, "1970-01-01 was a Thursday")
    }
}
