import Foundation

/// Rules for the email addresses Rapport stores and matches customers on.
public enum EmailAddress {
    /// Addresses are matched case-insensitively, so they are stored trimmed and lowercased.
    public static func normalize(_ raw: String) -> String {
        var text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        // "Jane Doe <jane@example.com>" is how mail clients and spreadsheets often hold an address.
        if let open = text.lastIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close {
            text = String(text[text.index(after: open)..<close])
        }
        if text.lowercased().hasPrefix("mailto:") { text = String(text.dropFirst(7)) }
        return text.lowercased()
    }

    /// A pragmatic check: one @, a non-empty local part, a dotted domain, no spaces.
    public static func isValid(_ email: String) -> Bool {
        guard email.count <= 254, !email.contains(where: { $0 == " " || $0 == "," || $0 == ";" }) else { return false }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64 else { return false }
        let domain = parts[1]
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }
    }
}
