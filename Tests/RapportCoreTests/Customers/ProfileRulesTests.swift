import Foundation
import Testing

@testable import RapportCore

@Suite("Profile rules: style decay and high maintenance")
struct ProfileRulesTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    func daysAgo(_ days: Double) -> Date { now.addingTimeInterval(-days * 86_400) }

    @Test("weights halve every 60 days")
    func weights() {
        #expect(StyleAggregation.weight(of: now, at: now) == 1)
        #expect(abs(StyleAggregation.weight(of: daysAgo(60), at: now) - 0.5) < 1e-12)
        #expect(abs(StyleAggregation.weight(of: daysAgo(120), at: now) - 0.25) < 1e-12)
        // A message stamped after `now` (clock skew) counts as written now.
        #expect(StyleAggregation.weight(of: now.addingTimeInterval(3600), at: now) == 1)
    }

    @Test("decay worked by hand: impatient today and 120 days ago, analytical only 60 days ago")
    func decayByHand() throws {
        let messages = [
            MessageStyles(at: now, scores: [.impatient: 0.8], evidence: [.impatient: ["'asap'"]]),
            MessageStyles(at: daysAgo(60), scores: [.analytical: 0.9]),
            MessageStyles(at: daysAgo(120), scores: [.impatient: 0.9]),
        ]
        // Weights 1, 0.5, 0.25: W = 1.75.
        // impatient  = (1 × 0.8 + 0.25 × 0.9) / 1.75 = 1.025 / 1.75 = 0.585714...
        // analytical = (0.5 × 0.9) / 1.75 = 0.45 / 1.75 = 0.257142... (under the 0.4 threshold)
        let (scores, weight) = StyleAggregation.scores(messages, at: now)
        #expect(abs(weight - 1.75) < 1e-12)
        #expect(abs(scores[.impatient]! - 1.025 / 1.75) < 1e-12)
        #expect(abs(scores[.analytical]! - 0.45 / 1.75) < 1e-12)

        let shown = StyleAggregation.aggregate(messages, at: now)
        #expect(shown.map(\.value) == ["impatient"])
        let impatient = try #require(shown.first)
        #expect(impatient.source == .messages)
        // confidence = score × W / (W + 1) = 0.585714 × 1.75 / 2.75 = 0.372727...
        #expect(abs(impatient.confidence - (1.025 / 1.75) * (1.75 / 2.75)) < 1e-12)
        #expect(impatient.explanation.hasPrefix("2 of the customer's last 3 messages pressed for speed (the latest today); signs: 'asap'."))
        #expect(impatient.explanation.contains("Weighted score 0.59"))
    }

    @Test("the same messages written long ago show the same style with far less confidence")
    func oldEvidenceIsWeak() throws {
        let fresh = [MessageStyles(at: now, scores: [.chatty: 0.9])]
        let old = [MessageStyles(at: daysAgo(300), scores: [.chatty: 0.9])]
        let freshValue = try #require(StyleAggregation.aggregate(fresh, at: now).first)
        let oldValue = try #require(StyleAggregation.aggregate(old, at: now).first)
        #expect(abs(freshValue.confidence - 0.45) < 1e-12)
        #expect(oldValue.confidence < 0.03)
        #expect(oldValue.explanation.contains("300 days ago"))
    }

    @Test("only the latest 20 messages count, a style needs 0.4, and wording never makes high_maintenance")
    func limits() {
        let many = (0..<30).map { MessageStyles(at: daysAgo(Double($0)), scores: $0 >= 20 ? [.skeptic: 1] : [:]) }
        #expect(StyleAggregation.aggregate(many, at: now).isEmpty)
        let half = [MessageStyles(at: now, scores: [.demanding: 0.8]), MessageStyles(at: now, scores: [:])]
        #expect(StyleAggregation.aggregate(half, at: now).map(\.value) == ["demanding"])  // exactly 0.4
        let under = [MessageStyles(at: now, scores: [.demanding: 0.79]), MessageStyles(at: now, scores: [:])]
        #expect(StyleAggregation.aggregate(under, at: now).isEmpty)
        #expect(StyleAggregation.aggregate([MessageStyles(at: now, scores: [.highMaintenance: 1])], at: now).isEmpty)
        #expect(StyleAggregation.aggregate([], at: now).isEmpty)
    }

    @Test("high maintenance needs three tickets and two of three signs", arguments: [
        // tickets, orders, reopened, escalated, expected confidence (nil: not high maintenance)
        (2, 0, 2, 2, nil as Double?),   // too few tickets, however bad
        (3, 1, 1, 0, 0.7),              // 3 per order and a third reopened: exactly at both thresholds
        (3, 1, 0, 1, nil),              // contacts per order alone
        (3, 0, 0, 0, nil),              // no orders: 3 contacts per order, but nothing else
        (6, 2, 2, 2, 0.9),              // all three
        (5, 2, 2, 2, 0.7),              // 2.5 per order: reopen rate and escalations only
        (9, 4, 2, 1, nil),              // 2.25 per order, 22% reopened, one escalation
        (4, 2, 1, 2, nil),              // 2 per order, 25% reopened: escalations alone
    ])
    func highMaintenance(tickets: Int, orders: Int, reopened: Int, escalated: Int, expected: Double?) {
        let figures = ContactBehaviour(tickets: tickets, orders: orders, reopenedTickets: reopened, escalatedTickets: escalated)
        let value = HighMaintenanceRule.evaluate(figures)
        #expect(value?.confidence == expected)
        if let value {
            #expect(value.value == "high_maintenance")
            #expect(value.source == .behaviour)
            #expect(value.explanation.contains("\(tickets) tickets for"))
        }
    }

    @Test("the explanation gives the figures")
    func explanation() throws {
        let value = try #require(HighMaintenanceRule.evaluate(ContactBehaviour(tickets: 6, orders: 1, reopenedTickets: 2, escalatedTickets: 0)))
        #expect(value.explanation == "In the last 12 months: 6 tickets for 1 order (6.0 per order), 2 of 6 reopened after being solved, 0 escalated; 2 of 3 signs of high maintenance.")
    }
}
