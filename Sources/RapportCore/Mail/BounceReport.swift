import Foundation

/// What a delivery status notification says about the message that bounced: read from the
/// message/delivery-status part (RFC 3464), the returned message or its headers, or failing those
/// from the human-readable text.
struct BounceReport: Equatable {
    var originalMessageID: String?
    var recipient: String?

    static func read(attachments: [(mediaType: String, data: [UInt8])], text: String?) -> BounceReport {
        var report = BounceReport()
        var returnedTo: String?
        for part in attachments {
            let type = part.mediaType.lowercased().split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            switch type {
            case "message/delivery-status", "message/global-delivery-status":
                if report.recipient == nil { report.recipient = failedRecipient(inStatus: HeaderReader.string(part.data)) }
            case "message/rfc822", "text/rfc822-headers", "message/global", "message/global-headers", "message/rfc822-headers":
                let blocks = HeaderReader.blocks(HeaderReader.string(part.data), limit: 1)
                if let headers = blocks.first {
                    if report.originalMessageID == nil, let id = HeaderReader.value("message-id", in: headers) {
                        report.originalMessageID = messageID(in: id)
                    }
                    if returnedTo == nil, let to = HeaderReader.value("to", in: headers) { returnedTo = firstAddress(in: to) }
                }
            default:
                break
            }
        }
        if let text {
            if report.recipient == nil { report.recipient = failedRecipient(inText: text) }
            if report.originalMessageID == nil { report.originalMessageID = messageIDLine(in: text) }
        }
        if report.recipient == nil { report.recipient = returnedTo }
        return report
    }

    /// Final-Recipient / Original-Recipient of the first failed recipient block ("rfc822; ann@shop.example").
    static func failedRecipient(inStatus status: String) -> String? {
        let blocks = HeaderReader.blocks(status, limit: 50)
        var fallback: String?
        for block in blocks.dropFirst().isEmpty ? blocks[...] : blocks.dropFirst() {
            let original = HeaderReader.value("original-recipient", in: block).flatMap(typedAddress)
            let final = HeaderReader.value("final-recipient", in: block).flatMap(typedAddress)
            guard let address = original ?? final else { continue }
            let action = HeaderReader.value("action", in: block)?.trimmingCharacters(in: .whitespaces).lowercased()
            if action == nil || action == "failed" { return address }
            if fallback == nil { fallback = address }
        }
        return fallback
    }

    /// "rfc822; <ann@shop.example>" → "ann@shop.example".
    static func typedAddress(_ value: String) -> String? {
        let address = value.split(separator: ";", maxSplits: 1).last.map(String.init) ?? value
        return firstAddress(in: address)
    }

    /// The first thing shaped like an address in `text`, lower-cased, without <> or mailto:.
    static func firstAddress(in text: String) -> String? {
        let separators = CharacterSet(charactersIn: " \t\r\n<>()[]\"',;:")
        for word in text.components(separatedBy: separators) {
            var candidate = word.trimmingCharacters(in: CharacterSet(charactersIn: "."))
            if candidate.lowercased().hasPrefix("mailto") { candidate.removeFirst(6) }
            guard let at = candidate.firstIndex(of: "@"), at != candidate.startIndex,
                candidate[candidate.index(after: at)...].contains("."), candidate.count <= 254
            else { continue }
            return candidate.lowercased()
        }
        return nil
    }

    /// "<abc@host>" → "abc@host".
    static func messageID(in value: String) -> String? {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if let open = trimmed.firstIndex(of: "<"), let close = trimmed[open...].firstIndex(of: ">") {
            let id = trimmed[trimmed.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
            return id.isEmpty ? nil : id
        }
        let bare = trimmed.split(whereSeparator: { $0.isWhitespace }).first.map(String.init)
        return bare.flatMap { $0.contains("@") ? $0 : nil }
    }

    /// A "Message-ID: <...>" line quoted in the report's text.
    static func messageIDLine(in text: String) -> String? {
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" || $0 == ">" }
            guard trimmed.lowercased().hasPrefix("message-id:") else { continue }
            if let id = messageID(in: String(trimmed.dropFirst("message-id:".count))) { return id }
        }
        return nil
    }

    /// The failed address as the common servers phrase it in the text.
    static func failedRecipient(inText text: String) -> String? {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        for line in lines {
            let lowered = line.lowercased()
            if lowered.hasPrefix("final-recipient:") || lowered.hasPrefix("original-recipient:") {
                if let address = typedAddress(String(line.drop { $0 != ":" }.dropFirst())) { return address }
            }
        }
        // Postfix and qmail: "<ann@shop.example>: host ... said: 550 ..."
        for line in lines where line.hasPrefix("<") {
            if let close = line.firstIndex(of: ">"), line[close...].hasPrefix(">:") || line[close...].hasPrefix(">  ") || line[close...].hasPrefix("> ") {
                if let address = firstAddress(in: String(line[...close])) { return address }
            }
        }
        // Gmail, Exchange and others in prose.
        let phrases = [
            "wasn't delivered to ", "was not delivered to ", "couldn't be delivered to ", "could not be delivered to ",
            "your message to ", "delivery to the following recipient failed permanently:",
            "delivery to the following recipients failed", "the following address(es) failed:",
            "could not be delivered to one or more recipients", "failed recipient", "unzustellbar an ",
        ]
        let lowered = text.lowercased()
        for phrase in phrases {
            guard let range = lowered.range(of: phrase) else { continue }
            let offset = lowered.distance(from: lowered.startIndex, to: range.upperBound)
            let after = text.dropFirst(offset).prefix(300)
            if let address = firstAddress(in: String(after)) { return address }
        }
        return nil
    }
}

/// A minimal reader for header blocks inside report parts ("Name: value" lines, folded continuation
/// lines, blocks separated by blank lines).
enum HeaderReader {
    static func string(_ data: [UInt8]) -> String {
        String(decoding: data, as: UTF8.self)
    }

    static func blocks(_ text: String, limit: Int) -> [[(name: String, value: String)]] {
        var blocks: [[(name: String, value: String)]] = []
        var current: [(name: String, value: String)] = []
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
        for rawLine in normalized.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(rawLine)
            if line.trimmingCharacters(in: .whitespaces).isEmpty {
                if !current.isEmpty {
                    blocks.append(current)
                    current = []
                    if blocks.count >= limit { return blocks }
                }
                continue
            }
            if let first = line.first, first == " " || first == "\t", !current.isEmpty {
                current[current.count - 1].value += " " + line.trimmingCharacters(in: .whitespaces)
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            current.append((name, value))
        }
        if !current.isEmpty { blocks.append(current) }
        return blocks
    }

    static func value(_ name: String, in block: [(name: String, value: String)]) -> String? {
        block.first { $0.name == name }?.value
    }
}
