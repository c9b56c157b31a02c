import Foundation

/// A structured header like Content-Type or Content-Disposition: its value ("text/plain", "attachment")
/// and parameters, with RFC 2231 (filename*=, filename*0*=, charset'lang'%XX) and RFC 2047 inside quoted
/// values (what Outlook and Gmail really send) decoded.
struct MailHeaderParameters {
    var value: String
    var parameters: [String: String]

    subscript(_ name: String) -> String? { parameters[name] }

    static func parse(_ header: String?) -> MailHeaderParameters {
        guard let header else { return MailHeaderParameters(value: "", parameters: [:]) }
        let chars = Array(header.utf8)
        var index = 0
        while index < chars.count, chars[index] == 0x20 || chars[index] == 0x09 { index += 1 }
        let valueStart = index
        while index < chars.count, chars[index] != UInt8(ascii: ";"), chars[index] != 0x20, chars[index] != 0x09 { index += 1 }
        let value = String(decoding: chars[valueStart..<index], as: UTF8.self).lowercased()

        struct Section { var number: Int; var extended: Bool; var raw: String }
        var sections: [String: [Section]] = [:]
        var order: [String] = []
        while index < chars.count {
            while index < chars.count, chars[index] == UInt8(ascii: ";") || chars[index] == 0x20 || chars[index] == 0x09 { index += 1 }
            let nameStart = index
            while index < chars.count, chars[index] != UInt8(ascii: "="), chars[index] != UInt8(ascii: ";") { index += 1 }
            let rawName = String(decoding: chars[nameStart..<index], as: UTF8.self).trimmingASCIISpace().lowercased()
            guard index < chars.count, chars[index] == UInt8(ascii: "=") else { continue }
            index += 1
            while index < chars.count, chars[index] == 0x20 || chars[index] == 0x09 { index += 1 }
            var raw: [UInt8] = []
            if index < chars.count, chars[index] == UInt8(ascii: "\"") {
                index += 1
                while index < chars.count, chars[index] != UInt8(ascii: "\"") {
                    if chars[index] == UInt8(ascii: "\\"), index + 1 < chars.count { index += 1 }
                    raw.append(chars[index])
                    index += 1
                }
                index += 1
                // Anything after the closing quote up to ";" is noise.
                while index < chars.count, chars[index] != UInt8(ascii: ";") { index += 1 }
            } else {
                let start = index
                while index < chars.count, chars[index] != UInt8(ascii: ";") { index += 1 }
                raw = Array(String(decoding: chars[start..<index], as: UTF8.self).trimmingASCIISpace().utf8)
            }
            guard !rawName.isEmpty else { continue }
            var name = rawName
            var extended = false
            if name.hasSuffix("*") {
                extended = true
                name.removeLast()
            }
            var number = -1
            if let star = name.lastIndex(of: "*"), let section = Int(name[name.index(after: star)...]) {
                number = section
                name = String(name[..<star])
            }
            if sections[name] == nil { order.append(name) }
            sections[name, default: []].append(Section(number: number, extended: extended, raw: String(decoding: raw, as: UTF8.self)))
        }
        var parameters: [String: String] = [:]
        for name in order {
            guard let parts = sections[name] else { continue }
            // A plain value and an RFC 2231 one side by side: the RFC 2231 one is the real name.
            let continued = parts.filter { $0.number >= 0 || $0.extended }
            let chosen = continued.isEmpty ? [parts[0]] : continued.sorted { $0.number < $1.number }
            if chosen.count == 1, !chosen[0].extended {
                parameters[name] = MailEncodedWords.decode(chosen[0].raw)
                continue
            }
            var charset: String?
            var bytes: [UInt8] = []
            for (offset, part) in chosen.enumerated() {
                var raw = part.raw
                if part.extended, offset == 0 {
                    let pieces = raw.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                    if pieces.count == 3 {
                        charset = String(pieces[0])
                        raw = String(pieces[2])
                    }
                }
                bytes += part.extended ? percentDecoded(raw) : Array(raw.utf8)
            }
            let decoded = MailCharset.decode(bytes, charset: charset?.isEmpty == false ? charset : "utf-8").text
            parameters[name] = MailEncodedWords.decode(decoded)
        }
        return MailHeaderParameters(value: value, parameters: parameters)
    }

    static func percentDecoded(_ text: String) -> [UInt8] {
        let chars = Array(text.utf8)
        var output: [UInt8] = []
        var index = 0
        while index < chars.count {
            if chars[index] == UInt8(ascii: "%"), index + 2 < chars.count,
                let high = MailTransferDecoding.hexValue(chars[index + 1]), let low = MailTransferDecoding.hexValue(chars[index + 2])
            {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(chars[index])
                index += 1
            }
        }
        return output
    }
}
