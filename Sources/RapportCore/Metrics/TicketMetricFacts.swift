import Foundation

/// The breakdowns a metric can be split by.
public enum MetricDimension: String, Codable, Sendable, CaseIterable {
    case agent, team, channel, kind, category, topic, product
    case communicationStyle = "communication_style"
    case lifecycle
    case valueTier = "value_tier"
}

/// What the metrics need to know about one ticket: its history, read from its messages and events.
public struct TicketMetricInput: Sendable {
    /// A message, as the metrics see it.
    public struct Message: Sendable {
        public var at: Date
        public var author: MessageAuthorKind
        public var visibility: MessageVisibility
        public init(at: Date, author: MessageAuthorKind, visibility: MessageVisibility) {
            self.at = at
            self.author = author
            self.visibility = visibility
        }
    }

    /// A status change from the event log, in time order.
    public struct StatusChange: Sendable {
        public var at: Date
        public var from: TicketStatus?
        public var to: TicketStatus
        public init(at: Date, from: TicketStatus?, to: TicketStatus) {
            self.at = at
            self.from = from
            self.to = to
        }
    }

    /// A survey answer or a recorded score tied to the ticket.
    public struct Feedback: Sendable {
        public var at: Date
        public var kind: FeedbackKind
        public var score: Int
        public init(at: Date, kind: FeedbackKind, score: Int) {
            self.at = at
            self.kind = kind
            self.score = score
        }
    }

    public var createdAt: Date
    public var messages: [Message]
    public var feedback: [Feedback] = []
    public var statusChanges: [StatusChange]
    /// The SLA measures as stored; only final ones (`met`, `missed`) of a resolved ticket count.
    public var sla: [SLAMeasure]
    /// Business hours of the ticket's SLA policy; round the clock without one.
    public var calendar: BusinessCalendar

    public init(createdAt: Date, messages: [Message], statusChanges: [StatusChange], sla: [SLAMeasure], calendar: BusinessCalendar) {
        self.createdAt = createdAt
        self.messages = messages.sorted { $0.at < $1.at }
        self.statusChanges = statusChanges
        self.sla = sla
        self.calendar = calendar
    }
}

/// A ticket's contributions to the daily counters: each thing that happened counts on the UTC day it happened.
///
/// - Contact volume: the day it was created.
/// - First response: creation to the first public agent reply, when the conversation starts with the
///   customer (a ticket an agent opens with a reply has no first response time); on the reply's day.
/// - Next response: after the first response, from the first customer message that is still waiting
///   to the next public agent reply; on the reply's day.
/// - Solves and reopens: every change from an unsolved status to solved or closed, and back.
/// - Resolved: a ticket that is solved or closed now counts once, on the day it was last solved, with
///   its full resolution time (creation to last solve), whether it was one-touch (exactly one public
///   agent reply), whether it was ever reopened, and its SLA (met when every final measure was met).
/// - Feedback: CSAT and NPS scores count on the day they were given.
/// - Business seconds use the calendar's opening hours; calendar seconds are wall-clock time.
public enum TicketMetricFacts {
    public static func contributions(_ input: TicketMetricInput) -> [Int: MetricCounters] {
        var days: [Int: MetricCounters] = [:]
        func add(_ date: Date, _ change: (inout MetricCounters) -> Void) {
            change(&days[MetricDay.of(date), default: MetricCounters()])
        }
        let created = input.createdAt
        let createdEpoch = Int64(created.timeIntervalSince1970.rounded(.down))
        func business(_ from: Date, _ to: Date) -> Int64 { Int64(input.calendar.businessSeconds(from: from, to: to).rounded()) }
        func seconds(_ from: Date, _ to: Date) -> Int64 { Int64(max(0, to.timeIntervalSince(from)).rounded()) }

        add(created) {
            $0[.created] += 1
            $0[.backlogCreatedSum] += createdEpoch
        }

        // Responses.
        let publicReplies = input.messages.filter { $0.author == .agent && $0.visibility == .public }
        let startsWithCustomer = input.messages.first.map { $0.author == .customer } ?? false
        var answeredOnce = false
        var waitingSince: Date?
        for message in input.messages {
            switch (message.author, message.visibility) {
            case (.customer, _):
                if answeredOnce, waitingSince == nil { waitingSince = message.at }
            case (.agent, .public):
                if !answeredOnce {
                    answeredOnce = true
                    if startsWithCustomer {
                        add(message.at) {
                            $0[.firstResponses] += 1
                            $0[.firstResponseSeconds] += seconds(created, message.at)
                            $0[.firstResponseBusinessSeconds] += business(created, message.at)
                        }
                    }
                } else if let since = waitingSince {
                    add(message.at) {
                        $0[.nextResponses] += 1
                        $0[.nextResponseSeconds] += seconds(since, message.at)
                        $0[.nextResponseBusinessSeconds] += business(since, message.at)
                    }
                    waitingSince = nil
                }
            default:
                break
            }
        }

        // Solves, reopens and the resolution.
        var solved = false
        var lastSolve: Date?
        var reopened = false
        for change in input.statusChanges {
            let nowSolved = change.to == .solved || change.to == .closed
            if nowSolved, !solved {
                add(change.at) {
                    $0[.solves] += 1
                    $0[.backlogCreatedSum] -= createdEpoch
                }
                lastSolve = change.at
            } else if !nowSolved, solved {
                add(change.at) {
                    $0[.reopens] += 1
                    $0[.backlogCreatedSum] += createdEpoch
                }
                reopened = true
            }
            solved = nowSolved
        }
        if solved, let lastSolve {
            let finals = input.sla.filter { $0.state == .met || $0.state == .missed }
            add(lastSolve) {
                $0[.resolved] += 1
                $0[.resolutionSeconds] += seconds(created, lastSolve)
                $0[.resolutionBusinessSeconds] += business(created, lastSolve)
                if publicReplies.count == 1 { $0[.oneTouch] += 1 }
                if reopened { $0[.resolvedReopened] += 1 }
                if !finals.isEmpty {
                    $0[.slaMeasured] += 1
                    if finals.allSatisfy({ $0.state == .met }) { $0[.slaMet] += 1 }
                }
            }
        }
        for answer in input.feedback {
            add(answer.at) {
                switch answer.kind {
                case .csat: $0.add(csat: answer.score)
                case .nps: $0.add(nps: answer.score)
                case .note: break
                }
            }
        }
        return days
    }
}
