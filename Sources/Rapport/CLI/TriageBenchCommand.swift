import ArgumentParser
import Foundation
import RapportCore

extension BenchCommand {
    /// `rapport bench triage`: trains the triage classifier on the training part of the labelled set and
    /// prints precision, recall and F1 per style, macro-F1 and accuracies on the held-out part; with `--folds`
    /// it cross-validates on the training part instead and never reads the held-out part.
    struct TriageBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "triage", abstract: "Train the triage classifier and report its figures on the held-out messages.")

        @ArgumentParser.Option(help: "Training messages (JSON Lines); the shipped set by default.") var train: String?
        @ArgumentParser.Option(help: "Held-out messages (JSON Lines).") var heldout = "Tests/RapportCoreTests/Fixtures/triage/heldout.jsonl"
        @ArgumentParser.Option(help: "Cross-validate on the training messages with this many folds instead (for tuning; the held-out part is not read).")
        var folds: Int?

        func run() async throws {
            let training = try train.map { try TriageExample.decodeLines(Data(contentsOf: URL(fileURLWithPath: $0))) }
                ?? ShippedTriageSet.examples()
            if let folds {
                guard folds >= 2 else { throw CommandError("--folds must be at least 2") }
                say(TriageEvaluation.crossValidate(training, folds: folds).report)
                return
            }
            guard let heldoutData = FileManager.default.contents(atPath: heldout) else { throw CommandError("cannot read \(heldout)") }
            let heldOut = try TriageExample.decodeLines(heldoutData)
            let start = ContinuousClock.now
            let classifier = TriageClassifier.train(training)
            let trainingTime = (ContinuousClock.now - start).seconds
            say("Trained on \(training.count) messages in \(String(format: "%.2f", trainingTime)) s")
            say(TriageEvaluation.evaluate(classifier, on: heldOut).report)
        }
    }
}
