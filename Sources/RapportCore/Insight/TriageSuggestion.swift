import Foundation

/// What triage suggests for a new ticket: priority from the message's urgency, the customer's value tier
/// and at-risk lifecycle, and a routing hint from the customer's communication styles, each with its reasons.
public struct TriageSuggestion: Sendable, Equatable {
    public var priority: TicketPriority
    public var routingHint: String
    public var reasons: [String]

    public static func make(analysis: TriageAnalysis, valueTier: ValueTier?, atRisk: Bool) -> TriageSuggestion {
        var reasons: [String] = []
        var priority: TicketPriority
        switch analysis.urgency.label {
        case .high: priority = .high
        case .normal: priority = .normal
        case .low: priority = .low
        }
        let urgencyEvidence = analysis.urgency.evidence.isEmpty ? "" : " (" + analysis.urgency.evidence.joined(separator: "; ") + ")"
        reasons.append("urgency \(analysis.urgency.label.rawValue)\(urgencyEvidence) → \(priority.rawValue)")
        if valueTier == .high {
            priority = priority.raised
            reasons.append("high-value customer → raised to \(priority.rawValue)")
        }
        if atRisk {
            priority = priority.raised
            reasons.append("customer is at risk of leaving → raised to \(priority.rawValue)")
        }
        let subject = analysis.category.map { "complaint about \($0.label.rawValue)" } ?? analysis.topic.map { $0.label.rawValue } ?? analysis.kind.label.rawValue
        var hint = "\(subject)"
        if !analysis.styles.isEmpty {
            hint += "; prefer an agent skilled with " + analysis.styles.map(\.label.rawValue).joined(separator: ", ")
            reasons.append("styles shown: " + analysis.styles.map { "\($0.label.rawValue) (\($0.evidence.prefix(2).joined(separator: ", ")))" }.joined(separator: "; "))
        }
        if analysis.kind.label == .complaint && analysis.sentiment.label == .negative && priority >= .high {
            hint += "; consider a senior agent"
        }
        reasons.append("kind \(analysis.kind.label.rawValue): " + analysis.kind.evidence.joined(separator: ", "))
        return TriageSuggestion(priority: priority, routingHint: hint, reasons: reasons)
    }
}
