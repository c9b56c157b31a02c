import Foundation
import RapportCore

/// Collects validation messages per field, so one answer names every problem at once.
struct FieldErrors {
    private(set) var messages: [String: String] = [:]

    mutating func add(_ field: String, _ message: String) {
        if messages[field] == nil { messages[field] = message }
    }

    var isEmpty: Bool { messages.isEmpty }

    func throwIfAny() throws {
        if !messages.isEmpty { throw APIError.validation(messages) }
    }

    /// Trims `value` and checks it is present and not too long.
    mutating func requireText(_ field: String, _ value: String?, maxLength: Int = 200) -> String {
        let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if trimmed.isEmpty {
            add(field, "is required")
        } else if trimmed.count > maxLength {
            add(field, "must be at most \(maxLength) characters")
        }
        return trimmed
    }

    mutating func optionalText(_ field: String, _ value: String?, maxLength: Int) -> String? {
        guard let value else { return nil }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.count > maxLength { add(field, "must be at most \(maxLength) characters") }
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Parses one of a closed set of words, naming the allowed ones when it is not.
    mutating func choice<T: RawRepresentable & CaseIterable>(_ field: String, _ raw: String?, as type: T.Type) -> T?
    where T.RawValue == String {
        guard let raw else { return nil }
        if let value = T(rawValue: raw) { return value }
        add(field, "must be one of: " + T.allCases.map(\.rawValue).joined(separator: ", "))
        return nil
    }

    mutating func emails(_ field: String, _ values: [String]) -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        for (index, raw) in values.enumerated() {
            let email = EmailAddress.normalize(raw)
            guard EmailAddress.isValid(email) else {
                add(field, "item \(index + 1) ('\(raw.prefix(80))') is not an email address")
                continue
            }
            if seen.insert(email).inserted { result.append(email) }
        }
        return result
    }
}
