import Fluent
import Foundation
import RapportCore

/// A person the business serves. Emails, tags and profile values live in their own tables
/// so that they can be matched and filtered through indexes.
final class Customer: Model, @unchecked Sendable {
    static let schema = "customers"

    @ID(key: .id) var id: UUID?
    @Field(key: "workspace_id") var workspaceID: UUID
    @Field(key: "name") var name: String
    /// Lowercased name: the sort and pagination key.
    @Field(key: "sort_key") var sortKey: String
    /// Lowercased name and emails: what the text query looks in.
    @Field(key: "search_text") var searchText: String
    @OptionalField(key: "organization_id") var organizationID: UUID?
    @OptionalField(key: "buying_role") var buyingRole: BuyingRole?
    @OptionalField(key: "language") var language: String?
    @OptionalField(key: "time_zone") var timeZone: String?
    @OptionalField(key: "address") var address: PostalAddress?
    @Field(key: "phones") var phones: [String]
    @OptionalField(key: "notes") var notes: String?
    @Field(key: "attributes") var attributes: [String: AttributeValue]
    @Field(key: "consent_service_email") var consentServiceEmail: Bool
    @Field(key: "consent_marketing") var consentMarketing: Bool
    @OptionalField(key: "archived_at") var archivedAt: Date?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(id: UUID? = nil, workspaceID: UUID, name: String, at now: Date) {
        self.id = id ?? TimeOrderedID.make()
        self.workspaceID = workspaceID
        self.name = name
        self.sortKey = name.lowercased()
        self.searchText = name.lowercased()
        self.phones = []
        self.attributes = [:]
        self.consentServiceEmail = true
        self.consentMarketing = false
        self.createdAt = now
        self.updatedAt = now
    }

    func refreshDerivedText(emails: [String]) {
        sortKey = name.lowercased()
        searchText = ([name.lowercased()] + emails).joined(separator: " ")
    }
}

/// A tag on a customer or an organization (the subject id tells which row).
final class Tagging: Model, @unchecked Sendable {
    static let schema = "taggings"

    @ID(key: .id) var id: UUID?
    @Field(key: "workspace_id") var workspaceID: UUID
    @Field(key: "subject_id") var subjectID: UUID
    @Field(key: "tag") var tag: String

    init() {}

    init(workspaceID: UUID, subjectID: UUID, tag: String) {
        self.id = TimeOrderedID.make()
        self.workspaceID = workspaceID
        self.subjectID = subjectID
        self.tag = tag
    }
}

/// A postal address; every part optional because real addresses vary by country.
struct PostalAddress: Codable, Equatable, Sendable {
    var street: String?
    var city: String?
    var postalCode: String?
    var region: String?
    var country: String?

    enum CodingKeys: String, CodingKey {
        case street, city, region, country
        case postalCode = "postal_code"
    }

    var isEmpty: Bool { [street, city, postalCode, region, country].allSatisfy { $0 == nil } }
}

/// A custom attribute's value: text, a number or a yes/no.
enum AttributeValue: Codable, Equatable, Sendable {
    case text(String)
    case number(Double)
    case flag(Bool)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            self = .flag(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .text(text)
        } else {
            throw DecodingError.typeMismatch(
                String.self, .init(codingPath: decoder.codingPath, debugDescription: "an attribute is text, a number or true/false"))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .number(let number): try container.encode(number)
        case .flag(let flag): try container.encode(flag)
        }
    }

    var text: String {
        switch self {
        case .text(let text): text
        case .number(let number): number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .flag(let flag): flag ? "true" : "false"
        }
    }
}
