import Fluent
import Foundation
import Logging
import RapportCore
import SQLKit
import Vapor

/// What one scheduler run did.
struct SchedulerReport: Sendable, Equatable {
    /// Time rules that fired (one per rule and ticket).
    var timeRulesFired = 0
    /// Tickets whose SLA was re-evaluated.
    var slaChecked = 0
    /// At-risk or breached tickets escalated.
    var escalated = 0
}

/// The minute-by-minute work: time rules and SLA escalations, as of `now`. Safe to run twice or on
/// several app nodes at once: every firing claims its row in `automation_firings` first.
enum AutomationScheduler {
    /// `writes` stands in for another app node's write queue in tests; by default the application's.
    static func run(_ app: Application, now: Date, writes: WriteQueue? = nil) async throws -> SchedulerReport {
        var report = SchedulerReport()
        report.timeRulesFired = try await runTimeRules(app, now: now, writes: writes ?? app.writes)
        (report.slaChecked, report.escalated) = try await SLAEscalations.run(app, now: now, writes: writes ?? app.writes)
        return report
    }

    /// Fires each active time rule on the tickets that have had its status for long enough, once per status period.
    static func runTimeRules(_ app: Application, now: Date, writes: WriteQueue) async throws -> Int {
        let sql = app.db as! any SQLDatabase
        let rules = try await sql.select().column("*").from(AutomationRecord.table)
            .where("trigger", .equal, AutomationTrigger.time.rawValue).where("active", .equal, true)
            .orderBy("workspace_id").orderBy("position").orderBy("id").all().map(AutomationRecord.init(row:))
        var fired = 0
        for rule in rules {
            guard let time = rule.time else { continue }
            let latest = time.latestStatusChange(dueAt: now)
            let run = AutomationRun(workspaceID: rule.workspaceID, now: now, writes: writes, serviceLevels: app.serviceLevels, siteURL: app.settings.publicURL)
            let tickets = try await candidates(sql, rule: rule.id, workspaceID: rule.workspaceID, status: time.status, changedBy: latest)
            fired += try await inParallel(tickets, writes: writes) { ticketID, batch in
                // Read again in the transaction: the ticket may have moved on since the candidates were listed.
                let ticket = try await TicketStore(db: batch.db, workspaceID: rule.workspaceID).find(ticketID)
                guard ticket.status == time.status,
                      let since = try await statusSince(batch.sql, workspaceID: rule.workspaceID, ticketID: ticketID),
                      time.isDue(statusSince: since, at: now)
                else { return false }
                // The status period is the occasion: the rule fires once per period, however often this runs.
                let occasion = "status:\(time.status.rawValue):\(Int64((since.timeIntervalSince1970 * 1000).rounded()))"
                if try await AutomationFirings.claimed(rule: rule.id.uuidString, ticketID: ticketID, occasion: occasion, batch: batch) { return false }
                return await run.fire([rule], ticketID: ticketID, occasion: occasion, message: nil, batch: batch) != nil
            }
        }
        return fired
    }

    /// Runs `work` for each ticket as a job of its own, many at a time, so the write queue commits
    /// them in shared transactions; returns how many answered true.
    static func inParallel(
        _ tickets: [UUID], writes: WriteQueue, _ work: @escaping @Sendable (UUID, WriteBatch) async throws -> Bool
    ) async throws -> Int {
        var count = 0
        for chunk in tickets.chunked(into: 256) {
            count += try await withThrowingTaskGroup(of: Bool.self) { group in
                for ticketID in chunk { group.addTask { try await writes.perform { batch in try await work(ticketID, batch) } } }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
        }
        return count
    }

    /// Tickets with `status` whose last status change was at or before `changedBy`, leaving out those the
    /// rule has already fired on since that change (the claim in the transaction stays what guarantees once).
    private static func candidates(_ sql: any SQLDatabase, rule: UUID, workspaceID: UUID, status: TicketStatus, changedBy: Date) async throws -> [UUID] {
        let lastChange: SQLQueryString = """
            (SELECT max(e.at) FROM ticket_events e WHERE e.workspace_id = \(bind: workspaceID) AND e.ticket_id = t.id AND e.field = 'status')
            """
        return try await sql.raw("""
            SELECT t.id AS id FROM tickets t
            WHERE t.workspace_id = \(bind: workspaceID) AND t.status = \(bind: status.rawValue)
              AND \(lastChange) <= \(bind: changedBy)
              AND NOT EXISTS (SELECT 1 FROM automation_firings f WHERE f.workspace_id = \(bind: workspaceID)
                  AND f.rule = \(bind: rule.uuidString) AND f.ticket_id = t.id AND f.fired_at >= \(lastChange))
            LIMIT 10000
            """).all().map { try $0.decode(column: "id", as: UUID.self) }
    }

    /// When the ticket's current status began: its last status change.
    static func statusSince(_ sql: any SQLDatabase, workspaceID: UUID, ticketID: UUID) async throws -> Date? {
        try await sql.select().column("at").from(TicketEvent.schema)
            .where("workspace_id", .equal, workspaceID).where("ticket_id", .equal, ticketID).where("field", .equal, "status")
            .orderBy("at", .descending).orderBy("id", .descending).limit(1).first()?.decode(column: "at", as: Date.self)
    }
}
