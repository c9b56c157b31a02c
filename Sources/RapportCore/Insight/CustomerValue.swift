import Foundation

/// A workspace's fitted value models and the observation window they were fitted on.
public struct ValueModels: Sendable, Equatable {
    public var purchases: BGNBD
    /// Nil when the workspace has too few repeat customers to fit spend.
    public var spend: GammaGamma?
    /// Length of one model period in seconds (a week).
    public var periodLength: TimeInterval

    public init(purchases: BGNBD, spend: GammaGamma?, periodLength: TimeInterval = 7 * 86_400) {
        self.purchases = purchases
        self.spend = spend
        self.periodLength = periodLength
    }

    /// How far the forward look reaches: 90 days.
    public static let horizon: TimeInterval = 90 * 86_400

    /// One customer's forward look.
    public struct Estimate: Sendable, Equatable {
        public var probabilityAlive: Double
        public var expectedPurchases: Double
        /// Expected spend over the horizon in minor units.
        public var expectedValue: Double
    }

    /// Customer lifetime value over 90 days, kept simple on purpose: expected purchases in the
    /// next 90 days times the Gamma-Gamma expected value of one purchase (the customer's own mean
    /// of all purchases when no spend model could be fitted); no discounting over so short a horizon.
    public func estimate(_ history: PurchaseHistory, meanOrderValue: Double) -> Estimate {
        let periods = Self.horizon / periodLength
        let purchasesAhead = purchases.expectedPurchases(history, inNext: periods)
        let valuePerPurchase: Double
        if let spend, spend.q > 1 {
            valuePerPurchase = spend.expectedAverageValue(count: history.frequency, meanValue: history.meanRepeatValue)
        } else {
            valuePerPurchase = meanOrderValue
        }
        let expected = purchasesAhead.isFinite ? purchasesAhead : 0
        return Estimate(
            probabilityAlive: purchases.probabilityAlive(history),
            expectedPurchases: expected,
            expectedValue: expected * max(valuePerPurchase, 0))
    }
}

/// Derives the order-based profile values (lifecycle, discount shopper, value tier) with a
/// confidence and an explanation each.
public enum ValueProfileRules {
    /// P(alive) under which a repeat customer is `at_risk`, and under which they are `lost`.
    public static let atRiskBelow = 0.5
    public static let lostBelow = 0.15
    /// Orders from which an alive customer is `loyal`.
    public static let loyalFromOrders = 4
    /// A one-order customer is `new` for this long, then `at_risk`, and `lost` after a year.
    public static let newFor: TimeInterval = 90 * 86_400
    public static let lostAfter: TimeInterval = 365 * 86_400

    /// A derived value with its confidence (0...1) and the reason in words.
    public struct Conclusion: Sendable, Equatable {
        public var value: String
        public var confidence: Double
        public var explanation: String
    }

    /// The lifecycle from the order count, the last order and P(alive).
    public static func lifecycle(orders: Int, lastOrderAt: Date?, probabilityAlive: Double?, at now: Date) -> Conclusion {
        guard orders > 0, let lastOrderAt else {
            return Conclusion(value: Lifecycle.potential.rawValue, confidence: 1, explanation: "No order yet.")
        }
        let days = Int(max(now.timeIntervalSince(lastOrderAt), 0) / 86_400)
        if orders == 1 {
            // BG/NBD holds every one-order customer alive, so the time since the order decides.
            if now.timeIntervalSince(lastOrderAt) <= newFor {
                return Conclusion(value: Lifecycle.new.rawValue, confidence: 0.9, explanation: "One order, \(days) days ago.")
            }
            if now.timeIntervalSince(lastOrderAt) <= lostAfter {
                return Conclusion(value: Lifecycle.atRisk.rawValue, confidence: 0.6, explanation: "One order, \(days) days ago, and none since.")
            }
            return Conclusion(value: Lifecycle.lost.rawValue, confidence: 0.7, explanation: "One order, \(days) days ago, and none since.")
        }
        let alive = probabilityAlive ?? 1
        let percent = Int((alive * 100).rounded())
        if alive < lostBelow {
            return Conclusion(value: Lifecycle.lost.rawValue, confidence: 1 - alive, explanation: "\(orders) orders, the last \(days) days ago; only \(percent)% likely still active.")
        }
        if alive < atRiskBelow {
            return Conclusion(value: Lifecycle.atRisk.rawValue, confidence: 1 - alive, explanation: "\(orders) orders, the last \(days) days ago; \(percent)% likely still active.")
        }
        if orders >= loyalFromOrders {
            return Conclusion(value: Lifecycle.loyal.rawValue, confidence: alive, explanation: "\(orders) orders, the last \(days) days ago; \(percent)% likely still active.")
        }
        return Conclusion(value: Lifecycle.repeat.rawValue, confidence: alive, explanation: "\(orders) orders, the last \(days) days ago; \(percent)% likely still active.")
    }

    /// `discount` when more than half of the orders used a discount; nil otherwise.
    public static func discountShopper(orders: Int, discountedOrders: Int) -> Conclusion? {
        guard orders > 0, discountedOrders * 2 > orders else { return nil }
        return Conclusion(
            value: ShopperType.discount.rawValue, confidence: Double(discountedOrders) / Double(orders),
            explanation: "\(discountedOrders) of \(orders) orders used a discount.")
    }

    /// Value tiers by terciles of expected 90-day value: the top third `high`, the bottom `low`.
    /// Returns one tier per input, in order.
    public static func valueTiers(expectedValues: [Double]) -> [Conclusion] {
        let sorted = expectedValues.sorted()
        guard !sorted.isEmpty else { return [] }
        let lowerCut = sorted[sorted.count / 3]
        let upperCut = sorted[(2 * sorted.count) / 3]
        return expectedValues.map { value in
            let amount = String(format: "%.2f", value / 100)
            if value >= upperCut && value > lowerCut {
                return Conclusion(value: ValueTier.high.rawValue, confidence: 0.7, explanation: "Expected to spend \(amount) in the next 90 days, in the top third of the workspace.")
            }
            if value >= lowerCut && value > sorted[0] {
                return Conclusion(value: ValueTier.medium.rawValue, confidence: 0.6, explanation: "Expected to spend \(amount) in the next 90 days, in the middle third of the workspace.")
            }
            return Conclusion(value: ValueTier.low.rawValue, confidence: 0.7, explanation: "Expected to spend \(amount) in the next 90 days, in the bottom third of the workspace.")
        }
    }
}
