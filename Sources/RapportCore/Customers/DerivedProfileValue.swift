import Foundation

/// A profile value Rapport concluded from what it knows, with where it came from, how sure it is
/// and why, in words an agent can check.
public struct DerivedProfileValue: Sendable, Equatable {
    public var dimension: ProfileDimension
    public var value: String
    public var source: ProfileSource
    /// 0...1.
    public var confidence: Double
    public var explanation: String

    public init(dimension: ProfileDimension, value: String, source: ProfileSource, confidence: Double, explanation: String) {
        self.dimension = dimension
        self.value = value
        self.source = source
        self.confidence = confidence
        self.explanation = explanation
    }
}

extension ProfileSource {
    /// The dimensions each derived source concludes about; a refresh from one source replaces exactly these.
    public var derivedDimensions: [ProfileDimension] {
        switch self {
        case .messages, .behaviour: [.communicationStyle]
        case .orders: [.lifecycle, .valueTier, .shopperType]
        case .agent, .system, .import: []
        }
    }
}
