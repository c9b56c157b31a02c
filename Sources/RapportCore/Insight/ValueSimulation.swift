import Foundation

/// Simulates customers who buy as the BG/NBD and Gamma-Gamma models say, from a seed, so that the
/// value benchmark fits a meaningful history and tests can check a fit recovers its parameters.
public struct ValueSimulation: Sendable {
    public var purchases: BGNBD
    public var spend: GammaGamma
    /// Customers join uniformly over the first `joinPeriods`, and are observed up to `periods`.
    public var joinPeriods: Double
    public var periods: Double

    public init(purchases: BGNBD, spend: GammaGamma, joinPeriods: Double = 12, periods: Double = 52) {
        self.purchases = purchases
        self.spend = spend
        self.joinPeriods = joinPeriods
        self.periods = periods
    }

    /// One simulated customer: purchase times (in periods from the start) and values.
    public struct Customer: Sendable {
        public var purchases: [(at: Double, value: Double)]
    }

    public func customers(_ count: Int, seed: UInt64) -> [Customer] {
        var random = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            let joined = random.uniform() * joinPeriods
            let rate = random.gamma(shape: purchases.r) / purchases.alpha
            let dropout = beta(purchases.a, purchases.b, &random)
            let spendRate = random.gamma(shape: spend.q) / spend.gamma
            var times = [joined]
            var time = joined
            while true {
                time += -log(1 - random.uniform()) / rate
                if time > periods { break }
                times.append(time)
                // After each repeat purchase the customer drops out with probability `dropout`
                // (the first purchase starts the relationship, as in the paper's likelihood).
                if random.uniform() < dropout { break }
            }
            return Customer(purchases: times.map { ($0, random.gamma(shape: spend.p) / spendRate) })
        }
    }

    private func beta(_ a: Double, _ b: Double, _ random: inout SplitMix64) -> Double {
        let x = random.gamma(shape: a)
        let y = random.gamma(shape: b)
        return x / (x + y)
    }
}

/// A small, fast, seeded generator (SplitMix64) with the draws the simulation needs.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }

    mutating func normal() -> Double {
        let u = max(uniform(), 1e-300)
        let v = uniform()
        return sqrt(-2 * log(u)) * cos(2 * .pi * v)
    }

    /// Gamma(shape, 1) by Marsaglia and Tsang, boosted for shapes below 1.
    mutating func gamma(shape: Double) -> Double {
        if shape < 1 { return gamma(shape: shape + 1) * pow(max(uniform(), 1e-300), 1 / shape) }
        let d = shape - 1.0 / 3
        let c = 1 / sqrt(9 * d)
        while true {
            var x = 0.0, v = 0.0
            repeat {
                x = normal()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = uniform()
            if u < 1 - 0.0331 * x * x * x * x { return d * v }
            if log(u) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v }
        }
    }
}
