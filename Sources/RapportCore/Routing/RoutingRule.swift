import Foundation

/// A member of a team who might take a ticket, with everything routing weighs.
public struct RoutingCandidate: Equatable, Sendable {
    public var userID: UUID
    public var availability: AgentAvailability
    /// Unsolved tickets assigned to the agent, in any team.
    public var openTickets: Int
    public var skills: AgentSkills
    /// The team's turn number of the agent's last routed ticket; 0 when never.
    public var lastTurn: Int64

    public init(userID: UUID, availability: AgentAvailability, openTickets: Int, skills: AgentSkills = .none, lastTurn: Int64 = 0) {
        self.userID = userID
        self.availability = availability
        self.openTickets = openTickets
        self.skills = skills
        self.lastTurn = lastTurn
    }
}

/// What a ticket asks of the agent who takes it.
public struct RoutingNeeds: Equatable, Sendable {
    public var language: String?
    public var product: String?
    public var communicationStyles: [CommunicationStyle]

    public init(language: String? = nil, product: String? = nil, communicationStyles: [CommunicationStyle] = []) {
        self.language = language
        self.product = product
        self.communicationStyles = communicationStyles
    }
}

/// The agent routing chose, and why, in words for the ticket's history.
public struct RoutingDecision: Equatable, Sendable {
    public var userID: UUID
    public var reason: String
}

/// Why nobody was chosen.
public enum RoutingRefusal: Error, Equatable, Sendable {
    /// The team assigns by hand.
    case manual
    /// No member of the team is online.
    case nobodyOnline
    /// Members are online but every one has reached the team's cap of open tickets.
    case everyoneAtCapacity(Int)

    public var message: String {
        switch self {
        case .manual: "The team assigns tickets by hand."
        case .nobodyOnline: "No member of the team is online; the ticket waits in the team's queue."
        case .everyoneAtCapacity(let cap): "Every online member of the team already has \(cap) open tickets; the ticket waits in the team's queue."
        }
    }
}

/// Chooses the agent for a ticket. Pure: the caller reads the candidates, then records the turn.
public enum RoutingRule {
    /// Only online agents under the cap are considered. Round robin takes the agent whose last turn
    /// is longest ago; fewest open takes the lightest load, then turns; skills takes the best match
    /// (language, then product, then customer styles), then the lightest load, then turns.
    /// Equal candidates are ordered by user id, so the result never depends on input order.
    public static func choose(
        mode: RoutingMode, candidates: [RoutingCandidate], needs: RoutingNeeds = RoutingNeeds(), maxOpenPerAgent: Int? = nil
    ) -> Result<RoutingDecision, RoutingRefusal> {
        if mode == .manual { return .failure(.manual) }
        let online = candidates.filter { $0.availability == .online }
        if online.isEmpty { return .failure(.nobodyOnline) }
        let eligible = online.filter { candidate in maxOpenPerAgent.map { candidate.openTickets < $0 } ?? true }
        if eligible.isEmpty { return .failure(.everyoneAtCapacity(maxOpenPerAgent ?? 0)) }
        let count = eligible.count
        let agents = count == 1 ? "the only online agent" : "\(count) online agents"
        switch mode {
        case .manual:
            return .failure(.manual)
        case .roundRobin:
            let chosen = eligible.min { byTurn($0, $1) }!
            return .success(RoutingDecision(userID: chosen.userID, reason: "round_robin: next in turn among \(agents)"))
        case .fewestOpen:
            let chosen = eligible.min { byLoad($0, $1) }!
            return .success(RoutingDecision(
                userID: chosen.userID, reason: "fewest_open: \(chosen.openTickets) open tickets, the fewest among \(agents)"))
        case .skills:
            let scored = eligible.map { ($0, SkillMatch(needs, $0.skills)) }
            let (chosen, match) = scored.min { first, second in
                if first.1 != second.1 { return first.1 > second.1 }
                return byLoad(first.0, second.0)
            }!
            let matched = match.words.isEmpty ? "no skill matches" : "matches " + match.words.joined(separator: ", ")
            return .success(RoutingDecision(
                userID: chosen.userID, reason: "skills: \(matched); \(chosen.openTickets) open tickets; among \(agents)"))
        }
    }

    static func byTurn(_ first: RoutingCandidate, _ second: RoutingCandidate) -> Bool {
        if first.lastTurn != second.lastTurn { return first.lastTurn < second.lastTurn }
        return first.userID.uuidString < second.userID.uuidString
    }

    static func byLoad(_ first: RoutingCandidate, _ second: RoutingCandidate) -> Bool {
        if first.openTickets != second.openTickets { return first.openTickets < second.openTickets }
        return byTurn(first, second)
    }
}

/// How well an agent's skills fit a ticket. Language weighs most (an agent who cannot read the
/// customer cannot help), then product, then how many of the customer's styles the agent handles well.
struct SkillMatch: Comparable {
    var language: String?
    var product: String?
    var styles: [CommunicationStyle]

    init(_ needs: RoutingNeeds, _ skills: AgentSkills) {
        language = needs.language.flatMap { need in skills.languages.contains { SkillText.languagesMatch($0, need) } ? need : nil }
        product = needs.product.flatMap { need in
            skills.products.contains { SkillText.productKey($0) == SkillText.productKey(need) } ? need : nil
        }
        styles = needs.communicationStyles.filter(skills.communicationStyles.contains)
    }

    var words: [String] {
        var words: [String] = []
        if let language { words.append("language \(language)") }
        if let product { words.append("product \(product)") }
        words += styles.map { "style \($0.rawValue)" }
        return words
    }

    static func < (lhs: SkillMatch, rhs: SkillMatch) -> Bool {
        lhs.rank < rhs.rank
    }

    static func == (lhs: SkillMatch, rhs: SkillMatch) -> Bool {
        lhs.rank == rhs.rank
    }

    private var rank: (Int, Int, Int) { (language == nil ? 0 : 1, product == nil ? 0 : 1, styles.count) }
}
