import Fluent
import Foundation
import RapportCore
import SQLKit
import Vapor

/// The SLA escalation run: tickets whose `sla_check_at` has come are evaluated again; at risk
/// notifies the assignee and the team's supervisors, breached notifies and, as the policy says, raises the priority one step
/// and hands the ticket to the configured user. Each escalation happens once per at-risk or breach
/// occasion (the measure and its due time), with events.
///
/// Due tickets go in chunks: each chunk is read and evaluated outside the writer (+Read), then
/// written by one write-queue job (+Write), while the next chunk is being read. A ticket per job,
/// reading inside the writer, managed about 100 tickets a second and held every other write of the
/// desk behind a backlog (a million imported tickets had 84,183 due checks: 867 s).
enum SLAEscalations {
    static let rule = "sla_escalation"
    /// Tickets per write-queue job: large enough to spread the job's cost, small enough to keep a
    /// transaction short for the requests waiting behind it.
    static let defaultChunkSize = 500
    /// Due tickets listed per round; a run goes on while rounds find tickets not seen yet.
    static let roundSize = 20_000

    /// `beforeWrite` runs between a chunk's read and its write, with the chunk's tickets: tests change
    /// a ticket there to prove that a ticket which moved in between is evaluated again inside the writer.
    static func run(
        _ app: Application, now: Date, writes: WriteQueue, chunkSize: Int = defaultChunkSize,
        beforeWrite: (@Sendable ([UUID]) async throws -> Void)? = nil
    ) async throws -> (checked: Int, escalated: Int) {
        let sql = app.db as! any SQLDatabase
        var seen = Set<UUID>()
        var escalated = 0
        // Each evaluation moves sla_check_at past `now` (or clears it), so the rounds drain the due set.
        for _ in 0..<50 {
            let due = try await sql.select().columns("id", "workspace_id").from(Ticket.schema)
                .where("sla_check_at", .lessThanOrEqual, SQLBind(now)).orderBy("sla_check_at").limit(roundSize).all()
                .map { DueTicket(id: try $0.decode(column: "id", as: UUID.self), workspaceID: try $0.decode(column: "workspace_id", as: UUID.self)) }
                .filter { !seen.contains($0.id) }
            if due.isEmpty { break }
            seen.formUnion(due.map(\.id))
            let chunks = due.chunked(into: chunkSize).map(Array.init)
            // The next chunk is read while the writer stores this one.
            var next: Task<SLACheckChunk, any Error>? = Task { try await SLACheckChunk.read(chunks[0], app: app, now: now) }
            defer { next?.cancel() }
            for index in chunks.indices {
                let chunk = try await next!.value
                next = index + 1 < chunks.count ? Task { [chunks] in try await SLACheckChunk.read(chunks[index + 1], app: app, now: now) } : nil
                try await beforeWrite?(chunks[index].map(\.id))
                escalated += try await writes.perform { batch in try await chunk.write(app: app, now: now, writes: writes, batch: batch) }
            }
        }
        return (seen.count, escalated)
    }

    /// Evaluates a due ticket's clocks again with the same code as every change: the policy it keeps,
    /// or without one the policy its priority and requester match. A ticket whose state moved gets
    /// `updated_at = now`; one that did not keeps it, so lists sorted by it stay put. Returns the state before.
    static func reevaluate(_ ticket: Ticket, policies: SLAPolicySet, requester: TicketReferences.Requester?, timeline: SLATimeline, now: Date) -> SLAState? {
        let previous = ticket.slaState
        let policy = policies.policy(id: ticket.slaPolicyID)
            ?? policies.policy(for: ticket.priority, valueTier: requester?.valueTier, lifecycle: requester?.lifecycle)
        TicketSLA.apply(policy, timeline: timeline, to: ticket, at: now)
        if previous != ticket.slaState { ticket.updatedAt = now }
        return previous
    }

    /// A ticket whose SLA check has come.
    struct DueTicket: Sendable {
        var id: UUID
        var workspaceID: UUID
    }

    /// An at-risk or breached measure, named so that it escalates once: the state, the measure and its due time.
    struct Occasion: Sendable {
        var state: SLAState
        var measure: SLAMeasure
        var key: String

        /// The ticket's most pressing at-risk or breached measure, as it was just evaluated; nil when none is.
        init?(of ticket: Ticket) {
            guard let state = ticket.slaState, state == .atRisk || state == .breached,
                  let measure = ticket.sla.filter({ $0.state == state }).min(by: { ($0.dueAt ?? .distantFuture) < ($1.dueAt ?? .distantFuture) })
            else { return nil }
            self.state = state
            self.measure = measure
            key = "\(state.rawValue):\(measure.metric.rawValue):\(Int64(((measure.dueAt ?? .distantPast).timeIntervalSince1970 * 1000).rounded()))"
        }
    }

