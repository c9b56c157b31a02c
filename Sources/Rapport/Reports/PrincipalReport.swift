import Foundation
import RapportCore

/// The account an outsourced service team gives its principal for a period: what came in by which
/// channel, what was answered, the complaints and their fate, service levels, satisfaction, and what is still open.
struct PrincipalReport: Sendable {
    struct ChannelRow: Sendable {
        var channel: String
        var tickets: Int
        var customerMessages: Int
        var agentReplies: Int
    }

    struct ComplaintRow: Sendable {
        var category: String
        var received: Int
        var solved: Int
        var open: Int
    }

    struct TicketLine: Sendable {
        var id: UUID
        var number: Int64
        var subject: String
        var kind: String
        var category: String
        var product: String
        var status: String
        var createdAt: Date
        var solvedAt: Date?
    }

    var workspaceName: String
    var organizationID: UUID?
    var organizationName: String?
    var fromDay: Int
    /// Exclusive.
    var toDay: Int
    var generatedAt: Date

    var channels: [ChannelRow]
    var questionsReceived: Int
    var questionsAnswered: Int
    var questionsSolved: Int
    var complaintsByCategory: [ComplaintRow]
    var complaints: [TicketLine]
    /// Figures computed by the metrics' own rules: SLA compliance, response and resolution times, CSAT, NPS, volume.
    var figures: [(MetricName, Double?, Int64)]
    var comments: [(score: String, comment: String, at: Date)]
    var openTickets: [TicketLine]
    var openCount: Int

    static let reportedMetrics: [MetricName] = [
        .contactVolume, .ticketsSolved, .firstResponseTime, .resolutionTime, .slaCompliance, .oneTouchRate, .reopenRate, .csat, .nps,
    ]

    var title: String {
        "Service report for \(organizationName ?? workspaceName), \(MetricDay.text(fromDay)) to \(MetricDay.text(toDay - 1))"
    }

    func figure(_ metric: MetricName) -> Double? { figures.first { $0.0 == metric }?.1 ?? nil }

    /// How a figure reads: times in hours and minutes, rates and CSAT in %, NPS as a number.
    static func format(_ metric: MetricName, _ value: Double?) -> String {
        guard let value else { return "—" }
        switch metric {
        case .firstResponseTime, .firstResponseTimeBusiness, .nextResponseTime, .nextResponseTimeBusiness, .resolutionTime, .resolutionTimeBusiness, .backlogAge:
            let minutes = Int((value / 60).rounded())
            return minutes >= 60 ? "\(minutes / 60) h \(minutes % 60) min" : "\(minutes) min"
        case .slaCompliance, .oneTouchRate, .reopenRate, .csat:
            return String(format: "%.1f %%", value)
        case .nps, .contactVolume, .ticketsSolved, .backlog:
            return String(Int(value.rounded()))
        }
    }

    /// The CSV files of the bundle, by name.
    var csvFiles: [(name: String, text: String)] {
        func file(_ header: [String], _ rows: [[String]]) -> String {
            ([header] + rows).map { CSVWriter.line($0) }.joined()
        }
        let summary = file(["figure", "value", "basis"],
            [["period_from", MetricDay.text(fromDay), ""], ["period_to", MetricDay.text(toDay - 1), ""],
             ["questions_received", String(questionsReceived), ""], ["questions_answered", String(questionsAnswered), ""],
             ["questions_solved", String(questionsSolved), ""], ["open_tickets", String(openCount), ""]]
            + figures.map { [$0.0.rawValue, $0.1.map { String(format: "%.2f", $0) } ?? "", String($0.2)] })
        let channels = file(["channel", "tickets", "customer_messages", "agent_replies"],
            self.channels.map { [$0.channel, String($0.tickets), String($0.customerMessages), String($0.agentReplies)] })
        let categories = file(["category", "received", "solved", "open"],
            complaintsByCategory.map { [$0.category, String($0.received), String($0.solved), String($0.open)] })
        func lines(_ tickets: [TicketLine]) -> [[String]] {
            tickets.map { [String($0.number), $0.subject, $0.kind, $0.category, $0.product, $0.status,
                           WebFormat.iso($0.createdAt), WebFormat.iso($0.solvedAt)] }
        }
        let header = ["number", "subject", "kind", "category", "product", "status", "created_at", "solved_at"]
        return [
            ("summary.csv", summary), ("channels.csv", channels), ("complaint-categories.csv", categories),
            ("complaints.csv", file(header, lines(complaints))), ("open-issues.csv", file(header, lines(openTickets))),
            ("comments.csv", file(["received_at", "score", "comment"], comments.map { [WebFormat.iso($0.at), $0.score, $0.comment] })),
        ]
    }

    /// A plain-text summary, for the scheduled mail.
    var textSummary: String {
        var lines = [title, ""]
        lines.append("Contacts by channel:")
        for row in channels { lines.append("  \(WebFormat.label(row.channel)): \(row.tickets) tickets, \(row.customerMessages) customer messages, \(row.agentReplies) replies") }
        if channels.isEmpty { lines.append("  none") }
        lines.append("")
        lines.append("Questions: \(questionsReceived) received, \(questionsAnswered) answered, \(questionsSolved) solved.")
        lines.append("Complaints: \(complaints.count) received" + (complaintsByCategory.isEmpty ? "." : ":"))
        for row in complaintsByCategory { lines.append("  \(WebFormat.label(row.category)): \(row.received) received, \(row.solved) solved, \(row.open) open") }
        lines.append("")
        for (metric, value, _) in figures { lines.append("\(WebFormat.label(metric.rawValue)): \(Self.format(metric, value))") }
        lines.append("")
        lines.append("Open issues at the end of the period: \(openCount).")
        lines.append("")
        lines.append("The details are attached as CSV files.")
        return lines.joined(separator: "\n")
    }
}
