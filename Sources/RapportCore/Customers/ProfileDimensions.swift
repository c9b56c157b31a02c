/// Where a customer is in their relationship with the business over time.
public enum Lifecycle: String, Codable, CaseIterable, Sendable {
    case potential, new, `repeat`, loyal
    case atRisk = "at_risk"
    case lost
}

/// How a customer tends to communicate; a customer can show several styles at once.
public enum CommunicationStyle: String, Codable, CaseIterable, Sendable {
    case decisionMaker = "decision_maker"
    case analytical, indecisive
    case bargainHunter = "bargain_hunter"
    case highMaintenance = "high_maintenance"
    case loyalist, impatient, skeptic, chatty, demanding, confused
}

/// How a customer approaches buying.
public enum ShopperType: String, Codable, CaseIterable, Sendable {
    case wellInformed = "well_informed"
    case showroomer
    case bargainHunter = "bargain_hunter"
    case confused
    case impulseBuyer = "impulse_buyer"
    case missionDriven = "mission_driven"
    case discount, loyal
}

/// The customer's attachment to the business relative to what they spend.
public enum Relationship: String, Codable, CaseIterable, Sendable {
    case loyal
    case loyalOnBudget = "loyal_on_budget"
    case lowBudget = "low_budget"
    case practical, wandering
}

/// How much the customer is worth to the business.
public enum ValueTier: String, Codable, CaseIterable, Sendable {
    case high, medium, low
}

/// The part a contact plays in an organization's buying decisions.
public enum BuyingRole: String, Codable, CaseIterable, Sendable {
    case decisionMaker = "decision_maker"
    case inquirer, expert, user
}

/// One independent axis of a customer's profile. Buying role is not part of the
/// stored profile (it belongs to the contact's place in an organization) but it
/// brings in playbook guidance just like a profile value.
public enum ProfileDimension: String, Codable, CaseIterable, Sendable {
    case lifecycle
    case communicationStyle = "communication_style"
    case shopperType = "shopper_type"
    case relationship
    case valueTier = "value_tier"
    case buyingRole = "buying_role"

    /// The words this dimension accepts, in the API's spelling.
    public var allowedValues: [String] {
        switch self {
        case .lifecycle: Lifecycle.allCases.map(\.rawValue)
        case .communicationStyle: CommunicationStyle.allCases.map(\.rawValue)
        case .shopperType: ShopperType.allCases.map(\.rawValue)
        case .relationship: Relationship.allCases.map(\.rawValue)
        case .valueTier: ValueTier.allCases.map(\.rawValue)
        case .buyingRole: BuyingRole.allCases.map(\.rawValue)
        }
    }

    /// Whether a customer can hold several values of this dimension at once.
    public var allowsSeveral: Bool { self == .communicationStyle }

    /// The dimensions stored in a customer's profile.
    public static let profileDimensions: [ProfileDimension] = [
        .lifecycle, .communicationStyle, .shopperType, .relationship, .valueTier,
    ]
}
