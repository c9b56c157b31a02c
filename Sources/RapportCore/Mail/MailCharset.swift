import Foundation

/// Turns bytes in a declared charset into a String, falling back when the label is wrong or unknown:
/// declared UTF-8 that is not UTF-8 is read as Windows-1252; an unknown label is tried as UTF-8, then Windows-1252.
enum MailCharset {
    /// The decoded text and, when the label could not be trusted, a note of how it was read.
    static func decode<C: Collection>(_ bytes: C, charset declared: String?) -> (text: String, repair: String?)
    where C.Element == UInt8 {
        let label = normalise(declared)
        if isASCII(bytes) { return (String(decoding: bytes, as: UTF8.self), nil) }
        switch label {
        case "", "us-ascii", "ascii", "ansi_x3.4-1968", "us", "iso646-us", "utf-8", "utf8", "unicode-1-1-utf-8", "x-unknown", "unknown-8bit":
            if let text = String(validating: bytes, as: UTF8.self) {
                return (text, label == "utf-8" || label == "utf8" ? nil : label.isEmpty ? nil : "charset \(label) held UTF-8")
            }
            let what = label.isEmpty ? "no charset" : "charset \(label)"
            return (windows1252(bytes), "\(what) but not UTF-8: read as Windows-1252")
        case "iso-8859-1", "latin1", "iso8859-1", "iso_8859-1", "l1", "windows-1252", "cp1252", "x-cp1252":
            // Mislabelled UTF-8 is far more common than Latin-1 that happens to be valid UTF-8.
            if hasMultibyteUTF8(bytes), let text = String(validating: bytes, as: UTF8.self) {
                return (text, "charset \(label) held UTF-8")
            }
            return (windows1252(bytes), nil)
        default:
            if let encoding = foundationEncoding(label),
                let text = String(data: Data(bytes), encoding: encoding)
            {
                return (text, nil)
            }
            if let text = String(validating: bytes, as: UTF8.self) {
                return (text, "charset \(label) unknown or invalid: read as UTF-8")
            }
            return (windows1252(bytes), "charset \(label) unknown or invalid: read as Windows-1252")
        }
    }

    static func normalise(_ label: String?) -> String {
        guard let label else { return "" }
        var value = label.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\"'"))).lowercased()
        if let star = value.firstIndex(of: "*") { value = String(value[..<star]) }  // RFC 2231 language suffix
        return value
    }

    /// Whether Foundation here can decode this label.
    static func isKnown(_ label: String) -> Bool {
        let value = normalise(label)
        return ["utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin1", "windows-1252", "cp1252"].contains(value)
            || foundationEncoding(value) != nil
    }

    private static func cf(_ value: UInt) -> String.Encoding { String.Encoding(rawValue: 0x8000_0000 | value) }

    /// Labels to Foundation encodings; the CoreFoundation-only ones (checked on Linux) by their raw values.
    static func foundationEncoding(_ label: String) -> String.Encoding? {
        switch label {
        case "iso-8859-2", "latin2", "iso8859-2", "iso_8859-2", "l2": .isoLatin2
        case "iso-8859-15", "latin9", "iso8859-15", "iso_8859-15", "latin-9": cf(0x020F)
        case "iso-8859-9", "latin5", "iso8859-9": cf(0x0209)
        case "iso-8859-5", "iso8859-5": cf(0x0205)
        case "iso-8859-7", "iso8859-7": cf(0x0207)
        case "iso-8859-3": cf(0x0203)
        case "iso-8859-4": cf(0x0204)
        case "iso-8859-6": cf(0x0206)
        case "iso-8859-8", "iso-8859-8-i": cf(0x0208)
        case "iso-8859-10": cf(0x020A)
        case "iso-8859-13": cf(0x020D)
        case "iso-8859-14": cf(0x020E)
        case "iso-8859-16": cf(0x0210)
        case "windows-1250", "cp1250", "x-cp1250": .windowsCP1250
        case "windows-1251", "cp1251", "x-cp1251": .windowsCP1251
        case "windows-1253", "cp1253": .windowsCP1253
        case "windows-1254", "cp1254": .windowsCP1254
        case "windows-1255", "cp1255": cf(0x0505)
        case "windows-1256", "cp1256": cf(0x0506)
        case "windows-1257", "cp1257": cf(0x0507)
        case "windows-1258", "cp1258": cf(0x0508)
        case "koi8-r", "koi8r": cf(0x0A02)
        case "koi8-u", "koi8u": cf(0x0A08)
        case "iso-2022-jp", "csiso2022jp": .iso2022JP
        case "shift_jis", "shift-jis", "sjis", "x-sjis", "cp932", "windows-31j", "ms_kanji": .shiftJIS
        case "euc-jp", "eucjp", "x-euc-jp": .japaneseEUC
        case "gb2312", "gbk", "gb18030", "cp936", "x-gbk", "euc-cn", "hz-gb-2312", "chinese": cf(0x0632)
        case "big5", "big5-hkscs", "x-big5", "cp950": cf(0x0A03)
        case "euc-kr", "ks_c_5601-1987", "cp949", "ks_c_5601", "korean": cf(0x0940)
        case "utf-16": .utf16
        case "utf-16le": .utf16LittleEndian
        case "utf-16be": .utf16BigEndian
        case "macintosh", "mac", "x-mac-roman": .macOSRoman
        default: nil
        }
    }

    static func isASCII<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        bytes.allSatisfy { $0 < 0x80 && $0 != 0x1B }
    }

    private static func hasMultibyteUTF8<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        bytes.contains { $0 >= 0xC2 && $0 <= 0xF4 }
    }

    private static let cp1252High: [UInt16] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    /// Windows-1252 (a superset of ISO-8859-1 as mail uses it); never fails.
    static func windows1252<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            let value: UInt16 = byte >= 0x80 && byte < 0xA0 ? cp1252High[Int(byte - 0x80)] : UInt16(byte)
            scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
        }
        return String(scalars)
    }
}
