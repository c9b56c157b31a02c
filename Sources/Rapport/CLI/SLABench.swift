import ArgumentParser
import Fluent
import Foundation
import RapportCore
import SQLKit
import Vapor

/// `rapport bench sla`: the scheduler's SLA checks through a backlog of due tickets, as after an
/// import of history. Loads tickets with the `bench tickets` loader into a fresh SQLite database,
/// gives every workspace an SLA policy (so the backlog has at-risk and breached tickets to escalate;
/// one workspace raises the priority on breach), then times the scheduler until nothing is due.
struct SLABench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sla", abstract: "Load tickets into a fresh SQLite database, then time the SLA checks of their due backlog.")

    @ArgumentParser.Option(help: "Tickets to load (about one in twelve is due for an SLA check).") var tickets = 50_000
    @ArgumentParser.Option(help: "Messages per loaded ticket.") var messagesPerTicket = 3
    @ArgumentParser.Flag(help: "Load no SLA policies, as `bench tickets` does: every due ticket loses its SLA and nothing escalates.")
    var withoutPolicies = false
    @ArgumentParser.Flag(help: "Compute the loaded tickets' metric facts first (`rapport metrics rebuild`), as tickets created through the app have them; without it each chunk's commit computes them for the tickets whose SLA state moved.")
    var withMetrics = false
    @ArgumentParser.Option(help: "Data directory (default: a temporary one, removed afterwards).") var dataDir: String?

    func run() async throws {
        let directory = dataDir ?? FileManager.default.temporaryDirectory.appendingPathComponent("rapport-bench-sla-\(UUID().uuidString)").path
        defer { if dataDir == nil { try? FileManager.default.removeItem(atPath: directory) } }
        let path = directory + "/rapport.sqlite"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        say("Database: SQLite at \(path)")
        try await withConfiguredApp(settings: Settings(dataDirectory: directory, database: .sqlite(path: path))) { app in
            let desks = try await TicketsBench.loadDesks(app, corpus: TicketBenchCorpus(), tickets: tickets, messagesPerTicket: messagesPerTicket)
            if !withoutPolicies { try await Self.addPolicies(app, desks: desks) }
            if withMetrics {
                var seconds = 0.0
                for desk in desks { seconds += try await MetricsCommand.rebuild(desk.id, app: app) { _ in } }
                say(String(format: "Metric facts computed in %.1f s", seconds))
            }
            let sql = app.db as! any SQLDatabase
            let due = try await sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from(Ticket.schema)
                .where("sla_check_at", .lessThanOrEqual, SQLBind(Date())).first()?.decode(column: "n", as: Int.self) ?? 0
            say("Due SLA checks: \(due) tickets\(withoutPolicies ? " (no policies)" : "")")
            let backlog = try await TicketsBench.drainSchedulerBacklog(app)
            say(String(format: "SLA backlog: %d tickets checked, %d escalated in %.1f s: %.0f tickets/s",
                backlog.report.slaChecked, backlog.report.escalated, backlog.seconds, Double(backlog.report.slaChecked) / backlog.seconds))
        }
    }

    /// One policy per workspace covering every ticket; the last (smallest) workspace also raises the
    /// priority on breach, which takes the full ticket-change path for each of its breached tickets.
    static func addPolicies(_ app: Application, desks: [TicketBenchLoader.Desk]) async throws {
        for (index, desk) in desks.enumerated() {
            let escalation = SLAEscalation(notify: true, raisePriorityOnBreach: index == desks.count - 1, reassignOnBreachTo: nil)
            try await ServiceLevelStore(db: app.db(.sqliteWriter), workspaceID: desk.id).insert(SLAPolicyRecord(
                id: UUID(), name: "Everyone", position: 1, priorities: [], valueTiers: [], lifecycles: [],
                targets: SLATargets(firstResponseMinutes: 4 * 60, nextResponseMinutes: 8 * 60, resolutionMinutes: 3 * 24 * 60),
                calendarID: nil, calendar: .alwaysOpen, escalation: escalation), at: Date())
        }
    }
}
