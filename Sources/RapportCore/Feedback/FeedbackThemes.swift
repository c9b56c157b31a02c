import Foundation

/// The frequent terms and two-word phrases in a set of texts (survey comments, complaint messages):
/// what customers talk about. Stop words and numbers are left out; a term counts once per text, so
/// one long rant does not outweigh many short remarks.
public enum FeedbackThemes {
    /// One theme: a word or a phrase, in how many texts it appears, and which texts.
    public struct Theme: Sendable, Equatable {
        public var phrase: String
        public var count: Int
        /// Indexes into the texts given (the caller maps them to tickets or answers).
        public var texts: [Int]

        public init(phrase: String, count: Int, texts: [Int]) {
            self.phrase = phrase
            self.count = count
            self.texts = texts
        }
    }

    /// The `limit` most frequent unigrams and bigrams found in at least `minimumCount` texts, most
    /// frequent first, ties in alphabetical order. A word inside a frequent phrase is dropped when it
    /// appears nowhere else than in that phrase (it says nothing the phrase does not).
    public static func themes(in texts: [String], minimumCount: Int = 2, limit: Int = 20) -> [Theme] {
        var found: [String: [Int]] = [:]
        for (index, text) in texts.enumerated() {
            var seen = Set<String>()
            for sentence in sentences(of: text) {
                let words = terms(of: sentence)
                for (position, word) in words.enumerated() {
                    guard let word else { continue }
                    seen.insert(word)
                    if position + 1 < words.count, let next = words[position + 1] { seen.insert(word + " " + next) }
                }
            }
            for term in seen { found[term, default: []].append(index) }
        }
        var themes = found.filter { $0.value.count >= minimumCount }.map { Theme(phrase: $0.key, count: $0.value.count, texts: $0.value) }
        let phrases = themes.filter { $0.phrase.contains(" ") }
        themes.removeAll { theme in
            !theme.phrase.contains(" ") && phrases.contains { phrase in
                phrase.count == theme.count && phrase.phrase.split(separator: " ").contains(Substring(theme.phrase))
            }
        }
        themes.sort { ($1.count, $0.phrase) < ($0.count, $1.phrase) }
        return Array(themes.prefix(limit))
    }

    /// Lower-cased words of a sentence; stop words, numbers and one-letter words become nil, so that a
    /// phrase never spans them ("the box was broken" gives "box" and "broken", not "box broken").
    static func terms(of sentence: Substring) -> [String?] {
        sentence.lowercased().split { !($0.isLetter || $0 == "'") }.map { raw in
            let word = raw.trimmingCharacters(in: CharacterSet(charactersIn: "'"))
            if word.count < 2 || stopWords.contains(word) || word.hasSuffix("n't") { return nil }
            return word
        }
    }

    /// Phrases do not cross sentence or clause ends.
    static func sentences(of text: String) -> [Substring] {
        text.split { ".!?;:,\n()\"".contains($0) }
    }

    /// English function words and the words every service message has ("order", "please" say nothing about the theme).
    public static let stopWords: Set<String> = [
        "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "been", "before",
        "being", "but", "by", "can", "could", "did", "do", "does", "doing", "done", "for", "from", "get", "got", "had", "has",
        "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "i'm", "i've", "i'd", "if", "in", "into",
        "is", "it", "it's", "its", "just", "me", "more", "most", "my", "no", "not", "now", "of", "off", "on", "once", "only",
        "or", "other", "our", "ours", "out", "over", "please", "same", "she", "should", "so", "some", "still", "such",
        "than", "thank", "thanks", "that", "that's", "the", "their", "them", "then", "there", "these", "they", "this",
        "those", "through", "to", "too", "under", "until", "up", "us", "very", "was", "we", "were", "what", "when", "where",
        "which", "while", "who", "why", "will", "with", "would", "you", "your", "yours", "hello", "hi", "dear", "regards",
        "best", "yes", "ok", "okay", "one", "two", "really", "much", "many", "even", "own", "each", "few", "both",
        "because", "let", "may", "might", "must", "shall", "there's", "we're", "you're", "they're", "don", "didn",
        "doesn", "isn", "wasn", "won", "ve", "ll", "re",
    ]
}
