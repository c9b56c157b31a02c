import Foundation
import RapportCore
import Vapor

/// A customer as the API shows it.
struct CustomerResponse: Content {
    var id: UUID
    var name: String
    var emails: [String]
    var phones: [String]
    var organizationID: UUID?
    var buyingRole: BuyingRole?
    var language: String?
    var timeZone: String?
    var address: PostalAddress?
    var notes: String?
    var tags: [String]
    var attributes: [String: AttributeValue]
    var consent: Consent
    var profile: ProfileResponse
    var archived: Bool
    var archivedAt: Date?
    var createdAt: Date
    var updatedAt: Date
    /// Order-based value figures, once the workspace's value models have been fitted.
    var value: CustomerValueResponse?

    struct Consent: Content {
        var serviceEmail: Bool
        var marketing: Bool
        enum CodingKeys: String, CodingKey {
            case serviceEmail = "service_email"
            case marketing
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, name, emails, phones, language, address, notes, tags, attributes, consent, profile, archived, value
        case organizationID = "organization_id"
        case buyingRole = "buying_role"
        case timeZone = "time_zone"
        case archivedAt = "archived_at"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    init(_ customer: Customer, details: CustomerDetails, value: CustomerValueResponse? = nil) {
        self.value = value
        id = customer.id!
        name = customer.name
        emails = details.emails
        phones = customer.phones
        organizationID = customer.organizationID
        buyingRole = customer.buyingRole
        language = customer.language
        timeZone = customer.timeZone
        address = customer.address
        notes = customer.notes
        tags = details.tags
        attributes = customer.attributes
        consent = Consent(serviceEmail: customer.consentServiceEmail, marketing: customer.consentMarketing)
        profile = ProfileResponse(details.profile, derived: details.derived)
        archived = customer.archivedAt != nil
        archivedAt = customer.archivedAt
        createdAt = customer.createdAt
        updatedAt = customer.updatedAt
    }
}

/// A profile value with its provenance: who or what set it, when, how sure, and for derived
/// values why.
struct ProfileValueResponse: Content {
    var dimension: ProfileDimension?
    var value: String
    var source: ProfileSource
    var manual: Bool
    var setByUserID: UUID?
    var setAt: Date
    var confidence: Double
    var explanation: String?

    enum CodingKeys: String, CodingKey {
        case dimension, value, source, manual, confidence, explanation
        case setByUserID = "set_by_user_id"
        case setAt = "set_at"
    }

    init(_ value: ProfileValue, withDimension: Bool = false) {
        dimension = withDimension ? value.dimension : nil
        self.value = value.value
        source = value.source
        manual = value.source.isManual
        setByUserID = value.setByUserID
        setAt = value.setAt
        confidence = value.confidence
        explanation = value.explanation
    }
}

/// The profile: one optional value per dimension, a list for communication styles.
struct ProfileResponse: Content {
    var lifecycle: ProfileValueResponse?
    var communicationStyles: [ProfileValueResponse]
    var shopperType: ProfileValueResponse?
    var relationship: ProfileValueResponse?
    var valueTier: ProfileValueResponse?
    /// Everything Rapport derived, including values an agent's setting hides.
    var derived: [ProfileValueResponse]

    enum CodingKeys: String, CodingKey {
        case lifecycle, relationship, derived
        case communicationStyles = "communication_styles"
        case shopperType = "shopper_type"
        case valueTier = "value_tier"
    }

    init(_ profile: CustomerProfile, derived: [ProfileValue] = []) {
        self.derived = derived.map { ProfileValueResponse($0, withDimension: true) }
        func single(_ dimension: ProfileDimension) -> ProfileValueResponse? {
            profile.values(of: dimension).first.map { ProfileValueResponse($0) }
        }
        lifecycle = single(.lifecycle)
        communicationStyles = profile.values(of: .communicationStyle).map { ProfileValueResponse($0) }
        shopperType = single(.shopperType)
        relationship = single(.relationship)
        valueTier = single(.valueTier)
    }

    /// The API field each dimension is written to.
    static func field(for dimension: ProfileDimension) -> String {
        dimension == .communicationStyle ? "communication_styles" : dimension.rawValue
    }
}

/// A create or update of a customer. Keys that are present but null clear the field.
struct CustomerInput: Content {
    var name: String?
    var emails: [String]?
    var phones: [String]?
    var organizationID: UUID?
    var buyingRole: String?
    var language: String?
    var timeZone: String?
    var address: PostalAddress?
    var notes: String?
    var tags: [String]?
    var attributes: [String: AttributeValue]?
    var consent: ConsentInput?
    var profile: ProfileInput?
    /// The keys the client sent, to tell "null" (clear) from "absent" (keep).
    var present: Set<String> = []

    struct ConsentInput: Content {
        var serviceEmail: Bool?
        var marketing: Bool?
        enum CodingKeys: String, CodingKey {
            case serviceEmail = "service_email"
            case marketing
        }
    }

    struct ProfileInput: Content {
        var lifecycle: String?
        var communicationStyles: [String]?
        var shopperType: String?
        var relationship: String?
        var valueTier: String?
        var present: Set<String> = []

