import Foundation
import RapportCore

/// The labelled messages shipped with Rapport (a copy of Tests/RapportCoreTests/Fixtures/triage/train.jsonl,
/// written by scripts/triage/make_labelled_set.py): every workspace's model starts from them.
enum ShippedTriageSet {
    static func examples() throws -> [TriageExample] {
        let root = Bundle.module.resourceURL ?? Bundle.module.bundleURL
        let file = root.appendingPathComponent("Triage").appendingPathComponent("train.jsonl")
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw TriageSetMissing(path: file.path)
        }
        return try TriageExample.decodeLines(data)
    }

    struct TriageSetMissing: Error, CustomStringConvertible {
        var path: String
        var description: String { "the shipped triage training set is missing at \(path)" }
    }
}
