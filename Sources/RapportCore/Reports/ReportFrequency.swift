import Foundation

/// How often a scheduled report goes out; each run covers the last complete period.
public enum ReportFrequency: String, Codable, Sendable, CaseIterable {
    case daily, weekly, monthly

    /// The last period that ended by the start of `today` (UTC day numbers, `to` exclusive):
    /// yesterday, last Monday-to-Sunday week, or last calendar month.
    public func lastCompletePeriod(today: Int) -> (from: Int, to: Int) {
        switch self {
        case .daily:
            return (today - 1, today)
        case .weekly:
            let monday = MetricGranularity.week.bucket(of: today)
            return (monday - 7, monday)
        case .monthly:
            let first = MetricGranularity.month.bucket(of: today)
            return (MetricGranularity.month.bucket(of: first - 1), first)
        }
    }
}
