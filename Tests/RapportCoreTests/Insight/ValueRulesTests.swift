import Foundation
import RapportCore
import Testing

@Suite("RFM, lifecycle and value tiers")
struct ValueRulesTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let day: TimeInterval = 86_400

    @Test("RFM quintiles: the most recent, most frequent, biggest spender scores 555")
    func rfm() {
        let figures = (0..<10).map { i in
            RFMScore.Figures(lastOrderAt: now.addingTimeInterval(Double(-i) * day), orders: 10 - i, totalSpend: Double(1000 - i * 100))
        }
        let scores = RFMScore.scores(figures)
        #expect(scores[0].code == "555")
        #expect(scores[9].code == "111")
        #expect(scores[4].code == "333")
    }

    @Test("Ties share a score")
    func rfmTies() {
        let figures = (0..<10).map { i in RFMScore.Figures(lastOrderAt: now, orders: i < 8 ? 1 : 3, totalSpend: 10) }
        let scores = RFMScore.scores(figures)
        #expect(Set(scores.prefix(8).map(\.frequency)) == [1])
        #expect(scores[9].frequency == 5)
    }

    @Test("Lifecycle from orders and P(alive)", arguments: [
        (0, nil as Double?, nil as Double?, "potential"),
        (1, 10.0, nil, "new"),
        (1, 200.0, nil, "at_risk"),
        (1, 400.0, nil, "lost"),
        (2, 10.0, 0.9, "repeat"),
        (6, 10.0, 0.9, "loyal"),
        (6, 100.0, 0.3, "at_risk"),
        (6, 300.0, 0.05, "lost"),
    ])
    func lifecycle(orders: Int, daysSinceLast: Double?, alive: Double?, expected: String) {
        let last = daysSinceLast.map { now.addingTimeInterval(-$0 * day) }
        let conclusion = ValueProfileRules.lifecycle(orders: orders, lastOrderAt: last, probabilityAlive: alive, at: now)
        #expect(conclusion.value == expected)
        #expect(!conclusion.explanation.isEmpty)
        #expect(conclusion.confidence > 0 && conclusion.confidence <= 1)
    }

    @Test("Discount shopper when most orders used a discount")
    func discount() {
        #expect(ValueProfileRules.discountShopper(orders: 3, discountedOrders: 2)?.value == "discount")
        #expect(ValueProfileRules.discountShopper(orders: 4, discountedOrders: 2) == nil)
        #expect(ValueProfileRules.discountShopper(orders: 0, discountedOrders: 0) == nil)
    }

    @Test("Value tiers by terciles of expected value")
    func tiers() {
        let tiers = ValueProfileRules.valueTiers(expectedValues: [10, 20, 30, 40, 50, 60, 70, 80, 90]).map(\.value)
        #expect(tiers == ["low", "low", "low", "medium", "medium", "medium", "high", "high", "high"])
        #expect(ValueProfileRules.valueTiers(expectedValues: [0, 0, 0]).map(\.value) == ["low", "low", "low"])
    }

    @Test("Summary from purchases: same-day purchases count once, frequency and recency in weeks")
    func history() throws {
        let start = Date(timeIntervalSince1970: 0)
        let purchases: [PurchaseHistory.Purchase] = [
            .init(at: start, value: 10), .init(at: start.addingTimeInterval(3600), value: 5),
            .init(at: start.addingTimeInterval(7 * day), value: 20), .init(at: start.addingTimeInterval(14 * day), value: 40),
            .init(at: start.addingTimeInterval(100 * day), value: 999),
        ]
        let history = try #require(PurchaseHistory(purchases: purchases, end: start.addingTimeInterval(21 * day)))
        #expect(history == PurchaseHistory(frequency: 2, recency: 2, age: 3, meanRepeatValue: 30))
        #expect(PurchaseHistory(purchases: [], end: start) == nil)
    }
}
