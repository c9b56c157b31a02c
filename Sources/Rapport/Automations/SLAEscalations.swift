import Fluent
import Foundation
import RapportCore
import SQLKit
import Vapor

/// The SLA escalation run: tickets whose `sla_check_at` has come are evaluated again; at risk
/// notifies the assignee and the team's supervisors, breached notifies and, as the policy says, raises the priority one step
/// and hands the ticket to the configured user. Each escalation happens once per at-risk or breach
/// occasion (the measure and its due time), with events.
enum SLAEscalations {
    static let rule = "sla_escalation"

    static func run(_ app: Application, now: Date, writes: WriteQueue) async throws -> (checked: Int, escalated: Int) {
        let sql = app.db as! any SQLDatabase
        var seen = Set<UUID>()
        var escalated = 0
        // Each evaluation moves sla_check_at past `now` (or clears it), so the loop drains the due set.
        for _ in 0..<50 {
            let due = try await sql.select().columns("id", "workspace_id").from(Ticket.schema)
                .where("sla_check_at", .lessThanOrEqual, SQLBind(now)).orderBy("sla_check_at").limit(500).all()
                .map { (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "workspace_id", as: UUID.self)) }
                .filter { !seen.contains($0.0) }
            if due.isEmpty { break }
            let workspaces = Dictionary(due, uniquingKeysWith: { first, _ in first })
            seen.formUnion(workspaces.keys)
            escalated += try await AutomationScheduler.inParallel(due.map(\.0), writes: writes) { ticketID, batch in
                try await check(ticketID, workspaceID: workspaces[ticketID]!, now: now, app: app, writes: writes, batch: batch)
            }
        }
        return (seen.count, escalated)
    }

    private static func check(_ ticketID: UUID, workspaceID: UUID, now: Date, app: Application, writes: WriteQueue, batch: WriteBatch) async throws -> Bool {
        let store = TicketStore(db: batch.db, workspaceID: workspaceID)
        let ticket = try await store.find(ticketID)
        let details = try await store.details(of: [ticketID])[ticketID] ?? TicketDetails()
        let policies = try await app.serviceLevels.policies(for: workspaceID, db: batch.db)
        let service = TicketService(workspaceID: workspaceID, actor: .system, now: now, reader: batch.db, writes: writes, serviceLevels: app.serviceLevels, siteURL: app.settings.publicURL)
        var events = TicketEventLog(workspaceID: workspaceID, ticketID: ticketID, actor: .system, at: now)
        defer { events.insert(into: batch) }
        // Re-evaluates the clocks with the same code as every change (the ticket keeps its policy); a
        // ticket whose state did not move keeps its updated_at, so lists sorted by it stay put.
        let previous = ticket.slaState
        let timeline = try await store.slaTimeline(of: ticket)
        let requester = try await TicketReferences(db: batch.db, workspaceID: workspaceID).requester(ticket.requesterID)
        let policy = policies.policy(id: ticket.slaPolicyID)
            ?? policies.policy(for: ticket.priority, valueTier: requester?.valueTier, lifecycle: requester?.lifecycle)
        TicketSLA.apply(policy, timeline: timeline, to: ticket, at: now)
        if previous != ticket.slaState {
            events.add("sla", field: "sla_state", oldValue: previous?.rawValue, newValue: ticket.slaState?.rawValue)
            ticket.updatedAt = now
        }
        try await store.save(ticket)
        guard let state = ticket.slaState, state == .atRisk || state == .breached,
              let measure = ticket.sla.filter({ $0.state == state }).min(by: { ($0.dueAt ?? .distantFuture) < ($1.dueAt ?? .distantFuture) })
        else { return false }
        let occasion = "\(state.rawValue):\(measure.metric.rawValue):\(Int64(((measure.dueAt ?? .distantPast).timeIntervalSince1970 * 1000).rounded()))"
        guard try await AutomationFirings.claim(
            rule: rule, automationID: nil, ticketID: ticketID, occasion: occasion, workspaceID: workspaceID, at: now, batch: batch)
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
            for supervisor in try await supervisors(of: ticket.teamID, workspaceID: workspaceID, db: batch.db) where !told.contains(supervisor) {
                told.append(supervisor)
            }
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
            _ = try await service.apply(changes, to: ticket, details: details, events: &events, policies: policies, batch: batch)
            if case .set(let supervisor) = changes.assigneeID {
                Notifications.add(NotificationRow(workspaceID: workspaceID, userID: supervisor, ticketID: ticketID, kind: .escalated,
                    text: "Ticket \(ticket.number) breached its \(metric) target and was handed to you. \(ticket.subject)", at: now), to: batch)
            }
        }
        return true
    }

    /// The active supervisors and admins in the ticket's team: they hear of its SLA trouble with the assignee.
    private static func supervisors(of teamID: UUID?, workspaceID: UUID, db: any Database) async throws -> [UUID] {
        guard let teamID else { return [] }
        return try await (db as! any SQLDatabase).select().column(SQLColumn("id", table: "u"))
            .from(SQLAlias(SQLIdentifier("team_memberships"), as: SQLIdentifier("m")))
            .join(SQLAlias(SQLIdentifier("users"), as: SQLIdentifier("u")), method: SQLJoinMethod.inner,
                on: SQLColumn("id", table: "u"), .equal, SQLColumn("user_id", table: "m"))
            .where(SQLColumn("workspace_id", table: "m"), .equal, SQLBind(workspaceID))
            .where(SQLColumn("team_id", table: "m"), .equal, SQLBind(teamID))
            .where(SQLColumn("role", table: "u"), .in, SQLBind.group([Role.supervisor.rawValue, Role.admin.rawValue]))
            .where(SQLColumn("active", table: "u"), .equal, SQLBind(true))
            .orderBy(SQLColumn("id", table: "u")).all().map { try $0.decode(column: "id", as: UUID.self) }
    }
}
