import Foundation

/// The Gamma-Gamma model of spend per transaction (Fader, Hardie and Lee 2005, "RFM and CLV:
/// Using Iso-Value Curves for Customer Base Analysis"): a customer's transaction values are
/// gamma(p, nu) around their own mean, and nu is gamma(q, gamma) across customers.
public struct GammaGamma: Sendable, Equatable, Codable {
    public var p: Double
    public var q: Double
    public var gamma: Double

    public init(p: Double, q: Double, gamma: Double) {
        self.p = p
        self.q = q
        self.gamma = gamma
    }

    /// The log-likelihood of a repeat customer's `count` transactions averaging `meanValue`.
    public func logLikelihood(count: Int, meanValue: Double) -> Double {
        let x = Double(count)
        let px = p * x
        let normaliser: Double = lgamma(px + q) - lgamma(px) - lgamma(q) + q * log(gamma)
        let data: Double = (px - 1) * log(meanValue) + px * log(x) - (px + q) * log(gamma + x * meanValue)
        return normaliser + data
    }

    /// The expected mean transaction value of a customer with `count` transactions averaging
    /// `meanValue` (the population mean when `count` is 0): a weighted average of the population
    /// mean and the customer's own.
    public func expectedAverageValue(count: Int, meanValue: Double) -> Double {
        let x = Double(count)
        return p * (gamma + x * meanValue) / (p * x + q - 1)
    }

    /// Fits the model by maximum likelihood on the customers with at least one repeat purchase.
    public static func fit(_ histories: [PurchaseHistory], optimizer: NelderMead = NelderMead()) -> GammaGamma? {
        let repeaters = histories.filter { $0.frequency > 0 && $0.meanRepeatValue > 0 }
        guard repeaters.count >= 2 else { return nil }
        // Terms that depend on the count alone are summed once per count, leaving one logarithm
        // per customer and evaluation.
        var byCount: [Int: (customers: Double, sumLogMean: Double)] = [:]
        for history in repeaters {
            let entry = byCount[history.frequency] ?? (0, 0)
            byCount[history.frequency] = (entry.customers + 1, entry.sumLogMean + log(history.meanRepeatValue))
        }
        let counts = byCount.map { (x: Double($0.key), customers: $0.value.customers, sumLogMean: $0.value.sumLogMean) }
        let spends = repeaters.map { Double($0.frequency) * $0.meanRepeatValue }
        func negativeLogLikelihood(_ logParameters: [Double]) -> Double {
            let (p, q, gamma) = (exp(logParameters[0]), exp(logParameters[1]), exp(logParameters[2]))
            guard [p, q, gamma].allSatisfy({ $0.isFinite && $0 > 1e-8 && $0 < 1e10 }) else { return .infinity }
            var total = Double(repeaters.count) * (q * log(gamma) - lgamma(q))
            for group in counts {
                let px = p * group.x
                let perCustomer: Double = lgamma(px + q) - lgamma(px) + px * log(group.x)
                total += group.customers * perCustomer + (px - 1) * group.sumLogMean
            }
            for (index, spend) in spends.enumerated() {
                total -= (p * Double(repeaters[index].frequency) + q) * log(gamma + spend)
            }
            return -total
        }
        let mean = repeaters.reduce(0) { $0 + $1.meanRepeatValue } / Double(repeaters.count)
        let best = optimizer.minimize(negativeLogLikelihood, from: [log(1), log(1), log(max(mean, 1))])
        guard best.value.isFinite else { return nil }
        return GammaGamma(p: exp(best.point[0]), q: exp(best.point[1]), gamma: exp(best.point[2]))
    }
}
