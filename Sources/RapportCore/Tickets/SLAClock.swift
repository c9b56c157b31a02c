import Foundation

/// The targets of an SLA policy, in business minutes; a missing target is not measured.
public struct SLATargets: Codable, Sendable, Equatable {
    public var firstResponseMinutes: Int?
    public var nextResponseMinutes: Int?
    public var resolutionMinutes: Int?

    enum CodingKeys: String, CodingKey {
        case firstResponseMinutes = "first_response_minutes"
        case nextResponseMinutes = "next_response_minutes"
        case resolutionMinutes = "resolution_minutes"
    }

    public init(firstResponseMinutes: Int? = nil, nextResponseMinutes: Int? = nil, resolutionMinutes: Int? = nil) {
        self.firstResponseMinutes = firstResponseMinutes
        self.nextResponseMinutes = nextResponseMinutes
        self.resolutionMinutes = resolutionMinutes
    }

    func minutes(_ metric: SLAMetric) -> Int? {
        switch metric {
        case .firstResponse: firstResponseMinutes
        case .nextResponse: nextResponseMinutes
        case .resolution: resolutionMinutes
        }
    }
}

public enum SLAMetric: String, Codable, Sendable, CaseIterable {
    case firstResponse = "first_response"
    case nextResponse = "next_response"
    case resolution
}

/// Where a measure stands. `met` and `missed` are final: achieved in time, or late.
public enum SLAState: String, Codable, Sendable, CaseIterable {
    case running
    case atRisk = "at_risk"
    case breached, paused, met, missed
}

/// Whether a status lets the clocks run.
public enum SLAStatusKind: String, Codable, Sendable {
    case active, paused, stopped
}

/// One measured target of one ticket.
public struct SLAMeasure: Codable, Sendable, Equatable {
    public var metric: SLAMetric
    public var targetSeconds: Int
    public var usedSeconds: Int
    /// When the target is (or was) reached if the clock keeps running; nil when paused or achieved.
    public var dueAt: Date?
    public var state: SLAState

    enum CodingKeys: String, CodingKey {
        case metric, state
        case targetSeconds = "target_seconds"
        case usedSeconds = "used_seconds"
        case dueAt = "due_at"
    }
}

/// What happened to a ticket that the clocks care about, in time order.
public struct SLATimeline: Sendable, Equatable {
    public enum Entry: Sendable, Equatable {
        case status(Date, SLAStatusKind)
        case customerMessage(Date)
        /// A public reply by an agent; internal notes do not answer the customer.
        case agentReply(Date)

        var at: Date {
            switch self {
            case .status(let at, _), .customerMessage(let at), .agentReply(let at): at
            }
        }
    }

    public var createdAt: Date
    public var entries: [Entry]

    public init(createdAt: Date, entries: [Entry]) {
        self.createdAt = createdAt
        self.entries = entries
    }
}

/// Evaluates a ticket's service-level clocks.
///
/// - Clocks run only in business hours and while the ticket is active (new or open); pending,
///   on hold, solved and closed stop them, and reopening resumes them where they were.
/// - First response: from creation to the first agent reply.
/// - Next response: from the first customer message after an agent reply to the next agent
///   reply; when nothing is waiting, the last completed one is shown.
/// - Resolution: from creation to solved; time while solved does not count if it reopens.
/// - A running measure is at risk once no more than `atRiskFraction` of its target is left.
public enum SLAClock {
    public static func evaluate(
        _ targets: SLATargets, calendar: BusinessCalendar, timeline: SLATimeline, at now: Date, atRiskFraction: Double = 0.25
    ) -> [SLAMeasure] {
        spans(targets, timeline: timeline, at: now).map { span in
            measure(span, calendar: calendar, timeline: timeline, at: now, atRiskFraction: atRiskFraction)
        }
    }

    /// The next instant after `now` at which time alone changes a state (running to at risk, at
    /// risk to breached), so a scheduler knows when to look again; nil if none will.
    public static func nextChange(
        _ targets: SLATargets, calendar: BusinessCalendar, timeline: SLATimeline, at now: Date, atRiskFraction: Double = 0.25
    ) -> Date? {
        var moments: [Date] = []
        for span in spans(targets, timeline: timeline, at: now) where span.end == nil && currentKind(timeline, at: now) == .active {
            let target = Double(span.targetSeconds)
            for threshold in [target * (1 - atRiskFraction), target] {
                let moment = activeDate(adding: threshold, from: span.start, calendar: calendar, timeline: timeline, at: now)
                if moment > now, moment != .distantFuture { moments.append(moment) }
            }
        }
        return moments.min()
    }

