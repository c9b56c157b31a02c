import Foundation

/// The encodings outgoing mail needs: RFC 2047 encoded words, quoted-printable, base64 lines,
/// RFC 2231 parameters and header folding. Every line they produce ends in CRLF and stays within 76 characters.
public enum ComposeEncoding {
    /// A header line, folded before 76 characters at spaces when it is long ("Name: value").
    public static func header(_ name: String, _ value: String) -> String {
        fold(words: value.split(separator: " ", omittingEmptySubsequences: false).map(String.init), first: "\(name):")
    }

    /// Joins `words` with spaces after `first`, starting a continuation line (CRLF, space) where the next word would pass 76.
    static func fold(words: [String], first: String) -> String {
        var out = ""
        var line = first
        for word in words {
            if line.count + 1 + word.count > 76, line.count > first.count {
                out += line + "\r\n"
                line = " " + word
            } else {
                line += " " + word
            }
        }
        return out + line + "\r\n"
    }

    /// Text as it may stand in a header: ASCII as is, anything else as UTF-8 "B" encoded words of at
    /// most 75 characters, split between characters, never inside one.
    public static func encodedWords(_ text: String) -> [String] {
        if text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 32 && $0.value != 127 }) {
            return text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        }
        // 39 bytes are 52 characters of base64, 64 with "=?UTF-8?B?" and "?=": a word fits after "Reply-To: " within 76.
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 39, !chunk.isEmpty {
                words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=")
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?" + Data(chunk).base64EncodedString() + "?=") }
        return words
    }

    /// A mailbox for From, To, Cc and Reply-To: `"Name, Inc." <a@b>`, `=?UTF-8?B?...?= <a@b>` or `a@b`.
    public static func mailbox(_ address: ComposedMail.Address) -> [String] {
        guard let name = address.name?.trimmingCharacters(in: .whitespacesAndNewlines), !name.isEmpty else { return [address.address] }
        let bracketed = "<\(address.address)>"
        if name.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 32 && $0.value != 127 }) {
            let specials = CharacterSet(charactersIn: "()<>[]:;@\\,.\"")
            if name.unicodeScalars.contains(where: specials.contains) {
                let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                return ["\"\(escaped)\"", bracketed]
            }
            return name.split(separator: " ").map(String.init) + [bracketed]
        }
        return encodedWords(name) + [bracketed]
    }

    /// A list of mailboxes as one folded header.
    public static func addressHeader(_ name: String, _ addresses: [ComposedMail.Address]) -> String {
        var words: [String] = []
        for (index, address) in addresses.enumerated() {
            var parts = mailbox(address)
            if index < addresses.count - 1 { parts[parts.count - 1] += "," }
            words += parts
        }
        return fold(words: words, first: "\(name):")
    }

    /// UTF-8 text as quoted-printable with CRLF line ends (RFC 2045): lines of at most 76, soft
    /// breaks ("=" at the end) inside long lines, spaces before a line end encoded.
    public static func quotedPrintable(_ text: String) -> String {
        let lines = normalizedLines(text)
        var out = ""
        for line in lines {
            let bytes = Array(line.utf8)
            var current = ""
            for (index, byte) in bytes.enumerated() {
                let isLast = index == bytes.count - 1
                let token: String
                if (byte == 0x20 || byte == 0x09) && isLast {
                    token = String(format: "=%02X", byte)
                } else if (byte >= 33 && byte <= 126 && byte != 0x3D) || byte == 0x20 || byte == 0x09 {
                    token = String(UnicodeScalar(byte))
                } else {
                    token = String(format: "=%02X", byte)
                }
                // Leave room for the soft break's "=" unless this is the line's last token.
                if current.count + token.count > (isLast ? 76 : 75) {
                    out += current + "=\r\n"
                    current = ""
                }
                current += token
            }
            out += current + "\r\n"
        }
        return out
    }

    /// Bytes as base64 in lines of 76 with CRLF.
    public static func base64Lines(_ data: [UInt8]) -> String {
        let encoded = Data(data).base64EncodedString()
        var out = ""
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let end = encoded.index(index, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            out += encoded[index..<end] + "\r\n"
            index = end
        }
        return out
    }

    /// A `name="value"` parameter, or RFC 2231 `name*=UTF-8''...` (split into `name*0*`, `name*1*`, ...
    /// when long) for non-ASCII or long values. Returns the pieces, each to stand on its own folded line.
    public static func parameter(_ name: String, _ value: String) -> [String] {
        let plain = value.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 32 && $0.value != 127 && $0 != "\"" && $0 != "\\" }
        if plain && value.count <= 60 { return ["\(name)=\"\(value)\""] }
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        var pieces: [String] = []
        var current = ""
        for character in value {
            var encoded = ""
            for byte in String(character).utf8 {
                let scalar = UnicodeScalar(byte)
                encoded += byte < 128 && unreserved.contains(scalar) ? String(scalar) : String(format: "%%%02X", byte)
            }
            if current.count + encoded.count > 54, !current.isEmpty {
                pieces.append(current)
                current = ""
            }
            current += encoded
        }
        pieces.append(current)
        if pieces.count == 1 { return ["\(name)*=UTF-8''\(pieces[0])"] }
        return pieces.enumerated().map { index, piece in
            index == 0 ? "\(name)*0*=UTF-8''\(piece)" : "\(name)*\(index)*=\(piece)"
        }
    }

    /// The lines of a text, whatever its line ends were.
    static func normalizedLines(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// "Tue, 01 Dec 2026 09:08:51 +0000".
    public static func date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
