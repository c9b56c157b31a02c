import Foundation

/// Separates the new text of a reply from the quoted previous messages and the signature, for the
/// quoting styles of the common mail clients in English, German, French, Spanish, Dutch, Polish,
/// Portuguese and Italian. Own text is never lost: when nothing but quote is found (a bare forward)
/// the whole message is `new`; text interleaved between quote blocks stays in `new`.
public enum ReplySplitter {
    public static func split(_ text: String) -> ReplyParts {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        let lines = normalized.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let whole = trimmedBlock(lines[...])
        guard !whole.isEmpty else { return ReplyParts(new: "") }

        var newLines = lines[...]
        var quoted: String?
        if let cut = quoteStart(in: lines) {
            let head = lines[..<cut]
            guard !trimmedBlock(head).isEmpty else { return ReplyParts(new: whole) }
            newLines = head
            quoted = trimmedBlock(lines[cut...])
        }

        var signature: String?
        if let cut = signatureStart(in: newLines) {
            let head = newLines[newLines.startIndex..<cut]
            let signatureText = trimmedBlock(stripDelimiter(newLines[cut...]))
            if !trimmedBlock(head).isEmpty {
                newLines = head
                signature = signatureText.isEmpty ? nil : signatureText
            }
        }
        let new = trimmedBlock(newLines)
        return ReplyParts(new: new.isEmpty ? whole : new, quoted: quoted.flatMap { $0.isEmpty ? nil : $0 }, signature: signature)
    }

    // MARK: Quotes

    /// The first line of the quoted part, or nil when the message quotes nothing (or only interleaves).
    static func quoteStart(in lines: [String]) -> Int? {
        for index in lines.indices {
            let line = lines[index]
            if QuoteHeaders.isSeparator(line) { return backUpOverRule(from: index, in: lines) }
            if QuoteHeaders.isHeaderBlock(at: index, in: lines) { return backUpOverRule(from: index, in: lines) }
            if let span = QuoteHeaders.attributionSpan(at: index, in: lines) {
                if !isInterleaved(after: index + span, in: lines) { return index }
            }
        }
        return trailingQuoteBlock(in: lines)
    }

    /// Outlook puts a rule of underscores above its header block; it belongs to the quote.
    private static func backUpOverRule(from index: Int, in lines: [String]) -> Int {
        var previous = index - 1
        while previous >= 0, lines[previous].trimmed(.whitespaces).isEmpty { previous -= 1 }
        guard previous >= 0 else { return index }
        let rule = lines[previous].trimmed(.whitespaces)
        if rule.count >= 5, rule.allSatisfy({ $0 == "_" || $0 == "-" || $0 == "=" }) { return previous }
        return index
    }

    /// After an attribution line: does own text follow a quote block (an interleaved answer)?
    private static func isInterleaved(after index: Int, in lines: [String]) -> Bool {
        var sawQuote = false
        var position = index
        while position < lines.count {
            let line = lines[position]
            let trimmed = line.trimmed(.whitespaces)
            if isQuoted(line) {
                sawQuote = true
            } else if !trimmed.isEmpty {
                guard sawQuote else { return false }
                // Own text after the quote: interleaved, unless it is only a signature or another attribution.
                if isSignatureDelimiter(line) || MobileSignatures.matches(trimmed) { return false }
                if QuoteHeaders.attributionSpan(at: position, in: lines) != nil { return false }
                return true
            }
            position += 1
        }
        return false
    }

    /// The block of "> " lines (and blank lines) that ends the message, with its attribution line.
    private static func trailingQuoteBlock(in lines: [String]) -> Int? {
        var index = lines.count - 1
        while index >= 0, lines[index].trimmed(.whitespaces).isEmpty { index -= 1 }
        guard index >= 0, isQuoted(lines[index]) else { return nil }
        while index > 0, isQuoted(lines[index - 1]) || lines[index - 1].trimmed(.whitespaces).isEmpty {
            index -= 1
        }
        while index < lines.count, lines[index].trimmed(.whitespaces).isEmpty { index += 1 }
        // An attribution just above the quote ("On ... wrote:") belongs to it, also in its wrapped form.
        var above = index - 1
        while above >= 0, lines[above].trimmed(.whitespaces).isEmpty { above -= 1 }
        for start in [above - 1, above] where start >= 0 {
            if let span = QuoteHeaders.attributionSpan(at: start, in: lines), start + span - 1 == above { return start }
        }
        return index
    }

    static func isQuoted(_ line: String) -> Bool {
        line.drop { $0 == " " }.hasPrefix(">")
    }

    // MARK: Signatures

    private static func isSignatureDelimiter(_ line: String) -> Bool {
        line == "-- " || line == "--" || line == "—" || line == "-- \u{00A0}" || line.trimmed(.whitespaces) == "--"
    }

    /// The first line of the signature within the new text, or nil.
    static func signatureStart(in lines: ArraySlice<String>) -> Int? {
        if let delimiter = lines.firstIndex(where: isSignatureDelimiter), delimiter > lines.startIndex {
            return delimiter
        }
        // A mobile client's line near the end ("Sent from my iPhone").
        let contentLines = lines.indices.filter { !lines[$0].trimmed(.whitespaces).isEmpty }
        for index in contentLines.suffix(4) where MobileSignatures.matches(lines[index].trimmed(.whitespaces)) {
            return index
        }
        // A sign-off ("Best regards,") followed by a short name block that ends the text.
        guard contentLines.count >= 2 else { return nil }
        for (position, index) in contentLines.enumerated().reversed() {
            let remaining = contentLines.count - position - 1
            if remaining > 6 { break }
            guard remaining >= 1, SignOffs.matches(lines[index]) else { continue }
            let block = contentLines[(position + 1)...].map { lines[$0].trimmed(.whitespaces) }
            let looksLikeNameBlock = block.allSatisfy { $0.count <= 60 && !$0.hasSuffix("?") }
                && (block.first.map { $0.count <= 40 } ?? false)
            if looksLikeNameBlock { return index + 1 }
        }
        return nil
    }

    private static func stripDelimiter(_ lines: ArraySlice<String>) -> ArraySlice<String> {
        guard let first = lines.first, isSignatureDelimiter(first) else { return lines }
        return lines.dropFirst()
    }

    /// The lines joined, without blank lines around and trailing spaces on each line.
    static func trimmedBlock(_ lines: ArraySlice<String>) -> String {
        var result = lines.map { line -> String in
            var text = line
            while text.last == " " || text.last == "\t" { text.removeLast() }
            return text
        }[...]
        while let first = result.first, first.isEmpty { result = result.dropFirst() }
        while let last = result.last, last.isEmpty { result = result.dropLast() }
        return result.joined(separator: "\n")
    }
}
