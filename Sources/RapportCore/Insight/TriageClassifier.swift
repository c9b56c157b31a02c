import Foundation

/// The triage classifier: transparent signals plus word features, combined by logistic regression
/// models learned from labelled messages (one-vs-rest per communication style, softmax for sentiment,
/// urgency, kind and subject). Training is deterministic; a workspace's model is the shipped set plus its
/// agents' confirmed labels.
public struct TriageClassifier: Sendable {
    /// A style shows when its model gives it at least this probability.
    public static let styleThreshold = 0.5
    /// How many training examples the model learned from.
    public let exampleCount: Int

    let vocabulary: TriageVocabulary
    let styleModels: [CommunicationStyle: LogisticModel]
    let sentimentModel: LogisticModel
    let urgencyModel: LogisticModel
    let kindModel: LogisticModel
    let subjectModel: LogisticModel

    /// Complaint categories, topics, then outages: the classes of the subject model. An outage (an incident)
    /// reads like a complaint rather than like a maintenance request, so it is learned apart and answered as
    /// the maintenance topic.
    static let subjects: [String] = ComplaintCategory.allCases.map(\.rawValue) + TicketTopic.allCases.map(\.rawValue) + [outage]
    static let outage = "outage"

    /// Learns from `examples`; `weights` (same length, default 1) lets confirmed labels count more.
    public static func train(_ examples: [TriageExample], weights: [Double]? = nil) -> TriageClassifier {
        let extracted = examples.map { TriageFeatures.extract($0.text) }
        let vocabulary = TriageVocabulary(extracted)
        let vectors = extracted.map(vocabulary.vector)
        let weights = weights ?? Array(repeating: 1, count: examples.count)
        let featureCount = vocabulary.names.count

        func head<Label: CaseIterable & Equatable>(_ label: (TriageExample) -> Label?) -> LogisticModel {
            let all = Array(Label.allCases)
            let samples = examples.indices.compactMap { index -> (vector: SparseVector, label: Int, weight: Double)? in
                guard let value = label(examples[index]), let classIndex = all.firstIndex(of: value) else { return nil }
                return (vectors[index], classIndex, weights[index])
            }
            return LogisticModel.train(samples, classCount: all.count, featureCount: featureCount, l2: l2)
        }

        var styleModels: [CommunicationStyle: LogisticModel] = [:]
        for style in CommunicationStyle.allCases {
            let positives = examples.filter { $0.styles.contains(style) }.count
            // Rare positives weigh more so one-vs-rest does not learn to always say "no".
            let boost = positives == 0 ? 1 : min(4, sqrt(Double(examples.count - positives) / Double(positives)))
            let samples = examples.indices.map { index in
                let present = examples[index].styles.contains(style)
                return (vector: vectors[index], label: present ? 1 : 0, weight: weights[index] * (present ? boost : 1))
            }
            styleModels[style] = LogisticModel.train(samples, classCount: 2, featureCount: featureCount, l2: l2)
        }
        let subjectSamples = examples.indices.compactMap { index -> (vector: SparseVector, label: Int, weight: Double)? in
            let example = examples[index]
            let topic = example.kind == .incident && example.topic == .maintenance ? outage : example.topic?.rawValue
            guard let subject = example.category?.rawValue ?? topic,
                  let classIndex = subjects.firstIndex(of: subject) else { return nil }
            return (vectors[index], classIndex, weights[index])
        }
        return TriageClassifier(
            exampleCount: examples.count, vocabulary: vocabulary, styleModels: styleModels,
            sentimentModel: head { $0.sentiment as Sentiment? }, urgencyModel: head { $0.urgency as Urgency? },
            kindModel: head { $0.kind as TicketKind? },
            subjectModel: LogisticModel.train(subjectSamples, classCount: subjects.count, featureCount: featureCount, l2: l2))
    }

    static let sentenceWeight = 0.8
    /// Share of the subject read from the clearest sentence alone; chosen by cross-validation (category
    /// accuracy 0.774 → 0.786 at 0.5, topic unchanged; 0.7 did no better).
    static let sentenceSubjectWeight = 0.5
    /// L2 penalty of every head, chosen by 5-fold cross-validation on the training part (1e-4 learned the
    /// training set's particular wording; 1e-3 generalised better for styles, sentiment and categories).
    static let l2 = 1e-3

    /// The sentences of a message (split at full stops, question and exclamation marks and line breaks).
    static func sentences(_ text: String) -> [String] {
        var result: [String] = [], current = ""
        for character in text {
            current.append(character)
            if ".!?\n".contains(character) {
                if current.contains(where: \.isLetter) { result.append(current) }
                current = ""
            }
        }
        if current.contains(where: \.isLetter) { result.append(current) }
        return result.count > 1 ? result : []
    }

