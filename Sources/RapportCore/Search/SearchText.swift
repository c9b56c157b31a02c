import Foundation

/// What people type into a search box, reduced to words both search engines agree on, and the
/// highlighted snippets shown with results. One implementation for SQLite and PostgreSQL.
public struct SearchQuery: Sendable, Equatable {
    /// Lowercased words without diacritics; `prefix` when typed with a trailing `*`.
    public var terms: [(word: String, prefix: Bool)]

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.terms.map(\.word) == rhs.terms.map(\.word) && lhs.terms.map(\.prefix) == rhs.terms.map(\.prefix)
    }

    public init(_ text: String) {
        var terms: [(String, Bool)] = []
        var word = ""
        func finish(prefix: Bool) {
            if !word.isEmpty { terms.append((SearchQuery.fold(word), prefix)) }
            word = ""
        }
        for character in text {
            if character.isLetter || character.isNumber {
                word.append(character)
            } else {
                finish(prefix: character == "*")
            }
        }
        finish(prefix: false)
        self.terms = Array(terms.prefix(12))
    }

    public var isEmpty: Bool { terms.isEmpty }

    /// An FTS5 query: every term must match; each is quoted so nothing the user typed is syntax.
    public var fts5: String {
        terms.map { "\"\($0.word)\"" + ($0.prefix ? "*" : "") }.joined(separator: " ")
    }

    /// A PostgreSQL tsquery for `to_tsquery('simple', ...)`; the words hold only letters and digits.
    public var tsquery: String {
        terms.map { $0.word + ($0.prefix ? ":*" : "") }.joined(separator: " & ")
    }

    static func fold(_ word: String) -> String {
        word.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
    }

    /// Up to `length` characters of `text` around the first matching word, HTML-escaped, with the
    /// matching words wrapped in `<mark>`.
    public func snippet(of text: String, length: Int = 160) -> String {
        let words = Self.words(in: text)
        let matches = words.filter { word in
            let folded = Self.fold(String(text[word]))
            return terms.contains { $0.prefix ? folded.hasPrefix($0.word) : folded == $0.word }
        }
        guard let first = matches.first else { return text.prefix(length).htmlEscaped + (text.count > length ? "…" : "") }
        // Start a little before the first match, at a word boundary.
        var start = text.index(first.lowerBound, offsetBy: -min(40, text.distance(from: text.startIndex, to: first.lowerBound)))
        if start != text.startIndex, let space = text[start..<first.lowerBound].firstIndex(where: \.isWhitespace) {
            start = text.index(after: space)
        }
        let end = text.index(start, offsetBy: min(length, text.distance(from: start, to: text.endIndex)))
        var result = start == text.startIndex ? "" : "…"
        var cursor = start
        for match in matches where match.lowerBound >= start && match.upperBound <= end {
            result += text[cursor..<match.lowerBound].htmlEscaped + "<mark>" + text[match].htmlEscaped + "</mark>"
            cursor = match.upperBound
        }
        result += text[cursor..<end].htmlEscaped + (end == text.endIndex ? "" : "…")
        return result.replacingOccurrences(of: "\n", with: " ")
    }

    static func words(in text: String) -> [Range<String.Index>] {
        var ranges: [Range<String.Index>] = []
        var start: String.Index?
        var index = text.startIndex
        while index < text.endIndex {
            let isWord = text[index].isLetter || text[index].isNumber
            if isWord, start == nil { start = index }
            if !isWord, let open = start {
                ranges.append(open..<index)
                start = nil
            }
            index = text.index(after: index)
        }
        if let open = start { ranges.append(open..<text.endIndex) }
        return ranges
    }
}
