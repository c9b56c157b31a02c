import Fluent
import Foundation
import RapportCore
import SQLKit
import Vapor

/// A chunk of due tickets, read and evaluated outside the writer: what its write-queue job needs to
/// store their new SLA state and escalate, without reading anything but a version check.
struct SLACheckChunk: Sendable {
    /// One workspace's share of the chunk, with what its tickets' escalations need.
    struct Workspace: Sendable {
        var id: UUID
        var policies: SLAPolicySet
        var checks: [SLACheck]
        /// The supervisors of the teams of tickets to escalate.
        var supervisors: [UUID: [UUID]]
    }

    var workspaces: [Workspace]

    /// Reads the tickets, their SLA timelines, their requesters' value tier and lifecycle, the
    /// policies and the supervisors in a few queries per workspace, on a reader connection, and
    /// evaluates the clocks with the same code as every ticket change (`TicketSLA.apply`).
    static func read(_ due: [SLAEscalations.DueTicket], app: Application, now: Date) async throws -> SLACheckChunk {
        let db = app.db
        var workspaces: [Workspace] = []
        for (workspaceID, tickets) in Dictionary(grouping: due, by: \.workspaceID).sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
            try Task.checkCancellation()
            let store = TicketStore(db: db, workspaceID: workspaceID)
            let found = try await store.sql.select().column("*").from(Ticket.schema)
                .where("workspace_id", .equal, workspaceID).where("id", .in, tickets.map(\.id)).orderBy("id").all()
                .map(Ticket.init(row:))
                // A ticket whose check moved past now since the due list was read was evaluated by
                // then (a change, or another app node's run): nothing to do for it now.
                .filter { ($0.slaCheckAt.map { $0 <= now }) == true }
            guard !found.isEmpty else { continue }
            let policies = try await app.serviceLevels.policies(for: workspaceID, db: db)
            let timelines = try await store.slaTimelines(of: found)
            // A ticket keeps its policy; only those without one (or whose policy was deleted) are matched again.
            let unmatched = found.filter { policies.policy(id: $0.slaPolicyID) == nil }.map(\.requesterID)
            let requesters = unmatched.isEmpty ? [:] : try await TicketReferences(db: db, workspaceID: workspaceID).requesters(unmatched)

            var checks: [SLACheck] = []
            for ticket in found {
                let version = SLACheck.Version(ticket)
                let previous = SLAEscalations.reevaluate(ticket, policies: policies, requester: requesters[ticket.requesterID],
                    timeline: timelines[ticket.id!]!, now: now)
                checks.append(SLACheck(ticket: ticket, previous: previous, version: version, occasion: SLAEscalations.Occasion(of: ticket)))
            }
            try await dropClaimed(&checks, workspaceID: workspaceID, db: db)
            let teams = Set(checks.filter { $0.occasion != nil }.compactMap(\.ticket.teamID))
            let supervisors = teams.isEmpty ? [:] : try await SLAEscalations.supervisors(of: teams, workspaceID: workspaceID, db: db)
            workspaces.append(Workspace(id: workspaceID, policies: policies, checks: checks, supervisors: supervisors))
        }
        return SLACheckChunk(workspaces: workspaces)
    }

    /// Forgets occasions escalated already (a ticket stays breached across several checks), so the
    /// writer does not try to claim them again; the claim in the writer still decides.
    private static func dropClaimed(_ checks: inout [SLACheck], workspaceID: UUID, db: any Database) async throws {
        let candidates = checks.filter { $0.occasion != nil }.map { $0.ticket.id! }
        guard !candidates.isEmpty else { return }
        var claimed = Set<String>()
        for chunk in candidates.chunked(into: 500).map(Array.init) {
            for row in try await (db as! any SQLDatabase).select().columns("ticket_id", "occasion").from("automation_firings")
                .where("workspace_id", .equal, workspaceID).where("rule", .equal, SLAEscalations.rule).where("ticket_id", .in, chunk).all() {
                claimed.insert("\(try row.decode(column: "ticket_id", as: UUID.self)) \(try row.decode(column: "occasion", as: String.self))")
            }
        }
        for index in checks.indices {
            if let occasion = checks[index].occasion, claimed.contains("\(checks[index].ticket.id!) \(occasion.key)") { checks[index].occasion = nil }
        }
    }
}

/// One due ticket: its SLA as evaluated now, and what it looked like when read.
struct SLACheck: Sendable {
    /// The ticket with its new SLA columns.
    var ticket: Ticket
    var previous: SLAState?
    var version: Version
    /// The escalation to claim, if any and not claimed before.
    var occasion: SLAEscalations.Occasion?

    /// What a change of the ticket touches: every change through `TicketService.apply` sets
    /// `updated_at` and moves `sla_check_at`; the others catch a change within the same instant.
    struct Version: Sendable, Equatable {
        static let columns = ["id", "updated_at", "sla_check_at", "sla_policy_id", "status", "priority", "assignee_id", "team_id", "requester_id", "merged_into_id"]

        var updatedAt: Date
        var slaCheckAt: Date?
        var slaPolicyID: UUID?
        var status: TicketStatus
        var priority: TicketPriority
        var assigneeID: UUID?
        var teamID: UUID?
        var requesterID: UUID
        var mergedIntoID: UUID?

        init(_ ticket: Ticket) {
            (updatedAt, slaCheckAt, slaPolicyID, status, priority) = (ticket.updatedAt, ticket.slaCheckAt, ticket.slaPolicyID, ticket.status, ticket.priority)
            (assigneeID, teamID, requesterID, mergedIntoID) = (ticket.assigneeID, ticket.teamID, ticket.requesterID, ticket.mergedIntoID)
        }

        init(row: any SQLRow) throws {
            updatedAt = try row.decode(column: "updated_at", as: Date.self)
            slaCheckAt = try row.decode(column: "sla_check_at", as: Date?.self)
            slaPolicyID = try row.decode(column: "sla_policy_id", as: UUID?.self)
            status = try row.decodeEnum("status")
            priority = try row.decodeEnum("priority")
            assigneeID = try row.decode(column: "assignee_id", as: UUID?.self)
            teamID = try row.decode(column: "team_id", as: UUID?.self)
            requesterID = try row.decode(column: "requester_id", as: UUID.self)
            mergedIntoID = try row.decode(column: "merged_into_id", as: UUID?.self)
        }
    }
}
