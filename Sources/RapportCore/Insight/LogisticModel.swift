import Foundation

/// A sparse feature vector: feature indices and their values.
public struct SparseVector: Sendable, Equatable {
    public var indices: [Int]
    public var values: [Double]
}

/// Multinomial logistic regression (softmax) over sparse features, trained by stochastic gradient
/// descent with L2 regularisation. Two classes make it a plain one-vs-rest binary model.
public struct LogisticModel: Sendable {
    public let classCount: Int
    let featureCount: Int
    /// Row-major: the weight of feature f for class c is at c * featureCount + f.
    private(set) var weights: [Double]
    private(set) var bias: [Double]

    public init(classCount: Int, featureCount: Int) {
        self.classCount = classCount
        self.featureCount = featureCount
        weights = Array(repeating: 0, count: classCount * featureCount)
        bias = Array(repeating: 0, count: classCount)
    }

    public func weight(_ label: Int, _ feature: Int) -> Double { weights[label * featureCount + feature] }

    /// Class probabilities for one vector.
    public func probabilities(_ vector: SparseVector) -> [Double] {
        Self.softmax(weights: weights, bias: bias, featureCount: featureCount, vector: vector)
    }

    private static func softmax(weights: [Double], bias: [Double], featureCount: Int, vector: SparseVector) -> [Double] {
        var scores = bias
        weights.withUnsafeBufferPointer { w in
            for label in scores.indices {
                let row = label * featureCount
                var sum = scores[label]
                for position in vector.indices.indices { sum += w[row + vector.indices[position]] * vector.values[position] }
                scores[label] = sum
            }
        }
        let top = scores.max() ?? 0
        let exps = scores.map { exp($0 - top) }
        let total = exps.reduce(0, +)
        return exps.map { $0 / total }
    }

    /// How much each feature of `vector` pushed towards `label` rather than the other classes.
    public func contributions(_ vector: SparseVector, towards label: Int) -> [(index: Int, amount: Double)] {
        zip(vector.indices, vector.values).map { index, value in
            let others = (0..<classCount).filter { $0 != label }.map { weight($0, index) }
            let mean = others.isEmpty ? 0 : others.reduce(0, +) / Double(others.count)
            return (index, (weight(label, index) - mean) * value)
        }
    }

    /// Trains on (vector, class, weight) samples; the order is shuffled by a fixed seed so training is repeatable.
    public static func train(_ samples: [(vector: SparseVector, label: Int, weight: Double)], classCount: Int,
                             featureCount: Int, epochs: Int = 20, rate: Double = 0.3, l2: Double = 1e-4) -> LogisticModel {
        var model = LogisticModel(classCount: classCount, featureCount: featureCount)
        var order = Array(samples.indices)
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        var weights = model.weights
        var bias = model.bias
        for epoch in 0..<epochs {
            for position in stride(from: order.count - 1, to: 0, by: -1) {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                order.swapAt(position, Int(seed >> 33) % (position + 1))
            }
            let step = rate / (1 + Double(epoch) * 0.1)
            for sampleIndex in order {
                let sample = samples[sampleIndex]
                let probabilities = softmax(weights: weights, bias: bias, featureCount: featureCount, vector: sample.vector)
                weights.withUnsafeMutableBufferPointer { w in
                    for label in 0..<classCount {
                        let error = (probabilities[label] - (label == sample.label ? 1 : 0)) * sample.weight
                        bias[label] -= step * error
                        let row = label * featureCount
                        for position in sample.vector.indices.indices {
                            let slot = row + sample.vector.indices[position]
                            w[slot] -= step * (error * sample.vector.values[position] + l2 * w[slot])
                        }
                    }
                }
            }
        }
        model.weights = weights
        model.bias = bias
        return model
    }
}
