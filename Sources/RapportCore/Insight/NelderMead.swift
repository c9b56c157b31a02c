import Foundation

/// A derivative-free minimiser (Nelder and Mead's simplex method) for smooth functions of a few
/// variables; the value models minimise their negative log-likelihood with it on log-parameters.
public struct NelderMead: Sendable {
    public var tolerance: Double
    public var maxEvaluations: Int
    /// The first simplex steps this far from the start along each axis.
    public var initialStep: Double

    public init(tolerance: Double = 1e-10, maxEvaluations: Int = 20_000, initialStep: Double = 0.5) {
        self.tolerance = tolerance
        self.maxEvaluations = maxEvaluations
        self.initialStep = initialStep
    }

    /// The point found and its value.
    public struct Result: Sendable {
        public var point: [Double]
        public var value: Double
        public var evaluations: Int
    }

    /// Minimises `f` from `start`, restarting once from the point found so a collapsed simplex
    /// does not stop the search early.
    public func minimize(_ f: ([Double]) -> Double, from start: [Double]) -> Result {
        var result = run(f, from: start)
        for _ in 0..<3 {
            let again = run(f, from: result.point)
            let improved = result.value - again.value
            result = Result(point: again.point, value: again.value, evaluations: result.evaluations + again.evaluations)
            if improved < tolerance { break }
        }
        return result
    }

    private func run(_ f: ([Double]) -> Double, from start: [Double]) -> Result {
        let n = start.count
        var evaluations = 0
        func value(_ x: [Double]) -> Double {
            evaluations += 1
            let y = f(x)
            return y.isNaN ? .infinity : y
        }
        var simplex = [start]
        for i in 0..<n {
            var vertex = start
            vertex[i] += initialStep
            simplex.append(vertex)
        }
        var values = simplex.map(value)
        while evaluations < maxEvaluations {
            let order = values.indices.sorted { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }
            values = order.map { values[$0] }
            if abs(values[n] - values[0]) <= tolerance * (abs(values[0]) + tolerance) { break }

            var centroid = [Double](repeating: 0, count: n)
            for vertex in simplex.dropLast() {
                for i in 0..<n { centroid[i] += vertex[i] / Double(n) }
            }
            func along(_ t: Double) -> [Double] { (0..<n).map { centroid[$0] + t * (simplex[n][$0] - centroid[$0]) } }

            let reflected = along(-1)
            let reflectedValue = value(reflected)
            if reflectedValue < values[0] {
                let expanded = along(-2)
                let expandedValue = value(expanded)
                if expandedValue < reflectedValue {
                    simplex[n] = expanded; values[n] = expandedValue
                } else {
                    simplex[n] = reflected; values[n] = reflectedValue
                }
            } else if reflectedValue < values[n - 1] {
                simplex[n] = reflected; values[n] = reflectedValue
            } else {
                let outside = reflectedValue < values[n]
                let contracted = along(outside ? -0.5 : 0.5)
                let contractedValue = value(contracted)
                if contractedValue < (outside ? reflectedValue : values[n]) {
                    simplex[n] = contracted; values[n] = contractedValue
                } else {
                    for j in 1...n {
                        simplex[j] = (0..<n).map { simplex[0][$0] + 0.5 * (simplex[j][$0] - simplex[0][$0]) }
                        values[j] = value(simplex[j])
                    }
                }
            }
        }
        let best = values.indices.min { values[$0] < values[$1] } ?? 0
        return Result(point: simplex[best], value: values[best], evaluations: evaluations)
    }
}
