import FluentKit
import Foundation
import RapportCore
import Vapor

/// POST /api/v1/triage/analyze input.
struct AnalyzeRequest: Content {
    var text: String?
}

/// One scored label in a triage answer.
struct ScoredLabelResponse: Content {
    var label: String
    var score: Double
    var evidence: [String]

    init<Label: RawRepresentable>(_ scored: ScoredLabel<Label>) where Label.RawValue == String {
        label = scored.label.rawValue
        score = (scored.score * 1000).rounded() / 1000
        evidence = scored.evidence
    }
}

/// What the classifier concludes about a text.
struct TriageAnalysisResponse: Content {
    var styles: [ScoredLabelResponse]
    var sentiment: ScoredLabelResponse
    var urgency: ScoredLabelResponse
    var kind: ScoredLabelResponse
    var category: ScoredLabelResponse?
    var topic: ScoredLabelResponse?
    /// How many labelled messages the workspace's model learned from (shipped plus confirmed).
    var trainedOn: Int

    init(_ analysis: TriageAnalysis, trainedOn: Int) {
        styles = analysis.styles.map(ScoredLabelResponse.init)
        sentiment = ScoredLabelResponse(analysis.sentiment)
        urgency = ScoredLabelResponse(analysis.urgency)
        kind = ScoredLabelResponse(analysis.kind)
        category = analysis.category.map(ScoredLabelResponse.init)
        topic = analysis.topic.map(ScoredLabelResponse.init)
        self.trainedOn = trainedOn
    }

    // Encode category and topic as explicit nulls: the answer always has both keys.
    enum CodingKeys: String, CodingKey { case styles, sentiment, urgency, kind, category, topic, trainedOn = "trained_on" }
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(styles, forKey: .styles)
        try container.encode(sentiment, forKey: .sentiment)
        try container.encode(urgency, forKey: .urgency)
        try container.encode(kind, forKey: .kind)
        try container.encode(category, forKey: .category)
        try container.encode(topic, forKey: .topic)
        try container.encode(trainedOn, forKey: .trainedOn)
    }
}

/// POST /api/v1/triage/feedback input: the correct labels for a text or a ticket message.
struct TriageFeedbackRequest: Content {
    var text: String?
    var ticketMessageId: UUID?
    var styles: [String]?
    var sentiment: String?
    var urgency: String?
    var kind: String?
    var category: String?
    var topic: String?

    enum CodingKeys: String, CodingKey {
        case text, styles, sentiment, urgency, kind, category, topic
        case ticketMessageId = "ticket_message_id"
    }

    /// The labels, or a 422 naming every field that is wrong.
    func labels(requiringText: Bool = true) throws -> (styles: [CommunicationStyle], sentiment: Sentiment, urgency: Urgency, kind: TicketKind,
                             category: ComplaintCategory?, topic: TicketTopic?) {
        var errors: [String: String] = [:]
        func choice<T: RawRepresentable & CaseIterable>(_ raw: String?, _ field: String, required: Bool) -> T? where T.RawValue == String {
            guard let raw else {
                if required { errors[field] = "is required" }
                return nil
            }
            guard let value = T(rawValue: raw) else {
                errors[field] = "must be one of " + T.allCases.map(\.rawValue).joined(separator: ", ")
                return nil
            }
            return value
        }
        let styles = (styles ?? []).compactMap(CommunicationStyle.init(rawValue:))
        if styles.count != (self.styles ?? []).count {
            errors["styles"] = "must hold only " + CommunicationStyle.allCases.map(\.rawValue).joined(separator: ", ")
        }
        let sentiment: Sentiment? = choice(sentiment, "sentiment", required: true)
        let urgency: Urgency? = choice(urgency, "urgency", required: true)
        let kind: TicketKind? = choice(kind, "kind", required: true)
        let category: ComplaintCategory? = choice(category, "category", required: false)
        let topic: TicketTopic? = choice(topic, "topic", required: false)
        if kind == .complaint {
            if category == nil, errors["category"] == nil { errors["category"] = "is required for a complaint" }
            if self.topic != nil { errors["topic"] = "must be null for a complaint" }
        } else if kind != nil {
            if topic == nil, errors["topic"] == nil { errors["topic"] = "is required for anything but a complaint" }
            if self.category != nil { errors["category"] = "is only for complaints" }
        }
        if requiringText && text == nil && ticketMessageId == nil { errors["text"] = "is required (or ticket_message_id)" }
        if let text, text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { errors["text"] = "must not be empty" }
        guard errors.isEmpty, let sentiment, let urgency, let kind else { throw APIError.validation(errors) }
        return (Array(Set(styles)).sorted { $0.rawValue < $1.rawValue }, sentiment, urgency, kind, category, topic)
    }
}

/// A stored confirmed label.
struct TriageLabelResponse: Content {
    var id: UUID
    var text: String
    var ticketMessageId: UUID?
    var styles: [String]
    var sentiment: Sentiment
    var urgency: Urgency
    var kind: TicketKind
    var category: ComplaintCategory?
    var topic: TicketTopic?
    var confirmedBy: UUID
    var confirmedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, text, styles, sentiment, urgency, kind, category, topic
        case ticketMessageId = "ticket_message_id", confirmedBy = "confirmed_by", confirmedAt = "confirmed_at"
    }

    init(_ label: TriageLabel) throws {
        id = try label.requireID()
        text = label.text
        ticketMessageId = label.ticketMessageID
        styles = label.styles
        sentiment = label.sentiment
        urgency = label.urgency
        kind = label.kind
        category = label.category
        topic = label.topic
        confirmedBy = label.confirmedByID
        confirmedAt = label.confirmedAt
    }
}
