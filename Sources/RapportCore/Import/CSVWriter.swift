import Foundation

/// Writes CSV lines that spreadsheets and Rapport's own reader read back unchanged.
public enum CSVWriter {
    /// One CSV line ending in CRLF. Fields holding a delimiter, quote, line break, or leading or
    /// trailing space are quoted. A field a spreadsheet would run as a formula (starting with
    /// `=`, `@`, tab or CR, or with `+`/`-` followed by something that is not a number or phone
    /// number) gets a leading `'`, so an export can never carry formula injection; "+44 20 7946 0958"
    /// and "-12.5" are left alone because they are data people expect to see as typed.
    public static func line(_ fields: [String]) -> String {
        var out = ""
        for (index, field) in fields.enumerated() {
            if index > 0 { out += "," }
            out += escape(neutralise(field))
        }
        return out + "\r\n"
    }

    static func neutralise(_ field: String) -> String {
        guard let first = field.unicodeScalars.first else { return field }
        switch first {
        case "=", "@", "\t", "\r":
            return "'" + field
        case "+", "-":
            let rest = field.unicodeScalars.dropFirst()
            let plausibleNumber = !rest.isEmpty && rest.allSatisfy { " 0123456789.,()-/".unicodeScalars.contains($0) }
            return plausibleNumber ? field : "'" + field
        default:
            return field
        }
    }

    static func escape(_ field: String) -> String {
        let needsQuotes = field.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
            || field.hasPrefix(" ") || field.hasSuffix(" ")
        guard needsQuotes else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
