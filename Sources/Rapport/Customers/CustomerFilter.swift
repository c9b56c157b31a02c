import Foundation
import RapportCore
import Vapor

/// Which customers a list or an export shows, read from the query string.
struct CustomerFilter: Sendable {
    /// Per dimension, the values any of which a customer must have.
    var profile: [ProfileDimension: [String]] = [:]
    var tags: [String] = []
    var text: String?
    var organizationID: UUID?
    var archived: ArchivedFilter = .exclude

    enum ArchivedFilter: String, CaseIterable, Sendable {
        case exclude = "false"
        case only = "true"
        case include = "any"
    }

    /// Query parameters: `lifecycle`, `communication_style`, `shopper_type`, `relationship`, `value_tier`,
    /// `buying_role` (each comma-separated for "any of"), `tag` (comma-separated: all of), `q`, `organization_id`, `archived`.
    init(_ req: Request) throws {
        var errors = FieldErrors()
        for dimension in ProfileDimension.allCases {
            guard let raw: String = req.query[dimension.rawValue], !raw.isEmpty else { continue }
            // Several values mean "any of", also for dimensions a profile holds only one of.
            profile[dimension] = CustomerRules.profileValues(
                raw.split(separator: ",").map(String.init), dimension: dimension, field: dimension.rawValue,
                allowSeveral: true, into: &errors)
        }
        if let raw: String = req.query["tag"] {
            tags = CustomerRules.tags(raw.split(separator: ",").map(String.init), field: "tag", into: &errors)
        }
        if let raw: String = req.query["q"] {
            let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            if trimmed.count > 200 { errors.add("q", "must be at most 200 characters") }
            text = trimmed.isEmpty ? nil : trimmed
        }
        if let raw: String = req.query["organization_id"] {
            if let id = UUID(uuidString: raw) { organizationID = id } else { errors.add("organization_id", "is not an id") }
        }
        if let raw: String = req.query["archived"] {
            if let value = ArchivedFilter(rawValue: raw) { archived = value } else { errors.add("archived", "must be true, false or any") }
        }
        try errors.throwIfAny()
    }

    init() {}
}
