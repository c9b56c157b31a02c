/// One playbook entry that applies to a customer, with the profile value that brought it in.
public struct AppliedGuidance: Equatable, Sendable {
    public var entry: PlaybookEntry
    /// The profile value behind it; nil when the contact's buying role brought it in.
    public var broughtInBy: ProfileValue?
    /// Importance weighed by how sure the profile value is.
    public var weight: Double
}

/// A customer's combined guidance: every applicable entry, most important first, and a
/// short checklist taken from the top of each.
public struct CombinedPlaybook: Equatable, Sendable {
    public var guidance: [AppliedGuidance]
    /// The first action of each entry, most important first: what to do before anything else.
    public var checklist: [String]
    /// Every pitfall, without repeats, most important first.
    public var avoid: [String]
}

/// Combines the playbook entries that a customer's profile brings in.
public enum PlaybookAssembler {
    /// A value set with confidence 0.5 weighs three quarters of one set with certainty, so an
    /// unsure guess never outranks a firm, similarly important judgement.
    static func weight(importance: Int, confidence: Double) -> Double {
        Double(importance) * (0.5 + 0.5 * min(max(confidence, 0), 1))
    }

    public static func combine(
        profile: CustomerProfile, buyingRole: BuyingRole?, entries: [PlaybookKey: PlaybookEntry]
    ) -> CombinedPlaybook {
        var applied: [AppliedGuidance] = []
        for value in profile.values {
            guard let entry = entries[PlaybookKey(dimension: value.dimension, value: value.value)] else { continue }
            applied.append(AppliedGuidance(entry: entry, broughtInBy: value, weight: weight(importance: entry.importance, confidence: value.confidence)))
        }
        if let buyingRole, let entry = entries[PlaybookKey(dimension: .buyingRole, value: buyingRole.rawValue)] {
            applied.append(AppliedGuidance(entry: entry, broughtInBy: nil, weight: weight(importance: entry.importance, confidence: 1)))
        }
        applied.sort {
            if $0.weight != $1.weight { return $0.weight > $1.weight }
            if $0.entry.dimension != $1.entry.dimension { return $0.entry.dimension.sortIndex < $1.entry.dimension.sortIndex }
            return $0.entry.value < $1.entry.value
        }
        var checklist: [String] = []
        var avoid: [String] = []
        for item in applied {
            if let first = item.entry.actions.first, !checklist.contains(first) { checklist.append(first) }
            for pitfall in item.entry.avoid where !avoid.contains(pitfall) { avoid.append(pitfall) }
        }
        return CombinedPlaybook(guidance: applied, checklist: checklist, avoid: avoid)
    }
}
