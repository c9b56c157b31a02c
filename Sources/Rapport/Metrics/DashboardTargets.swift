import Foundation
import RapportCore

/// A headline figure's goal: a bound the figure should stay under (times, rates of trouble) or over (rates of success).
struct DashboardTarget: Sendable {
    enum Direction: Sendable { case atMost, atLeast }

    var metric: MetricName
    var bound: Double
    var direction: Direction

    /// Whether `value` meets the target; nil when there is nothing to measure.
    func met(by value: Double?) -> Bool? {
        guard let value else { return nil }
        return direction == .atMost ? value <= bound : value >= bound
    }

    /// "at most 4 h 0 min", "at least 85.0 %".
    var text: String {
        (direction == .atMost ? "at most " : "at least ") + PrincipalReport.format(metric, bound)
    }
}

/// The dashboard's headline figures, in the order shown, with Rapport's default targets.
///
/// The targets are common help-desk goals for an email-first team (first reply within a business
/// morning, most tickets solved within a day, few reopened); they are fixed in code for now and the
/// README lists them. Contact volume and backlog size have no target: more or fewer is not good or bad in itself.
enum DashboardHeadlines {
    static let metrics: [MetricName] = [
        .firstResponseTime, .firstResponseTimeBusiness, .resolutionTime, .oneTouchRate, .reopenRate,
        .backlog, .backlogAge, .slaCompliance, .csat, .nps, .contactVolume,
    ]

    static let targets: [MetricName: DashboardTarget] = [
        .firstResponseTime: DashboardTarget(metric: .firstResponseTime, bound: 4 * 3600, direction: .atMost),
        .firstResponseTimeBusiness: DashboardTarget(metric: .firstResponseTimeBusiness, bound: 3600, direction: .atMost),
        .resolutionTime: DashboardTarget(metric: .resolutionTime, bound: 24 * 3600, direction: .atMost),
        .oneTouchRate: DashboardTarget(metric: .oneTouchRate, bound: 70, direction: .atLeast),
        .reopenRate: DashboardTarget(metric: .reopenRate, bound: 10, direction: .atMost),
        .backlogAge: DashboardTarget(metric: .backlogAge, bound: 2 * 86_400, direction: .atMost),
        .slaCompliance: DashboardTarget(metric: .slaCompliance, bound: 90, direction: .atLeast),
        .csat: DashboardTarget(metric: .csat, bound: 85, direction: .atLeast),
        .nps: DashboardTarget(metric: .nps, bound: 30, direction: .atLeast),
    ]

    /// The columns of the breakdown tables.
    static let tableMetrics: [MetricName] = [
        .contactVolume, .firstResponseTime, .resolutionTime, .ticketsSolved, .oneTouchRate, .reopenRate,
        .slaCompliance, .csat, .nps, .backlog,
    ]

    static func label(_ metric: MetricName) -> String {
        switch metric {
        case .contactVolume: "Contact volume"
        case .firstResponseTime: "First response time"
        case .firstResponseTimeBusiness: "First response (business hours)"
        case .nextResponseTime: "Next response time"
        case .nextResponseTimeBusiness: "Next response (business hours)"
        case .resolutionTime: "Resolution time"
        case .resolutionTimeBusiness: "Resolution (business hours)"
        case .ticketsSolved: "Tickets solved"
        case .oneTouchRate: "One-touch rate"
        case .reopenRate: "Reopen rate"
        case .backlog: "Backlog"
        case .backlogAge: "Backlog age"
        case .slaCompliance: "SLA compliance"
        case .csat: "CSAT"
        case .nps: "NPS"
        }
    }

    static func label(_ dimension: MetricDimension) -> String {
        switch dimension {
        case .agent: "Agent"
        case .team: "Team"
        case .channel: "Channel"
        case .kind: "Kind"
        case .category: "Complaint category"
        case .topic: "Topic"
        case .product: "Product"
        case .communicationStyle: "Communication style"
        case .lifecycle: "Lifecycle"
        case .valueTier: "Value tier"
        }
    }
}
