import Foundation

/// Where a piece of feedback came from: a survey answer, or a channel it was recorded from by hand.
public enum FeedbackSource: String, Codable, Sendable, CaseIterable {
    case survey, email, phone, review, letter
    case inPerson = "in_person"
    case social, employee, other
}

extension FeedbackKind {
    /// The scores a kind accepts: CSAT 1 to 5, NPS 0 to 10; a note has none.
    public var scores: ClosedRange<Int>? {
        switch self {
        case .csat: 1...5
        case .nps: 0...10
        case .note: nil
        }
    }

    /// Why `score` does not fit this kind, or nil when it does.
    public func problem(with score: Int?) -> String? {
        switch (scores, score) {
        case (nil, nil): nil
        case (nil, _?): "a note has no score"
        case (let range?, nil): "is required: \(range.lowerBound) to \(range.upperBound)"
        case (let range?, let value?): range.contains(value) ? nil : "must be from \(range.lowerBound) to \(range.upperBound)"
        }
    }
}
