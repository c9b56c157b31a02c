import Foundation

/// Splits a message into lower-cased words, marking words in the scope of a negation ("not_good").
public enum TriageTokenizer {
    static let negations: Set<String> = ["not", "no", "never", "nothing", "nobody", "none", "cannot", "cant",
                                         "dont", "doesnt", "didnt", "isnt", "wasnt", "wont", "hasnt", "havent", "arent", "without"]

    /// Words in reading order, apostrophes dropped ("don't" → "dont").
    public static func words(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for scalar in text.lowercased().unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) {
                current.unicodeScalars.append(scalar)
            } else if scalar == "'" || scalar == "’" {
                continue
            } else if !current.isEmpty {
                result.append(current)
                current = ""
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// Words with negation scope: after a negation word, the following words up to the end of the
    /// clause (punctuation) or three words carry a `not_` prefix.
    public static func scopedWords(_ text: String) -> [String] {
        var result: [String] = []
        for clause in text.lowercased().split(whereSeparator: { ".,;:!?\n".contains($0) }) {
            var scope = 0
            for word in words(String(clause)) {
                if negations.contains(word) {
                    result.append(word)
                    scope = 3
                } else if scope > 0 {
                    result.append("not_" + word)
                    scope -= 1
                } else {
                    result.append(word)
                }
            }
        }
        return result
    }
}
