import Foundation

/// Address headers (From, To, Cc, Reply-To) read the way real mail writes them: quoted names with commas,
/// comments, groups, encoded names, missing angle brackets, unquoted "Last, First <a@b>".
enum MailAddressList {
    static func parse(_ raw: String?) -> [MailAddress] {
        guard let raw, !raw.isEmpty else { return [] }
        var result: [MailAddress] = []
        var display = ""       // phrase text outside <>
        var angle: String?     // inside <>
        var comment = ""
        var carried = ""       // a phrase with no address, e.g. "Doe" of "Doe, John <j@x>"
        var inQuote = false
        var inAngle = false
        var commentDepth = 0
        func finish() {
            let phrase = display.trimmingASCIISpace()
            defer {
                display = ""
                angle = nil
                comment = ""
            }
            if let address = angle?.trimmingASCIISpace() {
                var name = phrase.isEmpty ? comment.trimmingASCIISpace() : phrase
                if !carried.isEmpty {
                    name = carried + ", " + name
                    carried = ""
                }
                append(name: name, address: address)
                return
            }
            // No angle brackets: the word with "@" is the address, the rest (or a comment) the name.
            let words = phrase.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if let at = words.lastIndex(where: { $0.contains("@") }) {
                var rest = words
                rest.remove(at: at)
                let name = rest.isEmpty ? comment.trimmingASCIISpace() : rest.joined(separator: " ")
                append(name: name, address: String(words[at]))
                carried = ""
            } else if !phrase.isEmpty {
                carried = carried.isEmpty ? phrase : carried + ", " + phrase
            }
        }
        func append(name: String, address: String) {
            var address = address
            if address.hasPrefix("mailto:") { address.removeFirst(7) }
            address = address.trimmingCharacters(in: ["'", "\"", " "])
            guard address.contains("@") || !address.isEmpty && result.isEmpty && !address.contains(" ") else { return }
            guard address.contains("@") else { return }
            let decoded = MailEncodedWords.decode(name).trimmingASCIISpace()
            let cleaned = decoded.trimmingCharacters(in: ["'", "\"", " "])
            result.append(MailAddress(name: cleaned.isEmpty || cleaned == address ? nil : cleaned, address: address))
        }
        var iterator = raw.makeIterator()
        var escaped = false
        while let char = iterator.next() {
            if escaped {
                if commentDepth > 0 { comment.append(char) } else { display.append(char) }
                escaped = false
                continue
            }
            if commentDepth > 0 {
                if char == "\\" { escaped = true } else if char == "(" { commentDepth += 1; comment.append(char) }
                else if char == ")" { commentDepth -= 1; if commentDepth > 0 { comment.append(char) } }
                else { comment.append(char) }
                continue
            }
            if inQuote {
                if char == "\\" { escaped = true } else if char == "\"" { inQuote = false } else { display.append(char) }
                continue
            }
            if inAngle {
                if char == ">" { inAngle = false } else if char != " " { angle?.append(char) }
                continue
            }
            switch char {
            case "\"": inQuote = true
            case "(": commentDepth = 1
            case "<":
                inAngle = true
                angle = ""
            case ",": finish()
            case ";": finish(); carried = ""
            case ":":
                if angle == nil, !display.contains("@") {
                    display = ""  // a group name
                    carried = ""
                } else {
                    display.append(char)
                }
            default:
                if angle != nil, !char.isWhitespace {
                    // Text after <...>: unusual; keep it with the name.
                    display.append(char)
                } else {
                    display.append(char)
                }
            }
        }
        finish()
        return result
    }
}
