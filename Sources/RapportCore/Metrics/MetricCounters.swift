import Foundation

/// The sums a day of tickets adds up to; every metric is a ratio or a difference of these.
/// Stored per workspace, team scope, dimension value and day (`metric_daily`), so any period is a sum.
public struct MetricCounters: Sendable, Equatable, Codable {
    /// The column names, in the order of `values`.
    public static let columns = [
        "created", "solves", "reopens", "resolved", "one_touch", "resolved_reopened", "sla_measured", "sla_met",
        "first_responses", "first_response_seconds", "first_response_business_seconds",
        "next_responses", "next_response_seconds", "next_response_business_seconds",
        "resolution_seconds", "resolution_business_seconds", "backlog_created_sum",
        "csat_answers", "csat_satisfied", "nps_answers", "nps_promoters", "nps_detractors",
    ]

    public var values: [Int64]

    public init() { values = Array(repeating: 0, count: Self.columns.count) }

    public init(values: [Int64]) {
        precondition(values.count == Self.columns.count)
        self.values = values
    }

    public subscript(_ column: Column) -> Int64 {
        get { values[column.rawValue] }
        set { values[column.rawValue] = newValue }
    }

    public var isZero: Bool { values.allSatisfy { $0 == 0 } }

    public static func + (lhs: Self, rhs: Self) -> Self {
        var sum = lhs
        sum += rhs
        return sum
    }

    public static func - (lhs: Self, rhs: Self) -> Self {
        var difference = lhs
        for index in difference.values.indices { difference.values[index] -= rhs.values[index] }
        return difference
    }

    public static func += (lhs: inout Self, rhs: Self) {
        for index in lhs.values.indices { lhs.values[index] += rhs.values[index] }
    }

    /// Positions in `values`, named.
    public enum Column: Int, Sendable {
        case created, solves, reopens, resolved, oneTouch, resolvedReopened, slaMeasured, slaMet
        case firstResponses, firstResponseSeconds, firstResponseBusinessSeconds
        case nextResponses, nextResponseSeconds, nextResponseBusinessSeconds
        case resolutionSeconds, resolutionBusinessSeconds
        /// Sum of the creation times (Unix seconds) of the tickets that entered the backlog, minus those that left it: with the backlog count, its mean age.
        case backlogCreatedSum
        /// Survey answers: CSAT 1 to 5 (satisfied: 4 or 5), NPS 0 to 10 (promoters 9 and 10, detractors 0 to 6).
        case csatAnswers, csatSatisfied, npsAnswers, npsPromoters, npsDetractors
    }

    public mutating func add(csat score: Int) {
        self[.csatAnswers] += 1
        if score >= 4 { self[.csatSatisfied] += 1 }
    }

    public mutating func add(nps score: Int) {
        self[.npsAnswers] += 1
        if score >= 9 { self[.npsPromoters] += 1 } else if score <= 6 { self[.npsDetractors] += 1 }
    }
}

/// A UTC calendar day, counted from 1970-01-01.
public enum MetricDay {
    public static func of(_ date: Date) -> Int { Int((date.timeIntervalSince1970 / 86_400).rounded(.down)) }
    public static func start(_ day: Int) -> Date { Date(timeIntervalSince1970: Double(day) * 86_400) }
}

/// What a piece of feedback is: a CSAT score (1 to 5), an NPS score (0 to 10), or a remark without a score.
public enum FeedbackKind: String, Codable, Sendable, CaseIterable {
    case csat, nps, note
}
