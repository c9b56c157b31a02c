import Foundation

/// How a customer message feels overall.
public enum Sentiment: String, Codable, Sendable, CaseIterable {
    case negative, neutral, positive
}

/// How soon a customer message needs an answer.
public enum Urgency: String, Codable, Sendable, CaseIterable {
    case low, normal, high
}

/// One labelled customer message: the shape of the lines of the labelled set and of agents' confirmed labels.
public struct TriageExample: Codable, Sendable, Equatable {
    public var text: String
    public var styles: [CommunicationStyle]
    public var sentiment: Sentiment
    public var urgency: Urgency
    public var kind: TicketKind
    public var category: ComplaintCategory?
    public var topic: TicketTopic?

    public init(text: String, styles: [CommunicationStyle], sentiment: Sentiment, urgency: Urgency,
                kind: TicketKind, category: ComplaintCategory?, topic: TicketTopic?) {
        self.text = text
        self.styles = styles
        self.sentiment = sentiment
        self.urgency = urgency
        self.kind = kind
        self.category = category
        self.topic = topic
    }

    /// Reads JSON Lines (one example a line, blank lines skipped).
    public static func decodeLines(_ data: Data) throws -> [TriageExample] {
        let decoder = JSONDecoder()
        return try String(decoding: data, as: UTF8.self)
            .split(whereSeparator: \.isNewline)
            .filter { !$0.allSatisfy(\.isWhitespace) }
            .map { try decoder.decode(TriageExample.self, from: Data($0.utf8)) }
    }
}

/// A label the classifier chose, how sure it is, and what in the text led there.
public struct ScoredLabel<Label: Sendable & Equatable>: Sendable, Equatable {
    public var label: Label
    public var score: Double
    public var evidence: [String]

    public init(label: Label, score: Double, evidence: [String]) {
        self.label = label
        self.score = score
        self.evidence = evidence
    }
}

/// Everything the classifier concludes about one customer message.
public struct TriageAnalysis: Sendable, Equatable {
    /// The styles that show (score at least 0.5), most certain first; empty when none shows.
    public var styles: [ScoredLabel<CommunicationStyle>]
    /// The sentiment; its score runs from -1 (clearly negative) to 1 (clearly positive).
    public var sentiment: ScoredLabel<Sentiment>
    public var urgency: ScoredLabel<Urgency>
    public var kind: ScoredLabel<TicketKind>
    /// Set for complaints only.
    public var category: ScoredLabel<ComplaintCategory>?
    /// Set for everything but complaints.
    public var topic: ScoredLabel<TicketTopic>?
}