        enum CodingKeys: String, CodingKey, CaseIterable {
            case lifecycle, relationship
            case communicationStyles = "communication_styles"
            case shopperType = "shopper_type"
            case valueTier = "value_tier"
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            lifecycle = try c.decodeIfPresent(String.self, forKey: .lifecycle)
            communicationStyles = try c.decodeIfPresent([String].self, forKey: .communicationStyles)
            shopperType = try c.decodeIfPresent(String.self, forKey: .shopperType)
            relationship = try c.decodeIfPresent(String.self, forKey: .relationship)
            valueTier = try c.decodeIfPresent(String.self, forKey: .valueTier)
            present = Set(c.allKeys.map(\.stringValue))
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeIfPresent(lifecycle, forKey: .lifecycle)
            try c.encodeIfPresent(communicationStyles, forKey: .communicationStyles)
            try c.encodeIfPresent(shopperType, forKey: .shopperType)
            try c.encodeIfPresent(relationship, forKey: .relationship)
            try c.encodeIfPresent(valueTier, forKey: .valueTier)
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, emails, phones, language, address, notes, tags, attributes, consent, profile
        case organizationID = "organization_id"
        case buyingRole = "buying_role"
        case timeZone = "time_zone"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        emails = try c.decodeIfPresent([String].self, forKey: .emails)
        phones = try c.decodeIfPresent([String].self, forKey: .phones)
        organizationID = try c.decodeIfPresent(UUID.self, forKey: .organizationID)
        buyingRole = try c.decodeIfPresent(String.self, forKey: .buyingRole)
        language = try c.decodeIfPresent(String.self, forKey: .language)
        timeZone = try c.decodeIfPresent(String.self, forKey: .timeZone)
        address = try c.decodeIfPresent(PostalAddress.self, forKey: .address)
        notes = try c.decodeIfPresent(String.self, forKey: .notes)
        tags = try c.decodeIfPresent([String].self, forKey: .tags)
        attributes = try c.decodeIfPresent([String: AttributeValue].self, forKey: .attributes)
        consent = try c.decodeIfPresent(ConsentInput.self, forKey: .consent)
        profile = try c.decodeIfPresent(ProfileInput.self, forKey: .profile)
        present = Set(c.allKeys.map(\.stringValue))
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeIfPresent(emails, forKey: .emails)
        try c.encodeIfPresent(phones, forKey: .phones)
        try c.encodeIfPresent(organizationID, forKey: .organizationID)
        try c.encodeIfPresent(buyingRole, forKey: .buyingRole)
        try c.encodeIfPresent(language, forKey: .language)
        try c.encodeIfPresent(timeZone, forKey: .timeZone)
        try c.encodeIfPresent(address, forKey: .address)
        try c.encodeIfPresent(notes, forKey: .notes)
        try c.encodeIfPresent(tags, forKey: .tags)
        try c.encodeIfPresent(attributes, forKey: .attributes)
        try c.encodeIfPresent(consent, forKey: .consent)
        try c.encodeIfPresent(profile, forKey: .profile)
    }

    /// Validates the input into changes; on create the name is required.
    func changes(creating: Bool) throws -> CustomerChanges {
        var errors = FieldErrors()
        var changes = CustomerChanges()
        if creating || present.contains("name") { changes.name = errors.requireText("name", name) }
        if let emails { changes.emails = errors.emails("emails", emails) } else if present.contains("emails") { changes.emails = [] }
        if let phones { changes.phones = CustomerRules.phones(phones, into: &errors) } else if present.contains("phones") { changes.phones = [] }
        changes.organizationID = change("organization_id", organizationID)
        if let buyingRole {
            changes.buyingRole = errors.choice("buying_role", buyingRole, as: BuyingRole.self).map { .set($0) } ?? .keep
        } else if present.contains("buying_role") {
            changes.buyingRole = .clear
        }
        if let language {
            changes.language = language.isEmpty ? .clear : CustomerRules.language(language, into: &errors).map { .set($0) } ?? .keep
        } else if present.contains("language") { changes.language = .clear }
        if let timeZone {
            changes.timeZone = timeZone.isEmpty ? .clear : CustomerRules.timeZone(timeZone, into: &errors).map { .set($0) } ?? .keep
        } else if present.contains("time_zone") { changes.timeZone = .clear }
        changes.address = address.map { $0.isEmpty ? .clear : .set($0) } ?? change("address", nil as PostalAddress?)
        if let notes {
            if notes.count > 20_000 { errors.add("notes", "must be at most 20000 characters") }
            changes.notes = notes.isEmpty ? .clear : .set(notes)
        } else if present.contains("notes") { changes.notes = .clear }
        if let tags { changes.tags = CustomerRules.tags(tags, into: &errors) } else if present.contains("tags") { changes.tags = [] }
        if let attributes { changes.attributes = CustomerRules.attributes(attributes, into: &errors) } else if present.contains("attributes") { changes.attributes = [:] }
        changes.consentServiceEmail = consent?.serviceEmail
        changes.consentMarketing = consent?.marketing
        if let profile {
            let single: [(ProfileDimension, String?)] = [
                (.lifecycle, profile.lifecycle), (.shopperType, profile.shopperType),
                (.relationship, profile.relationship), (.valueTier, profile.valueTier),
            ]
            for (dimension, value) in single where value != nil || profile.present.contains(dimension.rawValue) {
                changes.profile[dimension] = CustomerRules.profileValues(
                    value.map { [$0] } ?? [], dimension: dimension, field: "profile.\(dimension.rawValue)", into: &errors)
            }
            if let styles = profile.communicationStyles {
                changes.profile[.communicationStyle] = CustomerRules.profileValues(
                    styles, dimension: .communicationStyle, field: "profile.communication_styles", into: &errors)
            } else if profile.present.contains("communication_styles") {
                changes.profile[.communicationStyle] = []
            }
        }
        try errors.throwIfAny()
        return changes
    }

    private func change<T>(_ key: String, _ value: T?) -> FieldChange<T> {
        if let value { return .set(value) }
        return present.contains(key) ? .clear : .keep
    }
}

/// What a customer row needs from the side tables to be shown.
struct CustomerDetails: Sendable {
    var emails: [String] = []
    var tags: [String] = []
    var profile = CustomerProfile()
    /// Derived profile values, shown or hidden under a manual setting.
    var derived: [ProfileValue] = []
}
