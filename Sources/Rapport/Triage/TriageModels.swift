import Fluent
import Foundation
import RapportCore
import Vapor

/// The triage model of each workspace: the shipped training set plus that workspace's confirmed labels
/// (which count twice, so corrections win over the shipped examples they contradict). Models are trained
/// lazily on first use and cached; a workspace's cached model is dropped when its labels change (the cache
/// key is the number of labels and the time of the newest), so the next analysis retrains. A workspace
/// without labels shares the one model trained on the shipped set.
actor TriageModels {
    private var shipped: TriageClassifier?
    private var byWorkspace: [UUID: (version: String, classifier: TriageClassifier)] = [:]

    func classifier(for workspaceID: UUID, on db: any Database) async throws -> TriageClassifier {
        let labels = try await TriageLabel.query(on: db).filter(\.$workspaceID == workspaceID)
            .sort(\.$confirmedAt).sort(\.$id).all()
        let base = try shippedClassifier()
        guard let newest = labels.last else { return base }
        let version = "\(labels.count)-\(newest.confirmedAt.timeIntervalSince1970)-\(newest.id?.uuidString ?? "")"
        if let cached = byWorkspace[workspaceID], cached.version == version { return cached.classifier }
        let shippedExamples = try ShippedTriageSet.examples()
        let examples = shippedExamples + labels.map(\.example)
        let weights = Array(repeating: 1.0, count: shippedExamples.count) + Array(repeating: 2.0, count: labels.count)
        let classifier = TriageClassifier.train(examples, weights: weights)
        byWorkspace[workspaceID] = (version, classifier)
        return classifier
    }

    private func shippedClassifier() throws -> TriageClassifier {
        if let shipped { return shipped }
        let classifier = TriageClassifier.train(try ShippedTriageSet.examples())
        shipped = classifier
        return classifier
    }
}

extension Application {
    /// The process-wide cache of triage models (workspace ids never collide, and the shipped model is
    /// the same for every application in the process).
    var triageModels: TriageModels { TriageModels.shared }
}

extension TriageModels {
    static let shared = TriageModels()
}
