import Fluent
import Foundation
import RapportCore
import SQLKit

/// A workspace's SLA policy: which tickets it covers, its targets and its business hours.
struct SLAPolicyRecord: Sendable {
    var id: UUID
    var name: String
    var position: Int
    /// Empty means any.
    var priorities: [String]
    var valueTiers: [String]
    var lifecycles: [String]
    var targets: SLATargets
    var calendarID: UUID?
    var calendar: BusinessCalendar
    var escalation: SLAEscalation

    func covers(priority: TicketPriority, valueTier: String?, lifecycle: String?) -> Bool {
        (priorities.isEmpty || priorities.contains(priority.rawValue))
            && (valueTiers.isEmpty || valueTier.map(valueTiers.contains) == true)
            && (lifecycles.isEmpty || lifecycle.map(lifecycles.contains) == true)
    }
}

/// What happens when a ticket's SLA turns at risk or breached.
struct SLAEscalation: Codable, Sendable, Equatable {
    /// Tell the assignee (and the team's supervisors) in the ticket's history and their notifications.
    var notify = true
    /// Raise the priority one step when breached.
    var raisePriorityOnBreach = false
    /// Hand a breached ticket to this user (a supervisor, typically).
    var reassignOnBreachTo: UUID?

    enum CodingKeys: String, CodingKey {
        case notify
        case raisePriorityOnBreach = "raise_priority_on_breach"
        case reassignOnBreachTo = "reassign_on_breach_to"
    }
}

/// A workspace's policies in the order they are tried.
struct SLAPolicySet: Sendable {
    var policies: [SLAPolicyRecord]

    /// The first policy that covers the ticket, or none.
    func policy(for priority: TicketPriority, valueTier: String?, lifecycle: String?) -> SLAPolicyRecord? {
        policies.first { $0.covers(priority: priority, valueTier: valueTier, lifecycle: lifecycle) }
    }

    func policy(id: UUID?) -> SLAPolicyRecord? {
        id.flatMap { id in policies.first { $0.id == id } }
    }
}

/// Reads a workspace's SLA policies with their calendars.
struct ServiceLevelStore {
    let db: any Database
    let workspaceID: UUID
    private var sql: any SQLDatabase { db as! any SQLDatabase }

    func policies() async throws -> SLAPolicySet {
        let calendars = try await sql.select().columns("id", "calendar").from("business_calendars")
            .where("workspace_id", .equal, workspaceID).all()
        var calendarByID: [UUID: BusinessCalendar] = [:]
        for row in calendars {
            calendarByID[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "calendar", as: BusinessCalendar.self)
        }
        let rows = try await sql.select()
            .columns("id", "name", "position", "priorities", "value_tiers", "lifecycles", "targets", "calendar_id", "escalation")
            .from("sla_policies").where("workspace_id", .equal, workspaceID).orderBy("position").all()
        return SLAPolicySet(policies: try rows.map { row in
            let calendarID = try row.decode(column: "calendar_id", as: UUID?.self)
            return SLAPolicyRecord(
                id: try row.decode(column: "id", as: UUID.self),
                name: try row.decode(column: "name", as: String.self),
                position: try row.decode(column: "position", as: Int.self),
                priorities: try row.decode(column: "priorities", as: [String].self),
                valueTiers: try row.decode(column: "value_tiers", as: [String].self),
                lifecycles: try row.decode(column: "lifecycles", as: [String].self),
                targets: try row.decode(column: "targets", as: SLATargets.self),
                calendarID: calendarID,
                calendar: calendarID.flatMap { calendarByID[$0] } ?? .alwaysOpen,
                escalation: try row.decode(column: "escalation", as: SLAEscalation.self))
        })
    }
}

/// Keeps each workspace's policies for a few seconds: ticket creation reads them on every request.
/// An edit reaches every app node within the cache's lifetime.
struct ServiceLevelCache: Sendable {
    private let cache = ExpiringCache<UUID, SLAPolicySet>()

    func policies(for workspaceID: UUID, db: any Database) async throws -> SLAPolicySet {
        try await cache.value(for: workspaceID) { try await ServiceLevelStore(db: db, workspaceID: workspaceID).policies() }
    }

    /// After an edit, this node sees it at once.
    func forget(_ workspaceID: UUID) async {
        await cache.forget(workspaceID)
    }
}

/// Puts a policy's evaluation on a ticket: the measures, and the summary columns views index on.
enum TicketSLA {
    static func apply(_ policy: SLAPolicyRecord?, timeline: SLATimeline, to ticket: Ticket, at now: Date) {
        ticket.slaPolicyID = policy?.id
        guard let policy else {
            ticket.sla = []
            ticket.slaState = nil
            ticket.slaDueAt = nil
            ticket.slaCheckAt = nil
            return
        }
        let measures = SLAClock.evaluate(policy.targets, calendar: policy.calendar, timeline: timeline, at: now)
        ticket.sla = measures
        ticket.slaState = summary(measures)
        ticket.slaDueAt = measures.filter { [.running, .atRisk, .breached].contains($0.state) }.compactMap(\.dueAt).min()
        ticket.slaCheckAt = SLAClock.nextChange(policy.targets, calendar: policy.calendar, timeline: timeline, at: now)
    }

    /// The most pressing state of the measures: breached, then at risk, running, paused; met or missed once all are done.
    static func summary(_ measures: [SLAMeasure]) -> SLAState? {
        let order: [SLAState] = [.breached, .atRisk, .running, .paused, .missed, .met]
        return order.first { state in measures.contains { $0.state == state } }
    }
}
