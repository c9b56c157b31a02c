import Foundation

/// The communication styles the classifier saw in one customer message, with their scores (0...1).
public struct MessageStyles: Sendable, Equatable {
    public var at: Date
    public var scores: [CommunicationStyle: Double]
    /// What in the text led to each style (the classifier's evidence).
    public var evidence: [CommunicationStyle: [String]]

    public init(at: Date, scores: [CommunicationStyle: Double], evidence: [CommunicationStyle: [String]] = [:]) {
        self.at = at
        self.scores = scores
        self.evidence = evidence
    }
}

/// A customer's communication styles from their messages: a time-decayed average of the
/// classifier's per-message style scores.
///
/// Each of the customer's latest `recentMessages` messages weighs `0.5^(age / halfLife)`, so a
/// message 60 days old counts half as much as one written today and one 120 days old a quarter.
/// A style's score is the weighted mean of its per-message scores (0 where the message did not
/// show it). The style shows when that score reaches `showThreshold`: roughly, when at least
/// half of the recent weight of messages showed it clearly. The confidence also grows with the
/// amount of recent evidence, `score × W / (W + 1)` with `W` the sum of the weights, so one fresh
/// message gives at most half confidence and old messages give little.
///
/// `high_maintenance` is left out: it comes from behaviour (see `HighMaintenanceRule`), not wording.
public enum StyleAggregation {
    /// Sixty days: styles drift slowly, but a customer's last two months say more than last year.
    public static let halfLife: TimeInterval = 60 * 86_400
    public static let showThreshold = 0.4
    public static let recentMessages = 20

    public static func weight(of message: Date, at now: Date) -> Double {
        pow(0.5, max(now.timeIntervalSince(message), 0) / halfLife)
    }

    /// The weighted score of every style any message showed, before the threshold.
    public static func scores(_ messages: [MessageStyles], at now: Date) -> (scores: [CommunicationStyle: Double], totalWeight: Double) {
        let recent = Array(messages.sorted { $0.at > $1.at }.prefix(recentMessages))
        let totalWeight = recent.reduce(0) { $0 + weight(of: $1.at, at: now) }
        guard totalWeight > 0 else { return ([:], 0) }
        var sums: [CommunicationStyle: Double] = [:]
        for message in recent {
            let w = weight(of: message.at, at: now)
            for (style, score) in message.scores where style != .highMaintenance { sums[style, default: 0] += w * score }
        }
        return (sums.mapValues { $0 / totalWeight }, totalWeight)
    }

    /// The styles that show, most certain first, each with its explanation.
    public static func aggregate(_ messages: [MessageStyles], at now: Date) -> [DerivedProfileValue] {
        let recent = Array(messages.sorted { $0.at > $1.at }.prefix(recentMessages))
        let (scores, totalWeight) = scores(recent, at: now)
        let evidenceFactor = totalWeight / (totalWeight + 1)
        return scores.filter { $0.value >= showThreshold }
            .sorted { ($1.value, $0.key.rawValue) < ($0.value, $1.key.rawValue) }
            .map { style, score in
                let showing = recent.filter { ($0.scores[style] ?? 0) > 0 }
                let latest = showing.first
                var text = "\(showing.count) of the customer's last \(recent.count) message\(recent.count == 1 ? "" : "s") \(phrase(style))"
                if let latest {
                    let days = Int(max(now.timeIntervalSince(latest.at), 0) / 86_400)
                    text += days == 0 ? " (the latest today)" : " (the latest \(days) day\(days == 1 ? "" : "s") ago)"
                    if let signs = latest.evidence[style], !signs.isEmpty { text += "; signs: " + signs.prefix(3).joined(separator: ", ") }
                }
                text += String(format: ". Weighted score %.2f, recent messages counting more.", score)
                return DerivedProfileValue(
                    dimension: .communicationStyle, value: style.rawValue, source: .messages,
                    confidence: min(1, score) * evidenceFactor, explanation: text)
            }
    }

    /// How a message showing the style reads, to complete "3 of the customer's last 4 messages ...".
    public static func phrase(_ style: CommunicationStyle) -> String {
        switch style {
        case .decisionMaker: "were brief and to the point"
        case .analytical: "asked for details and figures"
        case .indecisive: "hesitated between options"
        case .bargainHunter: "asked about prices or discounts"
        case .highMaintenance: "needed a lot of attention"
        case .loyalist: "spoke of their loyalty"
        case .impatient: "pressed for speed"
        case .skeptic: "doubted what they were told"
        case .chatty: "were chatty"
        case .demanding: "made firm demands"
        case .confused: "showed confusion"
        }
    }
}
