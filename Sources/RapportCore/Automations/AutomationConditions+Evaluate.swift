import Foundation

/// What conditions are tested against: the ticket's fields by their API names (tags and
/// communication styles have several values), the requester's profile, and the text in play.
public struct AutomationFacts: Sendable, Equatable {
    public var fields: [String: [String]]
    public var profile: [ProfileDimension: [String]]
    /// The subject and the message that triggered the rule, if any.
    public var text: String

    public init(fields: [String: [String]] = [:], profile: [ProfileDimension: [String]] = [:], text: String = "") {
        self.fields = fields
        self.profile = profile
        self.text = text
    }

    /// The values of a condition's field; empty when the ticket has none.
    public func values(of field: String) -> [String] {
        if field == "text" { return [text] }
        if field.hasPrefix("profile."), let dimension = ProfileDimension(rawValue: String(field.dropFirst("profile.".count))) {
            return profile[dimension] ?? []
        }
        return fields[field] ?? []
    }
}

extension AutomationCondition {
    /// The word that stands for "no value" in `is` and `is_not`: `assignee_id is none`.
    public static let noValue = "none"

    /// Whether the condition holds. Comparisons ignore case; `contains` looks for the text inside any value.
    public func holds(for facts: AutomationFacts) -> Bool {
        let actual = facts.values(of: field).map { $0.lowercased() }
        let wanted = ((values ?? []) + (value.map { [$0] } ?? [])).map { $0.lowercased() }
        switch self.operator {
        case .equals, .oneOf:
            return wanted.contains { $0 == Self.noValue ? actual.isEmpty : actual.contains($0) }
        case .notEquals, .noneOf:
            return !wanted.contains { $0 == Self.noValue ? actual.isEmpty : actual.contains($0) }
        case .contains:
            return wanted.contains { part in !part.isEmpty && actual.contains { $0.contains(part) } }
        }
    }
}

extension AutomationConditions {
    public func matches(_ facts: AutomationFacts) -> Bool {
        all.allSatisfy { $0.holds(for: facts) } && (any.isEmpty || any.contains { $0.holds(for: facts) })
    }

    public var isEmpty: Bool { all.isEmpty && any.isEmpty }

    /// True when every condition reads only the ticket's own columns and the text, so the conditions
    /// can be judged without reading tags or the customer's profile.
    public var needsOnlyTicketColumns: Bool {
        (all + any).allSatisfy { $0.field != "tags" && !$0.field.hasPrefix("profile.") }
    }
}

/// Fills a template's placeholders, `{{name}}`; unknown ones stay as they are so a typo shows.
public enum AutomationTemplate {
    public static func render(_ template: String, values: [String: String]) -> String {
        var result = template
        for (name, value) in values {
            result = result.replacingOccurrences(of: "{{\(name)}}", with: value)
            result = result.replacingOccurrences(of: "{{ \(name) }}", with: value)
        }
        return result
    }
}
