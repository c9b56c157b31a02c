import Fluent
import Foundation
import RapportCore
import Vapor

/// Availability, skills and routing on demand:
/// PUT /api/v1/me/availability, PUT /api/v1/users/{id}/availability, PUT /api/v1/users/{id}/skills,
/// POST /api/v1/tickets/{id}/route.
struct RoutingAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.requiring(.agent).put("me", "availability", use: setMyAvailability)
        let users = routes.grouped("users").requiring(.admin)
        users.put(":id", "availability", use: setAvailability)
        users.put(":id", "skills", use: setSkills)
        routes.grouped("tickets").requiring(.agent).post(":id", "route", use: route)
    }

    /// An agent says whether they are taking tickets.
    func setMyAvailability(req: Request) async throws -> UserResponse {
        let availability = try req.content.decode(AvailabilityInput.self).validated()
        let actor = try req.actor
        try await req.routing.setAvailability(availability, of: actor.userID, at: req.clock.now)
        return try await userResponse(actor.userID, req: req)
    }

    /// An admin sets anyone's availability (an agent who left without signing off, say).
    func setAvailability(req: Request) async throws -> UserResponse {
        // Another workspace's user answers 404 before the input is judged.
        let user = try await req.people.user(try req.requireUUID("id"))
        let availability = try req.content.decode(AvailabilityInput.self).validated()
        try await req.routing.setAvailability(availability, of: user.id!, at: req.clock.now)
        return try await userResponse(user.id!, req: req)
    }

    func setSkills(req: Request) async throws -> UserResponse {
        let user = try await req.people.user(try req.requireUUID("id"))
        let skills = try req.content.decode(SkillsInput.self).validated()
        try await req.routing.setSkills(skills, of: user.id!)
        return try await userResponse(user.id!, req: req)
    }

    /// Routes an unassigned ticket of a team now; 409 when it is assigned, solved, has no team or nobody is available.
    func route(req: Request) async throws -> RouteResponse {
        let id = try req.requireUUID("id")
        let actor = try req.actor
        let now = req.clock.now
        let (ticket, decision) = try await req.writes.perform { batch in
            let store = TicketStore(db: batch.db, workspaceID: actor.workspaceID)
            let ticket = try await store.find(id)
            if ticket.assigneeID != nil {
                throw APIError(.conflict, code: "already_assigned", message: "Ticket \(ticket.number) is already assigned; clear assignee_id to route it again.")
            }
            if !ticket.unsolved {
                throw APIError(.conflict, code: "ticket_solved", message: "Ticket \(ticket.number) is \(ticket.status.rawValue); only unsolved tickets are routed.")
            }
            guard let teamID = ticket.teamID else {
                throw APIError(.conflict, code: "no_team", message: "Ticket \(ticket.number) is in no team; set team_id to route it.")
            }
            var events = TicketEventLog(workspaceID: actor.workspaceID, ticketID: id, actor: .user(actor.userID), at: now)
            switch try await TicketRouting.route(ticket, team: teamID, onDemand: true, events: &events, batch: batch) {
            case .failure(let refusal):
                throw APIError(.conflict, code: "nobody_available", message: refusal.message)
            case .success(let decision):
                ticket.updatedAt = now
                try await store.save(ticket)
                events.insert(into: batch)
                return (ticket, decision)
            }
        }
        let details = try await req.tickets.details(of: [id])[id] ?? TicketDetails()
        return RouteResponse(assigneeID: decision.userID, reason: decision.reason, ticket: TicketResponse(ticket, details: details))
    }

    private func userResponse(_ id: UUID, req: Request) async throws -> UserResponse {
        let people = try req.people
        let user = try await people.user(id)
        return try await req.routing.decorate(UserResponse(user, teamIDs: try await people.memberships(userIDs: [id]).map(\.teamID)))
    }
}

extension RoutingStore {
    /// The users with their availability and skills.
    func decorate(_ users: [UserResponse]) async throws -> [UserResponse] {
        let ids = users.map(\.id)
        let availability = try await self.availability(of: ids)
        let skills = try await self.skills(of: ids)
        return users.map { user in
            var user = user
            user.availability = availability[user.id] ?? .offline
            user.skills = skills[user.id] ?? .none
            return user
        }
    }

    func decorate(_ user: UserResponse) async throws -> UserResponse {
        try await decorate([user])[0]
    }

    /// The teams with their routing settings.
    func decorate(_ teams: [TeamResponse]) async throws -> [TeamResponse] {
        let settings = try await teamRouting(of: teams.map(\.id))
        return teams.map { team in
            var team = team
            team.routing = settings[team.id] ?? .manual
            return team
        }
    }

    func decorate(_ team: TeamResponse) async throws -> TeamResponse {
        try await decorate([team])[0]
    }
}

extension Request {
    var routing: RoutingStore {
        get throws { RoutingStore(db: db, workspaceID: try workspaceID) }
    }
}
