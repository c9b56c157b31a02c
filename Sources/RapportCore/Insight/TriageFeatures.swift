import Foundation

/// Turns a message into named features: words (with negation scope), word pairs, character n-grams and the
/// transparent signals.
public struct TriageFeatures: Sendable {
    /// Feature names of one message with their values, and the signals behind the `signal:` features.
    public struct Extracted: Sendable {
        public var values: [String: Double]
        public var signals: [String: TriageSignal]
    }

    static let stopWords: Set<String> = ["the", "a", "an", "and", "to", "of", "i", "my", "it", "is", "in", "for", "on",
                                         "you", "your", "me", "this", "that", "with", "at", "be", "was", "we"]

    /// Weight of the text part (words, pairs, character n-grams) after it is scaled to unit length, so long
    /// and short messages weigh alike against the signals.
    static let textScale = 3.0
    /// Character n-grams (3 to 5 letters, inside words) let unseen forms of a word ("decided", "undecided",
    /// "decision") meet the ones seen in training; they count less than whole words.
    static let characterGramWeight = 0.4
    /// Weight of a signal's strength. Chosen by cross-validation: at 2 the lexicon signals outweighed the
    /// words and the model leaned on the families' exact entries; at 1 both count and it generalises better.
    static let signalScale = 1.0

    public static func extract(_ text: String) -> Extracted {
        var values: [String: Double] = [:]
        let words = TriageTokenizer.scopedWords(text)
        for word in words where !stopWords.contains(word) && word.count > 1 {
            values["word:" + word] = 1
            values["stem:" + stem(word)] = 1
            if !word.hasPrefix("not_") && word.count >= 3 {
                for gram in characterGrams(word) { values["char:" + gram] = characterGramWeight }
            }
        }
        for (first, second) in zip(words, words.dropFirst()) {
            values["pair:\(first) \(second)"] = 1
        }
        // Summed in a fixed order: a dictionary's order changes from run to run, and so would the last digits.
        let length = values.values.sorted().reduce(0) { $0 + $1 * $1 }.squareRoot()
        if length > 0 { for key in values.keys { values[key]! *= textScale / length } }
        var signals: [String: TriageSignal] = [:]
        for signal in TriageSignals.read(text) {
            values["signal:" + signal.name] = signal.value * signalScale
            signals[signal.name] = signal
        }
        return Extracted(values: values, signals: signals)
    }

    /// The 3- to 5-letter pieces of a word, its start and end marked ("<de", "ed>").
    static func characterGrams(_ word: String) -> [String] {
        let letters = Array("<" + word + ">")
        var grams: [String] = []
        for size in 3...5 where letters.count >= size {
            for start in 0...(letters.count - size) { grams.append(String(letters[start..<start + size])) }
        }
        return grams
    }

    /// A crude suffix-stripping stem so "refunded", "refunds" and "refund" meet.
    static func stem(_ word: String) -> String {
        for suffix in ["ations", "ation", "ingly", "ing", "edly", "ed", "ies", "es", "ly", "s"] where word.count > suffix.count + 3 && word.hasSuffix(suffix) {
            return String(word.dropLast(suffix.count))
        }
        return word
    }

    /// A person-readable name for a feature, for evidence.
    public static func describe(_ feature: String, signals: [String: TriageSignal]) -> String {
        if feature.hasPrefix("signal:") {
            let name = String(feature.dropFirst(7))
            let matched = signals[name]?.matched ?? []
            let label = name.replacingOccurrences(of: "_", with: " ")
            return matched.isEmpty ? label : "\(label): \(matched.prefix(4).joined(separator: ", "))"
        }
        let text = feature.split(separator: ":", maxSplits: 1).last.map(String.init) ?? feature
        if feature.hasPrefix("stem:") { return "\"" + text + "…\"" }
        if feature.hasPrefix("char:") {
            // "<dec" is the start of a word, "ded>" its end, anything else a piece inside one.
            let start = text.hasPrefix("<"), end = text.hasSuffix(">")
            let piece = text.trimmingCharacters(in: CharacterSet(charactersIn: "<>"))
            return "\"" + (start ? "" : "…") + piece + (end ? "" : "…") + "\""
        }
        return "\"" + text.replacingOccurrences(of: "not_", with: "not ") + "\""
    }
}

/// The feature names seen in training, numbered.
public struct TriageVocabulary: Sendable {
    public private(set) var names: [String] = []
    private var index: [String: Int] = [:]

    /// Keeps every feature seen at least `minimumCount` times (signals always).
    public init(_ extracted: [TriageFeatures.Extracted], minimumCount: Int = 2) {
        var counts: [String: Int] = [:]
        for item in extracted { for name in item.values.keys { counts[name, default: 0] += 1 } }
        for (name, count) in counts.sorted(by: { $0.key < $1.key }) where count >= minimumCount || name.hasPrefix("signal:") {
            index[name] = names.count
            names.append(name)
        }
    }

    public func vector(_ extracted: TriageFeatures.Extracted) -> SparseVector {
        let pairs = extracted.values.compactMap { name, value in index[name].map { ($0, value) } }.sorted { $0.0 < $1.0 }
        return SparseVector(indices: pairs.map(\.0), values: pairs.map(\.1))
    }
}
