/// Writes CSV lines that spreadsheets and `CSVReader` read back unchanged, and that a
/// spreadsheet never runs as a formula.
public enum CSVWriter {
    private static let quote = UInt8(ascii: "\"")
    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")
    private static let space = UInt8(ascii: " ")

    /// One CSV line ending in CR LF. A field is quoted when it holds the delimiter, a quote or a
    /// line break, or starts or ends with a space (which some readers trim); quotes are doubled.
    /// Fields a spreadsheet would run as a formula get a leading `'` (see `neutralised(_:)`).
    public static func line(_ fields: [String], delimiter: UInt8 = UInt8(ascii: ",")) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(fields.reduce(2) { $0 + $1.utf8.count + 3 })
        for (index, field) in fields.enumerated() {
            if index > 0 { out.append(delimiter) }
            append(neutralised(field), delimiter: delimiter, to: &out)
        }
        out.append(cr)
        out.append(lf)
        return String(decoding: out, as: UTF8.self)
    }

    /// The field with a leading `'` when a spreadsheet would otherwise treat it as a formula
    /// (CSV formula injection). Fields starting with `=`, `@`, tab or CR are always prefixed.
    /// Fields starting with `+` or `-` are left alone when the rest is a plausible number or phone
    /// number, that is at least one digit and otherwise only spaces, `.`, `,`, `-`, `(` and `)`:
    /// "-12.5", "+44 20 7946 0958" and "+1 (555) 010-0199" are data people expect to see as
    /// typed, and with no letters, `|` or `!` such a cell can at worst be arithmetic, never a
    /// function call or a DDE link. Anything else after `+` or `-` ("-2+3", "+cmd|' /C calc'!A0")
    /// is prefixed.
    /// Undoes `neutralised`, so that a file Rapport exported imports back exactly as it was.
    /// A leading `'` is dropped only where `neutralised` would have added it.
    public static func restored(_ field: String) -> String {
        guard field.hasPrefix("'") else { return field }
        let rest = String(field.dropFirst())
        return neutralised(rest) == field ? rest : field
    }

    public static func neutralised(_ field: String) -> String {
        guard let first = field.utf8.first else { return field }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "@"), UInt8(ascii: "\t"), cr:
            return "'" + field
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            return isPlausibleNumber(field.utf8.dropFirst()) ? field : "'" + field
        default:
            return field
        }
    }

    private static func isPlausibleNumber(_ bytes: Substring.UTF8View) -> Bool {
        var sawDigit = false
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
            case space, UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: "-"), UInt8(ascii: "("), UInt8(ascii: ")"): continue
            default: return false
            }
        }
        return sawDigit
    }

    private static func append(_ field: String, delimiter: UInt8, to out: inout [UInt8]) {
        let bytes = field.utf8
        let needsQuotes =
            bytes.first == space || bytes.last == space
            || bytes.contains { $0 == delimiter || $0 == quote || $0 == cr || $0 == lf }
        guard needsQuotes else {
            out.append(contentsOf: bytes)
            return
        }
        out.append(quote)
        for byte in bytes {
            if byte == quote { out.append(quote) }
            out.append(byte)
        }
        out.append(quote)
    }
}