    /// A measured stretch: the metric, its start, and its end when achieved.
    private struct Span {
        var metric: SLAMetric
        var targetSeconds: Int
        var start: Date
        var end: Date?
    }

    private static func spans(_ targets: SLATargets, timeline: SLATimeline, at now: Date) -> [Span] {
        let entries = timeline.entries.filter { $0.at <= now }
        var spans: [Span] = []
        let replies = entries.compactMap { if case .agentReply(let at) = $0 { at } else { nil } }
        if let minutes = targets.firstResponseMinutes {
            spans.append(Span(metric: .firstResponse, targetSeconds: minutes * 60, start: timeline.createdAt, end: replies.first))
        }
        if let minutes = targets.nextResponseMinutes, let firstReply = replies.first {
            var waitingSince: Date?
            var last: Span?
            for entry in entries where entry.at > firstReply {
                switch entry {
                case .customerMessage(let at) where waitingSince == nil: waitingSince = at
                case .agentReply(let at):
                    if let since = waitingSince { last = Span(metric: .nextResponse, targetSeconds: minutes * 60, start: since, end: at) }
                    waitingSince = nil
                default: break
                }
            }
            if let since = waitingSince {
                spans.append(Span(metric: .nextResponse, targetSeconds: minutes * 60, start: since, end: nil))
            } else if let last {
                spans.append(last)
            }
        }
        if let minutes = targets.resolutionMinutes {
            let stopped = currentKind(timeline, at: now) == .stopped
            let stoppedAt = entries.last { if case .status(_, .stopped) = $0 { true } else { false } }?.at
            spans.append(Span(metric: .resolution, targetSeconds: minutes * 60, start: timeline.createdAt, end: stopped ? stoppedAt : nil))
        }
        return spans
    }

    private static func measure(_ span: Span, calendar: BusinessCalendar, timeline: SLATimeline, at now: Date, atRiskFraction: Double) -> SLAMeasure {
        let used = activeSeconds(from: span.start, to: span.end ?? now, calendar: calendar, timeline: timeline)
        let target = Double(span.targetSeconds)
        var measure = SLAMeasure(metric: span.metric, targetSeconds: span.targetSeconds, usedSeconds: Int(used.rounded()), dueAt: nil, state: .running)
        if span.end != nil {
            measure.state = used > target ? .missed : .met
            return measure
        }
        if currentKind(timeline, at: now) != .active {
            measure.state = used >= target ? .breached : .paused
            return measure
        }
        measure.dueAt = activeDate(adding: target, from: span.start, calendar: calendar, timeline: timeline, at: now)
        if used >= target {
            measure.state = .breached
        } else if target - used <= target * atRiskFraction {
            measure.state = .atRisk
        }
        return measure
    }

    static func currentKind(_ timeline: SLATimeline, at now: Date) -> SLAStatusKind {
        var kind = SLAStatusKind.active
        for case .status(let at, let next) in timeline.entries where at <= now { kind = next }
        return kind
    }

    /// The stretches during which the ticket was active, up to `now`; the last one is open-ended
    /// (`end == nil`) when the ticket is active now.
    private static func activeStretches(_ timeline: SLATimeline, at now: Date) -> [(start: Date, end: Date?)] {
        var stretches: [(Date, Date?)] = []
        var openSince: Date? = timeline.createdAt
        for case .status(let at, let kind) in timeline.entries where at <= now {
            if kind == .active {
                if openSince == nil { openSince = at }
            } else if let since = openSince {
                stretches.append((since, at))
                openSince = nil
            }
        }
        if let since = openSince { stretches.append((since, nil)) }
        return stretches
    }

    /// Business seconds between two instants while the ticket was active.
    static func activeSeconds(from start: Date, to end: Date, calendar: BusinessCalendar, timeline: SLATimeline) -> TimeInterval {
        activeStretches(timeline, at: end).reduce(0) { total, stretch in
            let from = max(stretch.start, start)
            let to = min(stretch.end ?? end, end)
            return total + calendar.businessSeconds(from: from, to: to)
        }
    }

    /// When `seconds` of active business time since `start` are (or were) used up, assuming the
    /// ticket stays as it is now.
    static func activeDate(adding seconds: TimeInterval, from start: Date, calendar: BusinessCalendar, timeline: SLATimeline, at now: Date) -> Date {
        var remaining = seconds
        for stretch in activeStretches(timeline, at: now) {
            let from = max(stretch.start, start)
            guard let end = stretch.end else { return calendar.date(addingBusinessSeconds: remaining, to: from) }
            guard end > from else { continue }
            let available = calendar.businessSeconds(from: from, to: end)
            if remaining <= available { return calendar.date(addingBusinessSeconds: remaining, to: from) }
            remaining -= available
        }
        return .distantFuture
    }
}
