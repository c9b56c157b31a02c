import Foundation

/// Precision, recall and F1 of one label.
public struct LabelScore: Sendable, Equatable {
    public var label: String
    public var precision: Double
    public var recall: Double
    public var f1: Double
    public var support: Int
}

/// How a trained classifier does on held-out messages.
public struct TriageEvaluation: Sendable {
    public var styles: [LabelScore]
    public var styleMacroF1: Double
    public var sentimentAccuracy: Double
    /// Accuracy of always answering the most common sentiment of the held-out part: the trivial baseline.
    public var sentimentMajorityBaseline: Double
    public var urgencyAccuracy: Double
    public var kindAccuracy: Double
    /// Over held-out complaints: the predicted category (none when the kind was missed) is the labelled one.
    public var categoryAccuracy: Double
    /// Over held-out non-complaints: the predicted topic is the labelled one.
    public var topicAccuracy: Double
    public var sentiment: [LabelScore]
    public var heldOutCount: Int
    /// The most frequent wrong answers for category and topic ("maintenance → advice"), most frequent first.
    public var misreadings: [(String, Int)] = []
    /// What the figures were measured on, for the report's first line.
    public var measuredOn = "held-out messages"

    public static func evaluate(_ classifier: TriageClassifier, on examples: [TriageExample]) -> TriageEvaluation {
        evaluate(predictions: examples.map { classifier.analyze($0.text) }, on: examples)
    }

    /// Cross-validation on training messages: message i is predicted by a model trained on every message
    /// whose line number differs from i modulo `folds`. The labelled set's generator builds the lines of one
    /// remainder from their own sentences, so no sentence is both learned and predicted. This is what
    /// choices are tuned on; the held-out part is only measured.
    public static func crossValidate(_ examples: [TriageExample], folds: Int) -> TriageEvaluation {
        var predictions = [TriageAnalysis?](repeating: nil, count: examples.count)
        for fold in 0..<folds {
            let classifier = TriageClassifier.train(examples.indices.filter { $0 % folds != fold }.map { examples[$0] })
            for index in examples.indices where index % folds == fold { predictions[index] = classifier.analyze(examples[index].text) }
        }
        var evaluation = evaluate(predictions: predictions.compactMap { $0 }, on: examples)
        evaluation.measuredOn = "training messages, \(folds)-fold cross-validation"
        return evaluation
    }

    public static func evaluate(predictions: [TriageAnalysis], on examples: [TriageExample]) -> TriageEvaluation {
        let pairs = Array(zip(examples, predictions))
        func score(_ label: String, truth: (TriageExample) -> Bool, predicted: (TriageAnalysis) -> Bool) -> LabelScore {
            let truePositive = pairs.filter { truth($0.0) && predicted($0.1) }.count
            let predictedCount = pairs.filter { predicted($0.1) }.count
            let actualCount = pairs.filter { truth($0.0) }.count
            let precision = predictedCount == 0 ? 0 : Double(truePositive) / Double(predictedCount)
            let recall = actualCount == 0 ? 0 : Double(truePositive) / Double(actualCount)
            let f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
            return LabelScore(label: label, precision: precision, recall: recall, f1: f1, support: actualCount)
        }
        func accuracy(_ subset: [(TriageExample, TriageAnalysis)], _ correct: (TriageExample, TriageAnalysis) -> Bool) -> Double {
            subset.isEmpty ? 0 : Double(subset.filter { correct($0.0, $0.1) }.count) / Double(subset.count)
        }
        let styles = CommunicationStyle.allCases.map { style in
            score(style.rawValue, truth: { $0.styles.contains(style) }, predicted: { $0.styles.contains { $0.label == style } })
        }
        let sentimentCounts = Dictionary(grouping: examples, by: \.sentiment).mapValues(\.count)
        var misreadings: [String: Int] = [:]
        for (example, analysis) in pairs {
            guard let truth = example.category?.rawValue ?? example.topic?.rawValue else { continue }
            let answer = analysis.category?.label.rawValue ?? analysis.topic?.label.rawValue ?? "none"
            if answer != truth { misreadings["\(truth) → \(answer)", default: 0] += 1 }
        }
        var evaluation = TriageEvaluation(
            styles: styles,
            styleMacroF1: styles.map(\.f1).reduce(0, +) / Double(max(styles.count, 1)),
            sentimentAccuracy: accuracy(pairs) { $0.sentiment == $1.sentiment.label },
            sentimentMajorityBaseline: Double(sentimentCounts.values.max() ?? 0) / Double(max(examples.count, 1)),
            urgencyAccuracy: accuracy(pairs) { $0.urgency == $1.urgency.label },
            kindAccuracy: accuracy(pairs) { $0.kind == $1.kind.label },
            categoryAccuracy: accuracy(pairs.filter { $0.0.category != nil }) { $0.category == $1.category?.label },
            topicAccuracy: accuracy(pairs.filter { $0.0.topic != nil }) { $0.topic == $1.topic?.label },
            sentiment: Sentiment.allCases.map { value in
                score(value.rawValue, truth: { $0.sentiment == value }, predicted: { $0.sentiment.label == value })
            },
            heldOutCount: examples.count)
        evaluation.misreadings = misreadings.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }.map { ($0.key, $0.value) }
        return evaluation
    }

    /// The report `rapport bench triage` prints.
    public var report: String {
        func percent(_ value: Double) -> String { String(format: "%.3f", value) }
        var lines = ["\(measuredOn): \(heldOutCount)", "", "style              precision  recall  f1     support"]
        for row in styles {
            lines.append(row.label.padding(toLength: 19, withPad: " ", startingAt: 0)
                + "\(percent(row.precision))      \(percent(row.recall))   \(percent(row.f1))  \(row.support)")
        }
        lines.append("style macro-F1: \(percent(styleMacroF1))   (target ≥ 0.75)")
        lines.append("")
        for row in sentiment {
            lines.append("sentiment \(row.label.padding(toLength: 9, withPad: " ", startingAt: 0)) precision \(percent(row.precision)) recall \(percent(row.recall)) f1 \(percent(row.f1))")
        }
        lines.append("sentiment accuracy: \(percent(sentimentAccuracy))   (target ≥ 0.85; majority baseline \(percent(sentimentMajorityBaseline)))")
        lines.append("urgency accuracy: \(percent(urgencyAccuracy))")
        lines.append("kind accuracy: \(percent(kindAccuracy))")
        lines.append("category accuracy (complaints): \(percent(categoryAccuracy))   (target ≥ 0.80)")
        lines.append("topic accuracy (other messages): \(percent(topicAccuracy))   (target ≥ 0.80)")
        if !misreadings.isEmpty {
            lines.append("most frequent misreadings: " + misreadings.prefix(12).map { "\($0.0) \($0.1)" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}
