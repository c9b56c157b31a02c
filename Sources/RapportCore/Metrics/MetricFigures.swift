import Foundation

/// The metrics Rapport reports, in the API's words.
public enum MetricName: String, Codable, Sendable, CaseIterable {
    case contactVolume = "contact_volume"
    case firstResponseTime = "first_response_time"
    case firstResponseTimeBusiness = "first_response_time_business"
    case nextResponseTime = "next_response_time"
    case nextResponseTimeBusiness = "next_response_time_business"
    case resolutionTime = "resolution_time"
    case resolutionTimeBusiness = "resolution_time_business"
    case ticketsSolved = "tickets_solved"
    case oneTouchRate = "one_touch_rate"
    case reopenRate = "reopen_rate"
    case backlog
    case backlogAge = "backlog_age"
    case slaCompliance = "sla_compliance"
    case csat
    case nps
}

/// Turns summed counters into figures. Times are mean seconds; rates and CSAT are percentages;
/// NPS is % promoters minus % detractors. A figure with nothing to measure is nil.
public enum MetricFigures {
    /// - `period`: counters summed over the period; `backlogBefore`: summed over every day before it
    ///   (so backlog at the period's end is `before + period` net of solves and reopens);
    ///   `backlogAt`: the instant the backlog's age is taken (the period's end, or now if earlier).
    public static func value(
        _ metric: MetricName, period: MetricCounters, backlogBefore: MetricCounters, backlogAt: Date
    ) -> Double? {
        func mean(_ sum: MetricCounters.Column, _ count: MetricCounters.Column) -> Double? {
            period[count] > 0 ? (Double(period[sum]) / Double(period[count])).rounded() : nil
        }
        func percent(_ part: Int64, _ whole: Int64) -> Double? {
            whole > 0 ? (Double(part) * 1000 / Double(whole)).rounded() / 10 : nil
        }
        // Only the backlog needs the days before the period; the sum is not made for other metrics.
        var backlog: Int64 {
            backlogBefore[.created] + period[.created] - backlogBefore[.solves] - period[.solves] + backlogBefore[.reopens] + period[.reopens]
        }
        switch metric {
        case .contactVolume: return Double(period[.created])
        case .firstResponseTime: return mean(.firstResponseSeconds, .firstResponses)
        case .firstResponseTimeBusiness: return mean(.firstResponseBusinessSeconds, .firstResponses)
        case .nextResponseTime: return mean(.nextResponseSeconds, .nextResponses)
        case .nextResponseTimeBusiness: return mean(.nextResponseBusinessSeconds, .nextResponses)
        case .resolutionTime: return mean(.resolutionSeconds, .resolved)
        case .resolutionTimeBusiness: return mean(.resolutionBusinessSeconds, .resolved)
        case .ticketsSolved: return Double(period[.resolved])
        case .oneTouchRate: return percent(period[.oneTouch], period[.resolved])
        case .reopenRate: return percent(period[.resolvedReopened], period[.resolved])
        case .backlog: return Double(backlog)
        case .backlogAge:
            let backlog = backlog
            guard backlog > 0 else { return nil }
            let meanCreated = Double(backlogBefore[.backlogCreatedSum] + period[.backlogCreatedSum]) / Double(backlog)
            return max(0, backlogAt.timeIntervalSince1970 - meanCreated).rounded()
        case .slaCompliance: return percent(period[.slaMet], period[.slaMeasured])
        case .csat: return percent(period[.csatSatisfied], period[.csatAnswers])
        case .nps:
            guard period[.npsAnswers] > 0 else { return nil }
            let promoters = Double(period[.npsPromoters]) * 100 / Double(period[.npsAnswers])
            let detractors = Double(period[.npsDetractors]) * 100 / Double(period[.npsAnswers])
            return ((promoters - detractors) * 10).rounded() / 10
        }
    }

    /// How many tickets a figure rests on, to show beside it.
    public static func basis(_ metric: MetricName, period: MetricCounters) -> Int64 {
        switch metric {
        case .contactVolume: period[.created]
        case .firstResponseTime, .firstResponseTimeBusiness: period[.firstResponses]
        case .nextResponseTime, .nextResponseTimeBusiness: period[.nextResponses]
        case .resolutionTime, .resolutionTimeBusiness, .ticketsSolved, .oneTouchRate, .reopenRate: period[.resolved]
        case .backlog, .backlogAge: period[.created] - period[.solves] + period[.reopens]
        case .slaCompliance: period[.slaMeasured]
        case .csat: period[.csatAnswers]
        case .nps: period[.npsAnswers]
        }
    }
}

/// Day, week (Monday to Sunday) or month buckets of UTC days.
public enum MetricGranularity: String, Codable, Sendable, CaseIterable {
    case day, week, month

    /// The first day of the bucket that holds `day`.
    public func bucket(of day: Int) -> Int {
        switch self {
        case .day: return day
        case .week:
            // 1970-01-01 was a Thursday: Monday-based weeks start 3 days earlier.
            let shifted = day + 3
            return shifted - ((shifted % 7) + 7) % 7 - 3
        case .month:
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let date = MetricDay.start(day)
            let parts = calendar.dateComponents([.year, .month], from: date)
            return MetricDay.of(calendar.date(from: parts) ?? date)
        }
    }
}
