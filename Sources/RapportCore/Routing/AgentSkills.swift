import Foundation

/// Whether an agent is taking tickets right now. Only `online` agents are routed to.
public enum AgentAvailability: String, Codable, CaseIterable, Sendable {
    case online, away, offline
}

/// How a team hands out the tickets that arrive in its queue.
public enum RoutingMode: String, Codable, CaseIterable, Sendable {
    /// Nobody is assigned automatically; agents pick tickets from the queue.
    case manual
    /// Online members take turns.
    case roundRobin = "round_robin"
    /// The online member with the fewest unsolved tickets.
    case fewestOpen = "fewest_open"
    /// The best match of languages, products and customer styles; then fewest open; then turns.
    case skills
}

/// What an agent is good at: languages, products and the kinds of customer they handle well.
public struct AgentSkills: Codable, Equatable, Sendable {
    /// Lower-cased language tags such as `de` or `pt-br`.
    public var languages: [String]
    /// Product names as the workspace writes them.
    public var products: [String]
    public var communicationStyles: [CommunicationStyle]

    public init(languages: [String] = [], products: [String] = [], communicationStyles: [CommunicationStyle] = []) {
        self.languages = languages
        self.products = products
        self.communicationStyles = communicationStyles
    }

    public static let none = AgentSkills()

    enum CodingKeys: String, CodingKey {
        case languages, products
        case communicationStyles = "communication_styles"
    }

    public var isEmpty: Bool { languages.isEmpty && products.isEmpty && communicationStyles.isEmpty }
}

/// The rules for writing skills: what a language tag looks like, and how tags compare.
public enum SkillText {
    /// A BCP-47-like tag, lower-cased: `de`, `en-gb`, `zh-hant-tw`; nil when it is not one.
    public static func language(_ raw: String) -> String? {
        let tag = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased().replacingOccurrences(of: "_", with: "-")
        let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
        guard let primary = parts.first, (2...3).contains(primary.count), primary.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        for part in parts.dropFirst() where !(1...8).contains(part.count) || !part.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
            return nil
        }
        return tag
    }

    /// Two tags match when they are equal or share their primary language (`de` serves `de-at`).
    public static func languagesMatch(_ first: String, _ second: String) -> Bool {
        primary(first) == primary(second)
    }

    static func primary(_ tag: String) -> Substring {
        tag.lowercased().split(separator: "-").first ?? ""
    }

    /// Products compare without regard to case or surrounding spaces.
    public static func productKey(_ product: String) -> String {
        product.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}
