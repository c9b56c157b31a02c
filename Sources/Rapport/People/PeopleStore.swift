import Fluent
import Foundation
import RapportCore

/// The queries for users and teams of one workspace; the only place that touches their tables.
struct PeopleStore {
    let db: any Database
    let workspaceID: UUID

    func users() async throws -> [User] {
        try await User.query(on: db).filter(\.$workspaceID == workspaceID).sort(\.$name).sort(\.$id).all()
    }

    func user(_ id: UUID) async throws -> User {
        guard let user = try await User.query(on: db).filter(\.$workspaceID == workspaceID).filter(\.$id == id).first() else {
            throw APIError.notFound("user")
        }
        return user
    }

    func user(email: String) async throws -> User? {
        try await User.query(on: db).filter(\.$workspaceID == workspaceID).filter(\.$email == email).first()
    }

    func teams() async throws -> [Team] {
        try await Team.query(on: db).filter(\.$workspaceID == workspaceID).sort(\.$name).all()
    }

    func team(_ id: UUID) async throws -> Team {
        guard let team = try await Team.query(on: db).filter(\.$workspaceID == workspaceID).filter(\.$id == id).first() else {
            throw APIError.notFound("team")
        }
        return team
    }

    func team(named name: String) async throws -> Team? {
        try await Team.query(on: db).filter(\.$workspaceID == workspaceID).filter(\.$name == name).first()
    }

    /// Memberships of the given teams, or of every team when `teamIDs` is nil.
    func memberships(teamIDs: [UUID]? = nil, userIDs: [UUID]? = nil) async throws -> [TeamMembership] {
        var query = TeamMembership.query(on: db).filter(\.$workspaceID == workspaceID)
        if let teamIDs { query = query.filter(\.$teamID ~~ teamIDs) }
        if let userIDs { query = query.filter(\.$userID ~~ userIDs) }
        return try await query.all()
    }

    /// Makes the team's members exactly `userIDs`, which must all be users of this workspace.
    func setMembers(of team: Team, to userIDs: [UUID]) async throws {
        let unique = Array(Set(userIDs))
        let known = try await User.query(on: db).filter(\.$workspaceID == workspaceID).filter(\.$id ~~ unique).count()
        guard known == unique.count else { throw APIError.validation(["member_ids": "contains a user that does not exist"]) }
        let teamID = try team.requireID()
        try await db.transaction { tx in
            try await TeamMembership.query(on: tx).filter(\.$workspaceID == workspaceID).filter(\.$teamID == teamID).delete()
            for userID in unique {
                try await TeamMembership(workspaceID: workspaceID, teamID: teamID, userID: userID).create(on: tx)
            }
        }
    }
}
