import Foundation

/// Reads a raw RFC 5322 message into a `MailMessage`. Throws only when nothing usable is there (empty input,
/// no header block at all); everything else malformed is repaired and noted in `repairs`.
public enum MailParser {
    /// Headers every real message has at least one of; text without any is not a message.
    private static let knownHeaders: Set<String> = [
        "from", "to", "cc", "subject", "date", "message-id", "received", "return-path", "mime-version", "content-type",
        "delivered-to", "x-original-to", "envelope-to", "reply-to", "sender", "in-reply-to", "references",
    ]

    public static func parse(_ raw: [UInt8]) throws -> MailMessage {
        var start = 0
        while start < raw.count, raw[start] == 0x20 || raw[start] == 0x09 || raw[start] == 0x0D || raw[start] == 0x0A { start += 1 }
        guard start < raw.count else { throw MailParseError.empty }
        var message = MailMessage()
        // An mbox "From " separator line before the headers.
        if raw.count - start > 5, raw[start..<(start + 5)].elementsEqual("From ".utf8) {
            while start < raw.count, raw[start] != 0x0A { start += 1 }
            start = min(raw.count, start + 1)
            message.repairs.append("mbox From_ line before the headers: skipped")
        }
        var lineEnd = start
        while lineEnd < raw.count, raw[lineEnd] != 0x0A { lineEnd += 1 }
        guard MailHeaderBlock.fieldColon(raw, start, lineEnd) != nil else { throw MailParseError.noHeaders }
        let block = MailHeaderBlock.parse(raw, from: start, to: raw.count)
        guard block.fields.contains(where: { knownHeaders.contains($0.name.lowercased()) }) else { throw MailParseError.noHeaders }
        message.repairs += block.repairs

        message.headers = block.fields.map { ($0.name, MailEncodedWords.decode($0.value)) }
        message.subject = MailEncodedWords.decode(block.first("Subject") ?? "").trimmingASCIISpace()
        message.from = MailAddressList.parse(block.first("From")).first ?? MailAddressList.parse(block.first("Sender")).first
        message.replyTo = MailAddressList.parse(block.all("Reply-To").joined(separator: ", "))
        message.to = MailAddressList.parse(block.all("To").joined(separator: ", "))
        message.cc = MailAddressList.parse(block.all("Cc").joined(separator: ", "))
        var delivered: [String] = []
        for name in ["Delivered-To", "X-Original-To", "Envelope-To"] {
            for value in block.all(name) {
                for address in MailAddressList.parse(value) where !delivered.contains(address.address.lowercased()) {
                    delivered.append(address.address.lowercased())
                }
            }
        }
        message.deliveredTo = delivered
        message.messageID = MailMessageIDs.parse(block.first("Message-ID")).first
        message.inReplyTo = MailMessageIDs.parse(block.first("In-Reply-To"))
        message.references = MailMessageIDs.parse(block.all("References").joined(separator: " "))
        if let rawDate = block.first("Date") {
            message.date = MailDate.parse(rawDate)
            if message.date == nil { message.repairs.append("unreadable Date header: \(rawDate.prefix(60))") }
        }
        for name in ["From", "Subject", "Message-ID"] where block.all(name).count > 1 {
            message.repairs.append("duplicate \(name) header: the first is used")
        }

        var walker = MailPartWalker(raw: raw)
        walker.walk(headers: block, bodyStart: block.bodyStart, bodyEnd: raw.count, depth: 0, inAlternative: false)
        message.text = walker.text
        message.html = walker.html
        message.attachments = walker.attachments
        message.repairs += walker.repairs
        return message
    }
}
