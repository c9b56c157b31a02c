import Foundation

/// One customer's repeat-purchase summary in the form the BG/NBD and Gamma-Gamma models read:
/// `frequency` repeat purchases (purchase days after the first), `recency` the time from the first
/// to the last purchase, `age` (the papers' T) the time from the first purchase to the end of the
/// observation period, all in the same unit (periods), and the mean value of the repeat purchases.
public struct PurchaseHistory: Sendable, Equatable {
    public var frequency: Int
    public var recency: Double
    public var age: Double
    /// Mean value of the repeat purchases in minor units (0 without repeat purchases).
    public var meanRepeatValue: Double

    public init(frequency: Int, recency: Double, age: Double, meanRepeatValue: Double = 0) {
        self.frequency = frequency
        self.recency = recency
        self.age = age
        self.meanRepeatValue = meanRepeatValue
    }

    /// One purchase: when and for how much.
    public struct Purchase: Sendable {
        public var at: Date
        public var value: Double
        public init(at: Date, value: Double) { self.at = at; self.value = value }
    }

    /// Summarises purchases up to `end` in periods of `periodLength` seconds (a week by default,
    /// as in the papers). Purchases on the same day (UTC) count as one purchase with their values
    /// added, as Fader, Hardie and Lee did with CDNOW; purchases after `end` are ignored.
    /// Nil when there is no purchase up to `end`.
    public init?(purchases: [Purchase], end: Date, periodLength: TimeInterval = 7 * 86_400) {
        let days = Dictionary(grouping: purchases.filter { $0.at <= end }) { Int(($0.at.timeIntervalSince1970 / 86_400).rounded(.down)) }
        guard let firstDay = days.keys.min(), let lastDay = days.keys.max() else { return nil }
        let repeatValues = days.filter { $0.key != firstDay }.map { $0.value.reduce(0) { $0 + $1.value } }
        frequency = days.count - 1
        recency = Double(lastDay - firstDay) * 86_400 / periodLength
        let endDay = Int((end.timeIntervalSince1970 / 86_400).rounded(.down))
        age = Double(endDay - firstDay) * 86_400 / periodLength
        meanRepeatValue = repeatValues.isEmpty ? 0 : repeatValues.reduce(0, +) / Double(repeatValues.count)
    }
}
