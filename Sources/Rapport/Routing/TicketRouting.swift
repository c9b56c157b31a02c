import Fluent
import Foundation
import RapportCore

/// Routing inside the write queue's transaction: the candidates are read, the agent chosen, the
/// ticket assigned and the team's round-robin pointer moved in the same transaction, so requests
/// that share a batch (or arrive at once) see each other's assignments and stay fair.
enum TicketRouting {
    /// A new ticket with a team and no assignee goes to the team's next agent when the team routes automatically.
    /// Called before the ticket row is collected, so it only sets the assignee.
    static func routeNew(_ ticket: Ticket, events: inout TicketEventLog, batch: WriteBatch) async throws {
        guard ticket.assigneeID == nil, let teamID = ticket.teamID, ticket.unsolved else { return }
        _ = try await route(ticket, team: teamID, onDemand: false, events: &events, batch: batch)
    }

    /// A change that put the ticket in a team and left it without an assignee routes it; the ticket is saved again.
    static func routeMoved(_ ticket: Ticket, _ changes: TicketChanges, events: inout TicketEventLog, batch: WriteBatch) async throws {
        guard case .set(let teamID) = changes.teamID, ticket.assigneeID == nil, ticket.unsolved else { return }
        if case .success = try await route(ticket, team: teamID, onDemand: false, events: &events, batch: batch) {
            try await TicketStore(db: batch.db, workspaceID: ticket.workspaceID).save(ticket)
        }
    }

    /// Chooses an agent of `team` and assigns the ticket in memory, recording the turn and the events.
    /// Automatic routing acts as the system; on demand, the person who asked. A manual team routed on
    /// demand is served by fewest open tickets.
    static func route(
        _ ticket: Ticket, team teamID: UUID, onDemand: Bool, events: inout TicketEventLog, batch: WriteBatch
    ) async throws -> Result<RoutingDecision, RoutingRefusal> {
        let store = RoutingStore(db: batch.db, workspaceID: ticket.workspaceID)
        let settings = try await batch.remember("team_routing:\(ticket.workspaceID):\(teamID)") {
            try await store.teamRouting(of: [teamID])[teamID] ?? .manual
        }
        let mode = settings.mode == .manual && onDemand ? .fewestOpen : settings.mode
        if mode == .manual { return .failure(.manual) }
        let turn = try await store.nextTurn(team: teamID)
        let needsOpenCounts = mode != .roundRobin || settings.maxOpenPerAgent != nil
        let candidates = try await store.candidates(team: teamID, mode: mode, needsOpenCounts: needsOpenCounts, batch: batch)
        let needs = mode == .skills ? try await store.needs(of: ticket) : RoutingNeeds()
        let outcome = RoutingRule.choose(mode: mode, candidates: candidates, needs: needs, maxOpenPerAgent: settings.maxOpenPerAgent)
        let actor: EventActor? = onDemand ? nil : .system
        switch outcome {
        case .success(let decision):
            try await store.record(turn: turn, team: teamID, user: decision.userID)
            ticket.assigneeID = decision.userID
            events.add("updated", field: "assignee_id", oldValue: nil, newValue: decision.userID.uuidString, by: actor)
            events.add("routed", field: "assignee_id", newValue: decision.reason, by: actor)
        case .failure(let refusal):
            if !onDemand { events.add("routing_waiting", field: "team_id", newValue: refusal.message, by: actor) }
        }
        return outcome
    }
}
