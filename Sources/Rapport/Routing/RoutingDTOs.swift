import Foundation
import RapportCore
import Vapor

/// `{"availability": "online"}`.
struct AvailabilityInput: Content {
    var availability: String?

    /// The availability asked for, or a 422 naming the field.
    func validated() throws -> AgentAvailability {
        var errors = FieldErrors()
        guard let value = errors.choice("availability", availability ?? "", as: AgentAvailability.self) else {
            try errors.throwIfAny()
            throw APIError.validation(["availability": "is required"])
        }
        return value
    }
}

/// An agent's skills, replaced as a whole; a list left out is emptied.
struct SkillsInput: Content {
    var languages: [String]?
    var products: [String]?
    var communicationStyles: [String]?

    enum CodingKeys: String, CodingKey {
        case languages, products
        case communicationStyles = "communication_styles"
    }

    /// The skills, cleaned (language tags lower-cased, duplicates dropped), or a 422 naming each bad field.
    func validated() throws -> AgentSkills {
        var errors = FieldErrors()
        var skills = AgentSkills()
        for (index, raw) in (languages ?? []).enumerated() {
            if let tag = SkillText.language(raw) {
                if !skills.languages.contains(tag) { skills.languages.append(tag) }
            } else {
                errors.add("languages", "item \(index + 1) ('\(raw.prefix(40))') is not a language tag such as en, de or pt-br")
            }
        }
        for (index, raw) in (products ?? []).enumerated() {
            let product = raw.trimmed
            if product.isEmpty || product.count > 200 {
                errors.add("products", "item \(index + 1) must be 1 to 200 characters")
            } else if !skills.products.contains(where: { SkillText.productKey($0) == SkillText.productKey(product) }) {
                skills.products.append(product)
            }
        }
        for (index, raw) in (communicationStyles ?? []).enumerated() {
            if let style = CommunicationStyle(rawValue: raw) {
                if !skills.communicationStyles.contains(style) { skills.communicationStyles.append(style) }
            } else {
                errors.add("communication_styles", "item \(index + 1) ('\(raw.prefix(40))') must be one of: "
                    + CommunicationStyle.allCases.map(\.rawValue).joined(separator: ", "))
            }
        }
        if skills.languages.count > 50 { errors.add("languages", "must list at most 50 languages") }
        if skills.products.count > 200 { errors.add("products", "must list at most 200 products") }
        try errors.throwIfAny()
        skills.languages.sort()
        skills.products.sort()
        skills.communicationStyles.sort { $0.rawValue < $1.rawValue }
        return skills
    }
}

/// A team's routing as sent on the teams API: `{"mode": "round_robin", "max_open_per_agent": 20}`.
/// Sent, it replaces the team's settings; a cap left out or null means no cap.
struct TeamRoutingInput: Content {
    var mode: String?
    var maxOpenPerAgent: Int?

    enum CodingKeys: String, CodingKey {
        case mode
        case maxOpenPerAgent = "max_open_per_agent"
    }

    func validated() throws -> TeamRoutingSettings {
        var errors = FieldErrors()
        let mode = errors.choice("routing.mode", mode ?? "", as: RoutingMode.self)
        if let cap = maxOpenPerAgent, !(1...10_000).contains(cap) { errors.add("routing.max_open_per_agent", "must be 1 to 10,000, or null for no cap") }
        try errors.throwIfAny()
        guard let mode else { throw APIError.validation(["routing.mode": "is required"]) }
        return TeamRoutingSettings(mode: mode, maxOpenPerAgent: maxOpenPerAgent)
    }
}

/// The answer of routing a ticket on demand.
struct RouteResponse: Content {
    var assigneeID: UUID
    var reason: String
    var ticket: TicketResponse

    enum CodingKeys: String, CodingKey {
        case reason, ticket
        case assigneeID = "assignee_id"
    }
}
