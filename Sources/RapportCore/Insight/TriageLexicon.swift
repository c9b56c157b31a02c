import Foundation

/// A word family used as one transparent signal. An entry is a word ("refund"), a word start ending in
/// `*` ("discriminat*" also finds "discriminated") or a phrase of several words ("by the way"); words are
/// written as the tokenizer leaves them (lower case, apostrophes dropped: "cant").
public struct TriageLexicon: Sendable {
    let words: Set<String>
    let prefixes: [String]
    let phrases: [String]

    public init(_ entries: [String]) {
        var words = Set<String>(), prefixes: [String] = [], phrases: [String] = []
        for entry in entries {
            if entry.contains(" ") { phrases.append(entry) }
            else if entry.hasSuffix("*") { prefixes.append(String(entry.dropLast())) }
            else { words.insert(entry) }
        }
        self.words = words
        self.prefixes = prefixes
        self.phrases = phrases
    }

    /// The entries found in `words` (a message's words in reading order), in reading order for single
    /// words, then phrases.
    public func hits(in words: [String], joined: String) -> [String] {
        var found = words.filter { word in self.words.contains(word) || prefixes.contains { word.hasPrefix($0) } }
        found += phrases.filter { joined.contains(" " + $0 + " ") }
        return found
    }
}
