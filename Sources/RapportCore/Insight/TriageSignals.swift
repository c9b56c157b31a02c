import Foundation

/// One transparent signal found in a message: its feature name, strength and the words that raised it.
public struct TriageSignal: Sendable, Equatable {
    public var name: String
    public var value: Double
    public var matched: [String]
}

/// Transparent signals read from a message: lexicons (with negation and intensifiers), punctuation,
/// capitals, length, numbers and units, time pressure, price, trust and doubt, small talk, hedging,
/// politeness and repeated contacts. Each becomes a feature of the learned model and a piece of evidence.
public enum TriageSignals {
    static let positiveWords: Set<String> = ["good", "great", "excellent", "fantastic", "brilliant", "perfect", "love",
        "happy", "wonderful", "thanks", "thank", "appreciate", "helpful", "friendly", "best", "amazing", "pleased",
        "easy", "recommend", "lovely", "glad", "awesome", "satisfied", "works"]
    static let negativeWords: Set<String> = ["bad", "broken", "terrible", "awful", "horrible", "rude", "disappointed",
        "unacceptable", "ridiculous", "worst", "angry", "faulty", "defective", "cheap", "poor", "useless", "scam",
        "robbery", "shameful", "misleading", "false", "insane", "waiting", "wrong", "cracked", "leaks", "snapped",
        "stopped", "unprofessional", "regret", "refused", "complaint", "annoyed", "fed", "meh", "noisy", "overheats",
        "dies", "cancelled", "charged", "problem", "fault", "nobody", "nothing", "rip", "discrimination", "down"]
    static let intensifiers: Set<String> = ["very", "really", "extremely", "so", "totally", "absolutely", "completely", "incredibly", "super", "honestly"]
    static let relaxed: Set<String> = ["rush", "whenever", "curious", "time"]
    static let units: Set<String> = ["cm", "mm", "m", "m2", "kg", "g", "w", "kw", "kwh", "db", "mbps", "gb", "v", "l", "percent", "hz", "x"]

    /// The signals present in `text`, each with the words that raised it.
    public static func read(_ text: String) -> [TriageSignal] {
        let words = TriageTokenizer.words(text)
        let scoped = TriageTokenizer.scopedWords(text)
        var signals: [TriageSignal] = []
        func add(_ name: String, _ value: Double, _ matched: [String]) {
            if value > 0 { signals.append(TriageSignal(name: name, value: value, matched: matched)) }
        }
        let joined = " " + words.joined(separator: " ") + " "
        func lexicon(_ name: String, _ set: Set<String>) {
            let hits = words.filter(set.contains)
            add(name, min(Double(hits.count), 3) / 3 + (hits.isEmpty ? 0 : 0.5), unique(hits))
        }
        func family(_ name: String, _ family: TriageLexicon) {
            let hits = family.hits(in: words + scoped.filter { $0.hasPrefix("not_") }, joined: joined)
            add(name, min(Double(hits.count), 3) / 3 + (hits.isEmpty ? 0 : 0.5), unique(hits))
        }

        // Sentiment lexicon: negation flips a word's polarity, a preceding intensifier doubles it.
        var positive = 0.0, negative = 0.0
        var positiveHits: [String] = [], negativeHits: [String] = []
        for (index, token) in scoped.enumerated() {
            let negated = token.hasPrefix("not_")
            let word = negated ? String(token.dropFirst(4)) : token
            let boost = index > 0 && intensifiers.contains(scoped[index - 1]) ? 2.0 : 1.0
            if positiveWords.contains(word) {
                if negated { negative += boost; negativeHits.append("not " + word) } else { positive += boost; positiveHits.append(word) }
            } else if negativeWords.contains(word) {
                if negated { positive += 0.5; positiveHits.append("not " + word) } else { negative += boost; negativeHits.append(word) }
            }
        }
        add("lexicon_positive", min(positive, 4) / 2, unique(positiveHits))
        add("lexicon_negative", min(negative, 4) / 2, unique(negativeHits))

        let exclamations = text.filter { $0 == "!" }.count
        add("exclamation", exclamations > 0 ? 1 : 0, ["!"])
        add("repeated_exclamation", text.contains("!!") ? 1 : 0, ["!!"])
        let questions = text.filter { $0 == "?" }.count
        add("question", questions > 0 ? 1 : 0, ["?"])
        add("repeated_question", text.contains("??") ? 1 : 0, ["??"])
        let capitals: [String] = text.split(whereSeparator: { (character: Character) in !character.isLetter })
            .filter { (word: Substring) in word.count >= 3 && word.allSatisfy(\.isUppercase) }
            .map { String($0) }
        add("all_caps", capitals.isEmpty ? 0 : 1, unique(capitals))
        add("long_message", words.count > 45 ? 1 : 0, ["\(words.count) words"])
        add("short_message", words.count < 12 ? 1 : 0, ["\(words.count) words"])
        let numbers = words.filter { $0.first?.isNumber == true }
        add("numbers", numbers.isEmpty ? 0 : min(Double(numbers.count), 4) / 4 + 0.5, unique(numbers))
        let unitHits = zip(words, words.dropFirst()).filter { $0.0.first?.isNumber == true && units.contains($0.1) }.map { "\($0.0) \($0.1)" }
            + words.filter { $0.first?.isNumber == true && units.contains(String($0.drop(while: { $0.isNumber }))) }
        add("units", unitHits.isEmpty ? 0 : 1, unique(unitHits))
        lexicon("no_rush", relaxed)
        for (name, words) in TriageStyleWords.families.sorted(by: { $0.key < $1.key }) {
            family(name, words)
        }
        for (name, words) in TriageSubjectWords.families.sorted(by: { $0.key < $1.key }) {
            family(name, words)
        }
        return signals
    }

    private static func unique(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }
}