    /// Analyses one customer message.
    public func analyze(_ text: String) -> TriageAnalysis {
        let extracted = TriageFeatures.extract(text)
        let vector = vocabulary.vector(extracted)

        func evidence(_ model: LogisticModel, _ label: Int) -> [String] {
            model.contributions(vector, towards: label)
                .filter { $0.amount > 0.05 }
                .sorted { $0.amount > $1.amount || ($0.amount == $1.amount && $0.index < $1.index) }
                .prefix(4)
                .map { TriageFeatures.describe(vocabulary.names[$0.index], signals: extracted.signals) }
        }
        func best<Label: CaseIterable & Sendable & Equatable>(_ model: LogisticModel, _: Label.Type) -> ScoredLabel<Label> {
            let probabilities = model.probabilities(vector)
            let index = probabilities.indices.max { probabilities[$0] < probabilities[$1] } ?? 0
            return ScoredLabel(label: Array(Label.allCases)[index], score: probabilities[index], evidence: evidence(model, index))
        }

        // A style usually shows in one sentence; read alone, that sentence is not diluted by the rest.
        let sentenceVectors = Self.sentences(text).map { vocabulary.vector(TriageFeatures.extract($0)) }
        let styles = CommunicationStyle.allCases.compactMap { style -> ScoredLabel<CommunicationStyle>? in
            guard let model = styleModels[style] else { return nil }
            let whole = model.probabilities(vector)[1]
            let strongest = sentenceVectors.map { model.probabilities($0)[1] }.max() ?? 0
            let score = max(whole, strongest * Self.sentenceWeight)
            guard score >= Self.styleThreshold else { return nil }
            return ScoredLabel(label: style, score: score, evidence: evidence(model, 1))
        }.sorted { $0.score > $1.score }

        var sentiment = best(sentimentModel, Sentiment.self)
        let sentimentProbabilities = sentimentModel.probabilities(vector)
        sentiment.score = sentimentProbabilities[2] - sentimentProbabilities[0]

        // The subject usually sits in one sentence; the clearest sentence read alone counts half, so the
        // words of the other sentences (a style, small talk, a sign-off) pull less towards another subject.
        var subjectProbabilities = subjectModel.probabilities(vector)
        if let clearest = sentenceVectors.map({ subjectModel.probabilities($0) }).max(by: { ($0.max() ?? 0) < ($1.max() ?? 0) }) {
            subjectProbabilities = zip(subjectProbabilities, clearest).map { (1 - Self.sentenceSubjectWeight) * $0 + Self.sentenceSubjectWeight * $1 }
        }
        let categoryCount = ComplaintCategory.allCases.count
        // Whether it is a complaint is asked twice: of the kind model and of the subject model (how much of
        // its probability goes to complaint categories); the two agree more often than either is right alone.
        let kindProbabilities = kindModel.probabilities(vector)
        let complaintIndex = TicketKind.allCases.firstIndex(of: .complaint) ?? 0
        let categoryMass = subjectProbabilities[0..<categoryCount].reduce(0, +)
        let complaintProbability = (kindProbabilities[complaintIndex] + categoryMass) / 2
        let kindIndex = complaintProbability >= 0.5 ? complaintIndex
            : kindProbabilities.indices.filter { $0 != complaintIndex }.max { kindProbabilities[$0] < kindProbabilities[$1] } ?? 0
        let kind = ScoredLabel(label: TicketKind.allCases[kindIndex],
                               score: kindIndex == complaintIndex ? complaintProbability : kindProbabilities[kindIndex],
                               evidence: evidence(kindModel, kindIndex))
        func subject(in range: Range<Int>) -> (Int, Double) {
            let index = range.max { subjectProbabilities[$0] < subjectProbabilities[$1] } ?? range.lowerBound
            let total = range.map { subjectProbabilities[$0] }.reduce(0, +)
            return (index, total > 0 ? subjectProbabilities[index] / total : 0)
        }
        var category: ScoredLabel<ComplaintCategory>?
        var topic: ScoredLabel<TicketTopic>?
        if kind.label == .complaint {
            let (index, score) = subject(in: 0..<categoryCount)
            category = ComplaintCategory(rawValue: Self.subjects[index])
                .map { ScoredLabel(label: $0, score: score, evidence: evidence(subjectModel, index)) }
        } else {
            let (index, score) = subject(in: categoryCount..<Self.subjects.count)
            let outageIndex = Self.subjects.count - 1
            let maintenanceIndex = Self.subjects.firstIndex(of: TicketTopic.maintenance.rawValue) ?? outageIndex
            let topicTotal = subjectProbabilities[categoryCount...].reduce(0, +)
            let maintenanceScore = topicTotal > 0
                ? (subjectProbabilities[maintenanceIndex] + subjectProbabilities[outageIndex]) / topicTotal : 0
            if index == outageIndex || index == maintenanceIndex || maintenanceScore > score {
                topic = ScoredLabel(label: .maintenance, score: maintenanceScore, evidence: evidence(subjectModel, index))
            } else {
                topic = TicketTopic(rawValue: Self.subjects[index])
                    .map { ScoredLabel(label: $0, score: score, evidence: evidence(subjectModel, index)) }
            }
        }
        return TriageAnalysis(styles: styles, sentiment: sentiment, urgency: best(urgencyModel, Urgency.self),
                              kind: kind, category: category, topic: topic)
    }
}
