import Fluent
import Foundation
import RapportCore
import SQLKit

/// A team's routing settings: its mode and the most open tickets a member may hold before routing skips them.
struct TeamRoutingSettings: Codable, Equatable, Sendable {
    var mode: RoutingMode
    var maxOpenPerAgent: Int?

    static let manual = TeamRoutingSettings(mode: .manual, maxOpenPerAgent: nil)

    enum CodingKeys: String, CodingKey {
        case mode
        case maxOpenPerAgent = "max_open_per_agent"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(mode, forKey: .mode)
        try container.encode(maxOpenPerAgent, forKey: .maxOpenPerAgent)
    }
}

/// The queries for agents' availability and skills, teams' routing settings and turns of one workspace.
struct RoutingStore {
    let db: any Database
    let workspaceID: UUID
    var sql: any SQLDatabase { db as! any SQLDatabase }

    private enum SkillKind: String {
        case language, product
        case communicationStyle = "communication_style"
    }

    // MARK: Availability

    /// Users without a row are offline.
    func availability(of userIDs: [UUID]) async throws -> [UUID: AgentAvailability] {
        guard !userIDs.isEmpty else { return [:] }
        var result: [UUID: AgentAvailability] = [:]
        for row in try await sql.select().columns("user_id", "availability").from("agent_availability")
            .where("workspace_id", .equal, workspaceID).where("user_id", .in, userIDs).all() {
            result[try row.decode(column: "user_id", as: UUID.self)] = try row.decodeEnum("availability")
        }
        return result
    }

    func setAvailability(_ availability: AgentAvailability, of userID: UUID, at now: Date) async throws {
        try await sql.insert(into: "agent_availability").columns("id", "workspace_id", "user_id", "availability", "updated_at")
            .values(SQLBind(TimeOrderedID.make(now: now)), SQLBind(workspaceID), SQLBind(userID), SQLBind(availability.rawValue), SQLBind(now))
            .onConflict(with: ["workspace_id", "user_id"]) { $0.set(excludedValueOf: "availability").set(excludedValueOf: "updated_at") }
            .run()
    }

    // MARK: Skills

    func skills(of userIDs: [UUID]) async throws -> [UUID: AgentSkills] {
        guard !userIDs.isEmpty else { return [:] }
        var result: [UUID: AgentSkills] = [:]
        for row in try await sql.select().columns("user_id", "kind", "value").from("agent_skills")
            .where("workspace_id", .equal, workspaceID).where("user_id", .in, userIDs)
            .orderBy("kind").orderBy("value").all() {
            let user = try row.decode(column: "user_id", as: UUID.self)
            let value = try row.decode(column: "value", as: String.self)
            switch SkillKind(rawValue: try row.decode(column: "kind", as: String.self)) {
            case .language: result[user, default: .none].languages.append(value)
            case .product: result[user, default: .none].products.append(value)
            case .communicationStyle:
                if let style = CommunicationStyle(rawValue: value) { result[user, default: .none].communicationStyles.append(style) }
            case nil: break
            }
        }
        return result
    }

    /// Replaces the user's skills with `skills`.
    func setSkills(_ skills: AgentSkills, of userID: UUID) async throws {
        let workspaceID = self.workspaceID
        let values = skills.languages.map { (SkillKind.language, $0) } + skills.products.map { (SkillKind.product, $0) }
            + skills.communicationStyles.map { (SkillKind.communicationStyle, $0.rawValue) }
        let rows: [[any Encodable & Sendable]] = values.map { [TimeOrderedID.make(), workspaceID, userID, $0.0.rawValue, $0.1] }
        try await db.transaction { tx in
            let sql = tx as! any SQLDatabase
            try await sql.delete(from: "agent_skills").where("workspace_id", .equal, workspaceID).where("user_id", .equal, userID).run()
            try await sql.insertRows(rows, into: "agent_skills", columns: ["id", "workspace_id", "user_id", "kind", "value"])
        }
    }

    // MARK: Teams

    /// Teams without a row route manually.
    func teamRouting(of teamIDs: [UUID]) async throws -> [UUID: TeamRoutingSettings] {
        guard !teamIDs.isEmpty else { return [:] }
        var result: [UUID: TeamRoutingSettings] = [:]
        for row in try await sql.select().columns("team_id", "mode", "max_open_per_agent").from("team_routing")
            .where("workspace_id", .equal, workspaceID).where("team_id", .in, teamIDs).all() {
            result[try row.decode(column: "team_id", as: UUID.self)] = TeamRoutingSettings(
                mode: try row.decodeEnum("mode"), maxOpenPerAgent: try row.decode(column: "max_open_per_agent", as: Int?.self))
        }
        return result
    }

    /// Changes the mode and cap, keeping the team's turn count.
    func setTeamRouting(_ settings: TeamRoutingSettings, of teamID: UUID) async throws {
        try await sql.insert(into: "team_routing").columns("id", "workspace_id", "team_id", "mode", "max_open_per_agent", "last_turn")
            .values(SQLBind(TimeOrderedID.make()), SQLBind(workspaceID), SQLBind(teamID), SQLBind(settings.mode.rawValue),
                SQLBind(settings.maxOpenPerAgent), SQLBind(Int64(0)))
            .onConflict(with: ["workspace_id", "team_id"]) { $0.set(excludedValueOf: "mode").set(excludedValueOf: "max_open_per_agent") }
            .run()
    }

    // MARK: Routing, inside the write transaction

