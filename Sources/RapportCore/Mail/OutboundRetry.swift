import Foundation

/// When a message that failed for a temporary reason is tried again: after 1, 5, 15 and 60 minutes,
/// then 3 and 6 hours; after the seventh failed attempt it is given up as failed.
public enum OutboundRetry {
    public static let delays: [TimeInterval] = [60, 300, 900, 3600, 3 * 3600, 6 * 3600]

    /// The time of the next attempt after `attempts` failed ones, or nil when it is time to give up.
    public static func nextAttempt(afterFailedAttempts attempts: Int, at now: Date) -> Date? {
        guard attempts >= 1, attempts <= delays.count else { return nil }
        return now.addingTimeInterval(delays[attempts - 1])
    }
}
