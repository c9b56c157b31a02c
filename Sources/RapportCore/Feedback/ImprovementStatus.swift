import Foundation

/// Where an improvement action stands.
public enum ImprovementStatus: String, Codable, Sendable, CaseIterable {
    case planned
    case inProgress = "in_progress"
    case done
    case dropped
}
