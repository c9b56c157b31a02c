import Foundation

/// How a customer's tickets went over the last year: the figures `high_maintenance` is judged on.
public struct ContactBehaviour: Sendable, Equatable {
    /// Tickets the customer requested in the window (merged-away tickets not counted).
    public var tickets: Int
    /// Orders placed in the window that count as purchases.
    public var orders: Int
    /// Tickets that went from solved back to open at least once.
    public var reopenedTickets: Int
    /// Tickets escalated at least once: an SLA escalation, a priority raised, or a call or visit
    /// that ended `escalated`.
    public var escalatedTickets: Int

    public init(tickets: Int, orders: Int, reopenedTickets: Int, escalatedTickets: Int) {
        self.tickets = tickets
        self.orders = orders
        self.reopenedTickets = reopenedTickets
        self.escalatedTickets = escalatedTickets
    }
}

/// `high_maintenance` from behaviour, not wording.
///
/// Over the last 365 days, with at least `minimumTickets` tickets (fewer say nothing), three signals:
/// - contacts per order: tickets ÷ max(orders, 1) ≥ 3;
/// - reopen rate: reopened tickets ÷ tickets ≥ 1/3;
/// - escalations: at least 2 escalated tickets.
/// The customer is `high_maintenance` when two of the three signals hold (confidence 0.7), or all
/// three (0.9). One signal alone is common among ordinary customers (one bad order, one slow week).
public enum HighMaintenanceRule {
    public static let window: TimeInterval = 365 * 86_400
    public static let minimumTickets = 3
    public static let contactsPerOrderFrom = 3.0
    public static let reopenRateFrom = 1.0 / 3.0
    public static let escalationsFrom = 2

    public static func evaluate(_ figures: ContactBehaviour) -> DerivedProfileValue? {
        guard figures.tickets >= minimumTickets else { return nil }
        let perOrder = Double(figures.tickets) / Double(max(figures.orders, 1))
        let reopenRate = Double(figures.reopenedTickets) / Double(figures.tickets)
        let signals = [
            perOrder >= contactsPerOrderFrom,
            reopenRate >= reopenRateFrom - 1e-9,
            figures.escalatedTickets >= escalationsFrom,
        ].filter { $0 }.count
        guard signals >= 2 else { return nil }
        let orders = figures.orders == 1 ? "1 order" : "\(figures.orders) orders"
        let explanation = "In the last 12 months: \(figures.tickets) tickets for \(orders)"
            + String(format: " (%.1f per order)", perOrder)
            + ", \(figures.reopenedTickets) of \(figures.tickets) reopened after being solved"
            + ", \(figures.escalatedTickets) escalated; \(signals) of 3 signs of high maintenance."
        return DerivedProfileValue(
            dimension: .communicationStyle, value: CommunicationStyle.highMaintenance.rawValue, source: .behaviour,
            confidence: signals == 3 ? 0.9 : 0.7, explanation: explanation)
    }
}
