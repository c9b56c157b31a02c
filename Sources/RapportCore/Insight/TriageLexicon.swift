import Foundation

/// A word family used as one transparent signal. An entry is a word ("refund"), a word start ending in
/// `*` ("discriminat*" also finds "discriminated") or a phrase of several words ("by the way"); words are
/// written as the tokenizer leaves them (lower case, apostrophes dropped: "cant").
public struct TriageLexicon: Sendable {
    let words: Set<String>
    let prefixes: [[UInt8]]
    let phrases: [String]
    /// Each phrase as its words, so it is matched against the message's words rather than by substring search
    /// (the lexicons run on every message and every sentence, and training reads them all at startup).
    let phraseWords: [[String]]

    public init(_ entries: [String]) {
        var words = Set<String>(), prefixes: [[UInt8]] = [], phrases: [String] = []
        // The tokenizer splits at hyphens, so "tune-up" is looked for as the phrase "tune up".
        for entry in entries.map({ $0.replacingOccurrences(of: "-", with: " ") }) {
            if entry.contains(" ") { phrases.append(entry) }
            else if entry.hasSuffix("*") { prefixes.append(Array(entry.dropLast().utf8)) }
            else { words.insert(entry) }
        }
        self.words = words
        self.prefixes = prefixes
        self.phrases = phrases
        phraseWords = phrases.map { $0.split(separator: " ").map(String.init) }
    }

    /// The entries found in `words` (a message's words in reading order), in reading order for single
    /// words, then phrases found in `joined` (the message's words joined by single spaces, with a space at
    /// either end).
    public func hits(in words: [String], joined: String) -> [String] {
        var found = words.filter { word in
            self.words.contains(word) || prefixes.contains { word.utf8.starts(with: $0) }
        }
        guard !phrases.isEmpty else { return found }
        let sequence = joined.split(separator: " ").map(String.init)
        for (phrase, parts) in zip(phrases, phraseWords) where Self.contains(sequence, parts) {
            found.append(phrase)
        }
        return found
    }

    private static func contains(_ sequence: [String], _ parts: [String]) -> Bool {
        guard let first = parts.first, sequence.count >= parts.count else { return false }
        for start in 0...(sequence.count - parts.count) where sequence[start] == first {
            if zip(sequence[start...], parts).allSatisfy({ $0 == $1 }) { return true }
        }
        return false
    }
}
