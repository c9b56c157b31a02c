import Foundation

/// The rules inbound mail follows between parsing and storing: which address it was sent to, what
/// its ticket message says, when a sender is writing too often. Pure; the pipeline does the I/O.
public enum InboundRules {
    /// Where the message was delivered, best evidence first: the mail server's envelope recipient,
    /// then Delivered-To / X-Original-To, then To and Cc. Lower-cased, without repeats.
    public static func recipients(envelope: String?, deliveredTo: [String], to: [MailAddress], cc: [MailAddress]) -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        for raw in [envelope].compactMap({ $0 }) + deliveredTo + to.map(\.address) + cc.map(\.address) {
            let address = raw.trimmingCharacters(in: CharacterSet(charactersIn: " <>\t")).lowercased()
            guard address.contains("@"), seen.insert(address).inserted else { continue }
            result.append(address)
        }
        return result
    }

    /// How many messages one sender may send to one workspace within `rateWindow` before further
    /// ones are quarantined: a loop between two robots sends hundreds.
    public static let rateLimit = 20
    public static let rateWindow: TimeInterval = 10 * 60

    public static func overRateLimit(earlierInWindow: Int) -> Bool { earlierInWindow >= rateLimit }

    /// A ticket number from the subject or a plus address is easy to guess, so it only joins a
    /// ticket when the sender is that ticket's requester; a Message-ID reference is not guessable
    /// and always joins.
    public static func mayJoinByNumber(senderIsRequester: Bool) -> Bool { senderIsRequester }

    /// The longest body a ticket message takes; the whole text stays in the raw message.
    public static let maxBodyCharacters = 100_000

    /// What the conversation shows (the new text) and what it keeps a click away (quote, signature).
    public static func content(text: String?, html: String?) -> ReplyParts {
        var plain = text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if plain.isEmpty, let html { plain = HTMLText.text(fromHTML: html).trimmingCharacters(in: .whitespacesAndNewlines) }
        guard !plain.isEmpty else { return ReplyParts(new: "") }
        var parts = ReplySplitter.split(plain)
        parts.new = parts.new.trimmingCharacters(in: .whitespacesAndNewlines)
        // A reply that is only a quote (forwarded without comment) shows the quote rather than nothing.
        if parts.new.isEmpty { parts.new = plain }
        if parts.new.count > maxBodyCharacters { parts.new = String(parts.new.prefix(maxBodyCharacters)) }
        return parts
    }

    /// The stored word for a kind of mail.
    public static func kindWord(_ kind: MailKind) -> String {
        switch kind {
        case .normal: "normal"
        case .autoReply: "auto_reply"
        case .bulk: "bulk"
        case .bounce: "bounce"
        }
    }

    /// A display name for a customer created from a sender: the name in From, else the address's local part.
    public static func customerName(_ from: MailAddress) -> String {
        let name = from.name?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if !name.isEmpty { return String(name.prefix(200)) }
        return String(from.address.split(separator: "@").first ?? Substring(from.address))
    }
}
