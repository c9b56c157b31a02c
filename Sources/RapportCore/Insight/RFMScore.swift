import Foundation

/// Recency, frequency and monetary scores from 1 (lowest fifth of the workspace) to 5 (highest
/// fifth); a more recent last order scores higher on recency.
public struct RFMScore: Sendable, Equatable, Codable {
    public var recency: Int
    public var frequency: Int
    public var monetary: Int

    public init(recency: Int, frequency: Int, monetary: Int) {
        self.recency = recency
        self.frequency = frequency
        self.monetary = monetary
    }

    /// The three digits as marketers write them, "545".
    public var code: String { "\(recency)\(frequency)\(monetary)" }

    /// One customer's raw figures.
    public struct Figures: Sendable {
        public var lastOrderAt: Date
        public var orders: Int
        public var totalSpend: Double
        public init(lastOrderAt: Date, orders: Int, totalSpend: Double) {
            self.lastOrderAt = lastOrderAt
            self.orders = orders
            self.totalSpend = totalSpend
        }
    }

    /// Scores every customer against the others by quintile; equal figures get equal scores (a
    /// tie takes the quintile of its first position), so one-order customers share a frequency.
    public static func scores(_ figures: [Figures]) -> [RFMScore] {
        let recency = quintiles(figures.map { $0.lastOrderAt.timeIntervalSince1970 })
        let frequency = quintiles(figures.map { Double($0.orders) })
        let monetary = quintiles(figures.map(\.totalSpend))
        return figures.indices.map { RFMScore(recency: recency[$0], frequency: frequency[$0], monetary: monetary[$0]) }
    }

    /// 1...5 for each value by its rank; the lowest fifth gets 1.
    static func quintiles(_ values: [Double]) -> [Int] {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return [] }
        return values.map { value in
            var low = 0, high = sorted.count
            while low < high {
                let middle = (low + high) / 2
                if sorted[middle] < value { low = middle + 1 } else { high = middle }
            }
            return min(5, 1 + low * 5 / sorted.count)
        }
    }
}
