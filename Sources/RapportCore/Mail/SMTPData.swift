/// The DATA part of an SMTP transaction (RFC 5321 4.5.2): every line that starts with "." gets another
/// "." in front, bare LF and CR become CRLF, and the message ends with CRLF "." CRLF.
public enum SMTPData {
    public static func stuffed(_ message: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(message.count + message.count / 50 + 5)
        var atLineStart = true
        var index = 0
        while index < message.count {
            let byte = message[index]
            if byte == 0x0D || byte == 0x0A {
                out += [0x0D, 0x0A]
                // CRLF is one line end; so is a lone CR or a lone LF.
                if byte == 0x0D, index + 1 < message.count, message[index + 1] == 0x0A { index += 1 }
                atLineStart = true
            } else {
                if atLineStart && byte == 0x2E { out.append(0x2E) }
                out.append(byte)
                atLineStart = false
            }
            index += 1
        }
        if !atLineStart { out += [0x0D, 0x0A] }
        out += [0x2E, 0x0D, 0x0A]
        return out
    }
}

/// A server's answer: the three-digit code and its text lines.
public struct SMTPReply: Sendable, Equatable {
    public var code: Int
    public var lines: [String]
    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    public var text: String { lines.joined(separator: " ") }
    public var isPositive: Bool { code >= 200 && code < 400 }
    /// 4xx: try again later; 5xx: the server will never take it.
    public var isTemporaryFailure: Bool { code >= 400 && code < 500 }

    /// The AUTH mechanisms an EHLO reply lists ("AUTH PLAIN LOGIN", or the old "AUTH=LOGIN"), upper-cased.
    public var authMechanisms: [String] {
        var found: [String] = []
        for line in lines.dropFirst() {
            let upper = line.uppercased()
            guard upper.hasPrefix("AUTH ") || upper.hasPrefix("AUTH=") else { continue }
            for word in upper.dropFirst(5).split(separator: " ") where !found.contains(String(word)) { found.append(String(word)) }
        }
        return found
    }

    /// Whether an EHLO reply offers an extension ("STARTTLS", "8BITMIME").
    public func offers(_ keyword: String) -> Bool {
        lines.dropFirst().contains { $0.uppercased().split(separator: " ").first.map(String.init) == keyword.uppercased() }
    }
}

/// Reads SMTP replies out of the bytes a server sends, however the network splits them.
public struct SMTPReplyParser: Sendable {
    private var buffer: [UInt8] = []
    private var lines: [String] = []

    public init() {}

    /// Adds bytes; returns the replies they complete.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [SMTPReply] {
        buffer += bytes
        var replies: [SMTPReply] = []
        while let newline = buffer.firstIndex(of: 0x0A) {
            var line = Array(buffer[..<newline])
            buffer.removeSubrange(...newline)
            if line.last == 0x0D { line.removeLast() }
            let text = String(decoding: line, as: UTF8.self)
            let code = Int(text.prefix(3)) ?? 0
            let separator = text.dropFirst(3).first
            lines.append(String(text.dropFirst(4)))
            if separator != "-" {
                replies.append(SMTPReply(code: code, lines: lines))
                lines = []
            }
        }
        return replies
    }
}