    /// Claims the occasion and acts on it: notifies, and on breach raises the priority and hands the
    /// ticket over as the policy says, through the path every ticket change takes. False when the
    /// occasion was claimed before (by an earlier run or another app node).
    static func escalate(
        _ occasion: Occasion, ticket: Ticket, policies: SLAPolicySet, supervisors: [UUID], now: Date,
        service: TicketService, events: inout TicketEventLog, batch: WriteBatch
    ) async throws -> Bool {
        let ticketID = ticket.id!, workspaceID = ticket.workspaceID, state = occasion.state, measure = occasion.measure
        guard try await AutomationFirings.claim(
            rule: rule, automationID: nil, ticketID: ticketID, occasion: occasion.key, workspaceID: workspaceID, at: now, batch: batch)
        else { return false }

        let escalation = policies.policy(id: ticket.slaPolicyID)?.escalation ?? SLAEscalation()
        let metric = measure.metric.rawValue.replacingOccurrences(of: "_", with: " ")
        let due = measure.dueAt.map { " (due \(FollowUpDates.text($0)))" } ?? ""
        events.add("sla_escalated", field: measure.metric.rawValue, newValue: state.rawValue)
        if escalation.notify {
            let text = state == .atRisk
                ? "Ticket \(ticket.number) is at risk: \(metric)\(due). \(ticket.subject)"
                : "Ticket \(ticket.number) breached its \(metric) target\(due). \(ticket.subject)"
            var told: [UUID] = ticket.assigneeID.map { [$0] } ?? []
            for supervisor in supervisors where !told.contains(supervisor) { told.append(supervisor) }
            for user in told {
                Notifications.add(NotificationRow(workspaceID: workspaceID, userID: user, ticketID: ticketID,
                    kind: state == .atRisk ? .slaAtRisk : .slaBreached, text: text, at: now), to: batch)
            }
            if !told.isEmpty { events.add("notified", field: "sla", newValue: told.map(\.uuidString).joined(separator: ",")) }
        }
        guard state == .breached else { return true }
        var changes = TicketChanges()
        if escalation.raisePriorityOnBreach, ticket.priority != ticket.priority.raised { changes.priority = ticket.priority.raised }
        if let supervisor = escalation.reassignOnBreachTo, supervisor != ticket.assigneeID {
            var handOver = TicketChanges()
            handOver.assigneeID = .set(supervisor)
            do {
                try await TicketReferences(db: batch.db, workspaceID: workspaceID).check(handOver)
                changes.assigneeID = .set(supervisor)
            } catch {
                events.add("sla_escalation_skipped", field: "assignee_id", newValue: "\(supervisor.uuidString) cannot take tickets")
            }
        }
        if !changes.isEmpty {
            let details = try await TicketStore(db: batch.db, workspaceID: workspaceID).details(of: [ticketID])[ticketID] ?? TicketDetails()
            _ = try await service.apply(changes, to: ticket, details: details, events: &events, policies: policies, batch: batch)
            if case .set(let supervisor) = changes.assigneeID {
                Notifications.add(NotificationRow(workspaceID: workspaceID, userID: supervisor, ticketID: ticketID, kind: .escalated,
                    text: "Ticket \(ticket.number) breached its \(metric) target and was handed to you. \(ticket.subject)", at: now), to: batch)
            }
        }
        return true
    }

    /// The active supervisors and admins of each team: they hear of its tickets' SLA trouble with the assignee.
    static func supervisors(of teamIDs: Set<UUID>, workspaceID: UUID, db: any Database) async throws -> [UUID: [UUID]] {
        var result: [UUID: [UUID]] = [:]
        for chunk in Array(teamIDs).chunked(into: 500).map(Array.init) {
            let rows = try await (db as! any SQLDatabase).select()
                .column(SQLColumn("team_id", table: "m"), as: "team_id").column(SQLColumn("id", table: "u"), as: "user_id")
                .from(SQLAlias(SQLIdentifier("team_memberships"), as: SQLIdentifier("m")))
                .join(SQLAlias(SQLIdentifier("users"), as: SQLIdentifier("u")), method: SQLJoinMethod.inner,
                    on: SQLColumn("id", table: "u"), .equal, SQLColumn("user_id", table: "m"))
                .where(SQLColumn("workspace_id", table: "m"), .equal, SQLBind(workspaceID))
                .where(SQLColumn("team_id", table: "m"), .in, SQLBind.group(chunk))
                .where(SQLColumn("role", table: "u"), .in, SQLBind.group([Role.supervisor.rawValue, Role.admin.rawValue]))
                .where(SQLColumn("active", table: "u"), .equal, SQLBind(true))
                .orderBy(SQLColumn("id", table: "u")).all()
            for row in rows { result[try row.decode(column: "team_id", as: UUID.self), default: []].append(try row.decode(column: "user_id", as: UUID.self)) }
        }
        return result
    }
}