    /// The team's active agents (members with the agent role or higher) with what `mode` weighs.
    /// Open counts include tickets created earlier in the same batch and not written yet.
    func candidates(team teamID: UUID, mode: RoutingMode, needsOpenCounts: Bool, batch: WriteBatch?) async throws -> [RoutingCandidate] {
        // One query for members, roles, availability and turns: it runs inside the one writer's transaction.
        let rows = try await sql.raw("""
            SELECT u.id AS user_id, u.role AS role, a.availability AS availability, t.last_turn AS last_turn
            FROM team_memberships m
            JOIN users u ON u.workspace_id = m.workspace_id AND u.id = m.user_id
            LEFT JOIN agent_availability a ON a.workspace_id = m.workspace_id AND a.user_id = m.user_id
            LEFT JOIN routing_turns t ON t.workspace_id = m.workspace_id AND t.team_id = m.team_id AND t.user_id = m.user_id
            WHERE m.workspace_id = \(bind: workspaceID) AND m.team_id = \(bind: teamID) AND u.active = \(bind: true)
            """).all()
        var candidates: [RoutingCandidate] = []
        for row in rows where (Role(rawValue: try row.decode(column: "role", as: String.self)) ?? .viewer) >= .agent {
            let availability = try row.decode(column: "availability", as: String?.self).flatMap(AgentAvailability.init(rawValue:))
            candidates.append(RoutingCandidate(
                userID: try row.decode(column: "user_id", as: UUID.self), availability: availability ?? .offline, openTickets: 0,
                lastTurn: try row.decode(column: "last_turn", as: Int64?.self) ?? 0))
        }
        let online = candidates.filter { $0.availability == .online }.map(\.userID)
        // Nobody online: the rule refuses without needing the rest.
        guard !online.isEmpty else { return candidates }
        let open = needsOpenCounts ? try await openTickets(of: online, batch: batch) : [:]
        let skills = mode == .skills ? try await self.skills(of: online) : [:]
        for index in candidates.indices {
            candidates[index].openTickets = open[candidates[index].userID] ?? 0
            candidates[index].skills = skills[candidates[index].userID] ?? .none
        }
        return candidates.sorted { $0.userID.uuidString < $1.userID.uuidString }
    }

    /// Unsolved tickets assigned to each of `userIDs`, in any team.
    func openTickets(of userIDs: [UUID], batch: WriteBatch?) async throws -> [UUID: Int] {
        var result: [UUID: Int] = [:]
        for row in try await sql.select().column("assignee_id").column(SQLFunction("count", args: SQLLiteral.all), as: "n").from("tickets")
            .where("workspace_id", .equal, workspaceID).where("assignee_id", .in, userIDs).where("unsolved", .equal, true)
            .groupBy("assignee_id").all() {
            result[try row.decode(column: "assignee_id", as: UUID.self)] = try row.decode(column: "n", as: Int.self)
        }
        guard let batch else { return result }
        let (columns, rows) = batch.pendingRows(of: Ticket.schema)
        guard let assignee = columns.firstIndex(of: "assignee_id"), let unsolved = columns.firstIndex(of: "unsolved"),
            let workspace = columns.firstIndex(of: "workspace_id")
        else { return result }
        let wanted = Set(userIDs)
        for row in rows where row[workspace] as? UUID == workspaceID && row[unsolved] as? Bool == true {
            if let user = row[assignee] as? UUID, wanted.contains(user) { result[user, default: 0] += 1 }
        }
        return result
    }

    /// Takes the team's next turn number. The write comes first: it locks the team's row (PostgreSQL)
    /// or holds the write lock (SQLite) before the candidates are read, so two app nodes routing for one
    /// team take turns instead of both reading the same state.
    func nextTurn(team teamID: UUID) async throws -> Int64 {
        let row = try await sql.raw("""
            INSERT INTO team_routing (id, workspace_id, team_id, mode, max_open_per_agent, last_turn)
            VALUES (\(bind: TimeOrderedID.make()), \(bind: workspaceID), \(bind: teamID), \(bind: RoutingMode.manual.rawValue), NULL, 1)
            ON CONFLICT (workspace_id, team_id) DO UPDATE SET last_turn = team_routing.last_turn + 1
            RETURNING last_turn
            """).first()
        return try row?.decode(column: "last_turn", as: Int64.self) ?? 1
    }

    /// Records that `userID` took turn `turn`: the round-robin pointer, moved in the caller's transaction.
    func record(turn: Int64, team teamID: UUID, user userID: UUID) async throws {
        try await sql.insert(into: "routing_turns").columns("id", "workspace_id", "team_id", "user_id", "last_turn")
            .values(SQLBind(TimeOrderedID.make()), SQLBind(workspaceID), SQLBind(teamID), SQLBind(userID), SQLBind(turn))
            .onConflict(with: ["workspace_id", "team_id", "user_id"]) { $0.set(excludedValueOf: "last_turn") }
            .run()
    }

    /// What the ticket asks of its agent: the customer's language (else the ticket's custom field
    /// `language`), the product, and the requester's communication styles.
    func needs(of ticket: Ticket) async throws -> RoutingNeeds {
        var needs = RoutingNeeds(product: ticket.product)
        let customer = try await sql.select().column("language").from("customers")
            .where("workspace_id", .equal, workspaceID).where("id", .equal, ticket.requesterID).first()
        if let language = try customer?.decode(column: "language", as: String?.self) { needs.language = SkillText.language(language) }
        if needs.language == nil, case .text(let language) = ticket.customFields["language"] { needs.language = SkillText.language(language) }
        needs.communicationStyles = try await sql.select().column("value").from("customer_profile_values")
            .where("workspace_id", .equal, workspaceID).where("customer_id", .equal, ticket.requesterID)
            .where("dimension", .equal, ProfileDimension.communicationStyle.rawValue).orderBy("value").all()
            .compactMap { CommunicationStyle(rawValue: try $0.decode(column: "value", as: String.self)) }
        return needs
    }
}
