import Foundation
import RapportCore

/// A change to one field: leave it, clear it, or set it.
enum FieldChange<Value: Sendable>: Sendable {
    case keep
    case clear
    case set(Value)

    func applied(to current: Value?) -> Value? {
        switch self {
        case .keep: current
        case .clear: nil
        case .set(let value): value
        }
    }
}

/// Validated changes to a customer, from the API or an import row; the one shape the store writes.
struct CustomerChanges: Sendable {
    var name: String?
    var emails: [String]?
    var phones: [String]?
    var organizationID: FieldChange<UUID> = .keep
    var buyingRole: FieldChange<BuyingRole> = .keep
    var language: FieldChange<String> = .keep
    var timeZone: FieldChange<String> = .keep
    var address: FieldChange<PostalAddress> = .keep
    var notes: FieldChange<String> = .keep
    var tags: [String]?
    /// Attributes to set; with `replaceAttributes` the whole set is replaced, otherwise merged.
    var attributes: [String: AttributeValue]?
    var replaceAttributes = true
    var consentServiceEmail: Bool?
    var consentMarketing: Bool?
    /// New values per dimension; an empty list clears the dimension.
    var profile: [ProfileDimension: [String]] = [:]
}

/// Checks and normalises the parts of a customer that the API and the importer share.
enum CustomerRules {
    static func phones(_ raw: [String], field: String = "phones", into errors: inout FieldErrors) -> [String] {
        var result: [String] = []
        for (index, phone) in raw.enumerated() {
            let trimmed = phone.trimmed
            if trimmed.isEmpty { continue }
            if trimmed.count > 40 || !trimmed.contains(where: \.isNumber) {
                errors.add(field, "item \(index + 1) ('\(trimmed.prefix(40))') is not a phone number")
            } else if !result.contains(trimmed) {
                result.append(trimmed)
            }
        }
        return result
    }

    static func tags(_ raw: [String], field: String = "tags", into errors: inout FieldErrors) -> [String] {
        var result: [String] = []
        for tag in raw {
            let normalized = tag.trimmed.lowercased()
            if normalized.isEmpty { continue }
            if normalized.count > 50 {
                errors.add(field, "'\(normalized.prefix(20))...' is longer than 50 characters")
            } else if !result.contains(normalized) {
                result.append(normalized)
            }
        }
        return result
    }

    static func language(_ raw: String, into errors: inout FieldErrors) -> String? {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: "-", omittingEmptySubsequences: false)
        let valid = !parts.isEmpty && (2...3).contains(parts[0].count) && parts[0].allSatisfy(\.isLetter)
            && parts.dropFirst().allSatisfy { (2...8).contains($0.count) && $0.allSatisfy { $0.isLetter || $0.isNumber } }
        guard valid else {
            errors.add("language", "must be a language code such as 'en', 'de' or 'pt-BR'")
            return nil
        }
        return trimmed.replacingOccurrences(of: "_", with: "-")
    }

    static func timeZone(_ raw: String, into errors: inout FieldErrors) -> String? {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        guard TimeZone(identifier: trimmed) != nil, trimmed.count <= 64 else {
            errors.add("time_zone", "must be an IANA time zone such as 'Europe/Berlin'")
            return nil
        }
        return trimmed
    }

    static func attributes(_ raw: [String: AttributeValue], field: String = "attributes", into errors: inout FieldErrors) -> [String: AttributeValue] {
        if raw.count > 100 { errors.add(field, "may hold at most 100 entries") }
        for (key, value) in raw {
            if key.isEmpty || key.count > 64 { errors.add(field, "keys must be 1 to 64 characters") }
            if case .text(let text) = value, text.count > 2000 { errors.add(field, "'\(key.prefix(64))' is longer than 2000 characters") }
        }
        return raw
    }

    /// Values for one dimension, checked against the closed set the dimension allows.
    static func profileValues(
        _ raw: [String], dimension: ProfileDimension, field: String, allowSeveral: Bool? = nil, into errors: inout FieldErrors
    ) -> [String] {
        var result: [String] = []
        for value in raw {
            let normalized = value.trimmed.lowercased().replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_")
            if normalized.isEmpty { continue }
            guard dimension.allowedValues.contains(normalized) else {
                errors.add(field, "'\(value.prefix(40))' is not one of: " + dimension.allowedValues.joined(separator: ", "))
                continue
            }
            if !result.contains(normalized) { result.append(normalized) }
        }
        if !(allowSeveral ?? dimension.allowsSeveral), result.count > 1 { errors.add(field, "takes one value") }
        return result
    }
}
