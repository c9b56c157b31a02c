/// Where a ticket stands.
public enum TicketStatus: String, Codable, Sendable, CaseIterable {
    case new, open, pending
    case onHold = "on_hold"
    case solved, closed

    /// Whether service-level clocks run: waiting on the customer or a third party pauses them.
    public var slaKind: SLAStatusKind {
        switch self {
        case .new, .open: .active
        case .pending, .onHold: .paused
        case .solved, .closed: .stopped
        }
    }
}

/// A status change the rules refuse, with what to do instead.
public struct TransitionError: Error, Sendable, Equatable {
    public var message: String
}

/// Which status changes are allowed.
public enum TicketStatusMachine {
    /// `nil` when a ticket may go from `from` to `to`.
    public static func check(from: TicketStatus, to: TicketStatus) -> TransitionError? {
        if from == to { return nil }
        if from == .closed {
            return TransitionError(message: "a closed ticket cannot become \(to.rawValue); create a follow-up ticket instead")
        }
        if to == .new {
            return TransitionError(message: "a ticket cannot go back to new from \(from.rawValue); set it to open instead")
        }
        if to == .closed, from != .solved {
            return TransitionError(message: "only a solved ticket can be closed; solve this \(from.rawValue) ticket first")
        }
        return nil
    }
}
