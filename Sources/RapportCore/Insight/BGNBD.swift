import Foundation

/// The BG/NBD model of repeat buying (Fader, Hardie and Lee 2005, "Counting Your Customers the
/// Easy Way"): while alive a customer buys as a Poisson process whose rate is gamma(r, alpha)
/// across customers, and after each purchase drops out with a probability that is beta(a, b).
public struct BGNBD: Sendable, Equatable, Codable {
    public var r: Double
    public var alpha: Double
    public var a: Double
    public var b: Double

    public init(r: Double, alpha: Double, a: Double, b: Double) {
        self.r = r
        self.alpha = alpha
        self.a = a
        self.b = b
    }

    /// The log-likelihood of one customer's history (equation 6 of the paper, in logs).
    public func logLikelihood(_ history: PurchaseHistory) -> Double {
        let x = Double(history.frequency)
        let rate: Double = lgamma(r + x) - lgamma(r) + r * log(alpha)
        let dropout: Double = lgamma(a + b) + lgamma(b + x) - lgamma(b) - lgamma(a + b + x)
        return rate + dropout + tail(x: x, recency: history.recency, age: history.age)
    }

    /// log of the bracket of equation 6: the customer is still alive at T, or dropped out after
    /// the last purchase.
    private func tail(x: Double, recency: Double, age: Double) -> Double {
        let alive = -(r + x) * log(alpha + age)
        guard x > 0 else { return alive }
        let dropped: Double = log(a) - log(b + x - 1) - (r + x) * log(alpha + recency)
        let larger = max(alive, dropped)
        return larger + log(exp(alive - larger) + exp(dropped - larger))
    }

    /// The probability that a customer with this history is still alive at the end of it.
    public func probabilityAlive(_ history: PurchaseHistory) -> Double {
        let x = Double(history.frequency)
        guard x > 0 else { return 1 }
        let silence: Double = log(alpha + history.age) - log(alpha + history.recency)
        let logRatio: Double = log(a) - log(b + x - 1) + (r + x) * silence
        return 1 / (1 + exp(logRatio))
    }

    /// The expected number of purchases of a customer with this history in the next `periods`
    /// (equation 10 of the paper).
    public func expectedPurchases(_ history: PurchaseHistory, inNext periods: Double) -> Double {
        guard periods > 0 else { return 0 }
        let x = Double(history.frequency)
        let T = history.age
        let z = periods / (alpha + T + periods)
        let hyper = hypergeometric2F1(r + x, b + x, a + b + x - 1, z)
        let scale: Double = (a + b + x - 1) / (a - 1)
        let discount: Double = pow((alpha + T) / (alpha + T + periods), r + x)
        let numerator: Double = scale * (1 - discount * hyper)
        let odds: Double = x > 0 ? a / (b + x - 1) * pow((alpha + T) / (alpha + history.recency), r + x) : 0
        let denominator: Double = 1 + odds
        return numerator / denominator
    }

    /// The expected number of purchases of a new customer in their first `periods` (equation 7).
    public func expectedPurchasesOfNewCustomer(in periods: Double) -> Double {
        let z = periods / (alpha + periods)
        let scale: Double = (a + b - 1) / (a - 1)
        let discount: Double = pow(alpha / (alpha + periods), r)
        return scale * (1 - discount * hypergeometric2F1(r, b, a + b - 1, z))
    }
}

extension BGNBD {
    /// Fits the model by maximum likelihood. Histories are grouped by (frequency, recency, age)
    /// and the log-gamma terms computed once per frequency, so 25,000 customers fit in well
    /// under a second.
    public static func fit(_ histories: [PurchaseHistory], optimizer: NelderMead = NelderMead()) -> BGNBD? {
        guard !histories.isEmpty else { return nil }
        var groups: [HistoryKey: Double] = [:]
        for history in histories {
            groups[HistoryKey(frequency: history.frequency, recency: history.recency, age: history.age), default: 0] += 1
        }
        let rows = groups.map { ($0.key, $0.value) }
        let frequencies = Array(Set(rows.map(\.0.frequency))).sorted()
        let countByFrequency = Dictionary(grouping: rows, by: \.0.frequency).mapValues { $0.reduce(0) { $0 + $1.1 } }

        func negativeLogLikelihood(_ logParameters: [Double]) -> Double {
            let model = BGNBD(r: exp(logParameters[0]), alpha: exp(logParameters[1]), a: exp(logParameters[2]), b: exp(logParameters[3]))
            let (r, alpha, a, b) = (model.r, model.alpha, model.a, model.b)
            guard [r, alpha, a, b].allSatisfy({ $0.isFinite && $0 > 1e-8 && $0 < 1e8 }) else { return .infinity }
            var total = 0.0
            let rateConstant: Double = r * log(alpha) - lgamma(r)
            let constant: Double = rateConstant + lgamma(a + b) - lgamma(b)
            for x in frequencies {
                let dx = Double(x)
                let count = countByFrequency[x] ?? 0
                let byFrequency: Double = lgamma(r + dx) + lgamma(b + dx) - lgamma(a + b + dx)
                total += count * (constant + byFrequency)
            }
            for (key, count) in rows {
                total += count * model.tail(x: Double(key.frequency), recency: key.recency, age: key.age)
            }
            return -total
        }

        let start = [log(1.0), log(max(meanAge(histories), 1)), log(1.0), log(1.0)]
        let best = optimizer.minimize(negativeLogLikelihood, from: start)
        guard best.value.isFinite else { return nil }
        return BGNBD(r: exp(best.point[0]), alpha: exp(best.point[1]), a: exp(best.point[2]), b: exp(best.point[3]))
    }

    private static func meanAge(_ histories: [PurchaseHistory]) -> Double {
        histories.reduce(0) { $0 + $1.age } / Double(histories.count)
    }

    private struct HistoryKey: Hashable {
        var frequency: Int
        var recency: Double
        var age: Double
    }
}
