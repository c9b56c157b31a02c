import Fluent
import Foundation
import RapportCore
import Vapor

/// /api/v1/users: admins manage who may sign in and with which role.
struct UsersAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let users = routes.grouped("users").requiring(.admin)
        users.get(use: list)
        users.post(use: create)
        users.get(":id", use: show)
        users.patch(":id", use: update)
    }

    func list(req: Request) async throws -> Page<UserResponse> {
        let store = try req.people
        let users = try await store.users()
        let memberships = try await store.memberships()
        let teamsByUser = Dictionary(grouping: memberships, by: \.userID)
        let items = users.map { UserResponse($0, teamIDs: (teamsByUser[$0.id!] ?? []).map(\.teamID)) }
        return Page(items: try await req.routing.decorate(items), nextCursor: nil)
    }

    func show(req: Request) async throws -> UserResponse {
        let store = try req.people
        let user = try await store.user(try req.requireUUID("id"))
        return try await req.routing.decorate(UserResponse(user, teamIDs: try await store.memberships(userIDs: [user.id!]).map(\.teamID)))
    }

    func create(req: Request) async throws -> Response {
        let input = try req.content.decode(CreateUserRequest.self)
        var errors = FieldErrors()
        let name = errors.requireText("name", input.name)
        let emails = errors.emails("email", [input.email ?? ""])
        if input.email == nil { errors.add("email", "is required") }
        let role = errors.choice("role", input.role ?? "", as: Role.self)
        if let password = input.password { PasswordRule.check(password, into: &errors) }
        try errors.throwIfAny()
        let store = try req.people
        guard try await store.user(email: emails[0]) == nil else {
            throw APIError.conflict("A user with this email already exists.", field: "email")
        }
        let hash = try await input.password.asyncMap { try await req.password.async.hash($0) }
        let user = User(workspaceID: try req.workspaceID, email: emails[0], name: name, role: role!, passwordHash: hash)
        try await user.create(on: req.db)
        return try await UserResponse(user, teamIDs: []).encodeResponse(status: .created, for: req)
    }

    func update(req: Request) async throws -> UserResponse {
        let input = try req.content.decode(UpdateUserRequest.self)
        let store = try req.people
        let user = try await store.user(try req.requireUUID("id"))
        var errors = FieldErrors()
        if input.name != nil { user.name = errors.requireText("name", input.name) }
        if let raw = input.role, let role = errors.choice("role", raw, as: Role.self) { user.role = role }
        if let password = input.password { PasswordRule.check(password, into: &errors) }
        let actor = try req.actor
        if user.id == actor.userID, input.active == false || (input.role != nil && user.role != .admin) {
            errors.add(input.active == false ? "active" : "role", "cannot remove your own admin access")
        }
        try errors.throwIfAny()
        if let active = input.active { user.active = active }
        if let password = input.password { user.passwordHash = try await req.password.async.hash(password) }
        try await user.save(on: req.db)
        req.application.actorCache.forget(userID: user.id!)
        return try await req.routing.decorate(UserResponse(user, teamIDs: try await store.memberships(userIDs: [user.id!]).map(\.teamID)))
    }
}

/// /api/v1/teams: admins group users into teams.
struct TeamsAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let teams = routes.grouped("teams").requiring(.admin)
        teams.get(use: list)
        teams.post(use: create)
        teams.get(":id", use: show)
        teams.patch(":id", use: update)
        teams.delete(":id", use: delete)
    }

    func list(req: Request) async throws -> Page<TeamResponse> {
        let store = try req.people
        let teams = try await store.teams()
        let members = Dictionary(grouping: try await store.memberships(), by: \.teamID)
        return Page(items: try await req.routing.decorate(teams.map { response($0, members: members[$0.id!] ?? []) }), nextCursor: nil)
    }

    func show(req: Request) async throws -> TeamResponse {
        let store = try req.people
        let team = try await store.team(try req.requireUUID("id"))
        return try await req.routing.decorate(response(team, members: try await store.memberships(teamIDs: [team.id!])))
    }

    func create(req: Request) async throws -> Response {
        let input = try req.content.decode(TeamRequest.self)
        var errors = FieldErrors()
        let name = errors.requireText("name", input.name, maxLength: 100)
        let details = errors.optionalText("description", input.description, maxLength: 2000)
        try errors.throwIfAny()
        let routing = try input.routing?.validated()
        let store = try req.people
        guard try await store.team(named: name) == nil else { throw APIError.conflict("A team with this name already exists.", field: "name") }
        let team = Team(workspaceID: try req.workspaceID, name: name, details: details)
        try await team.create(on: req.db)
        try await store.setMembers(of: team, to: input.memberIDs ?? [])
        if let routing { try await req.routing.setTeamRouting(routing, of: team.id!) }
        return try await req.routing.decorate(response(team, members: try await store.memberships(teamIDs: [team.id!])))
            .encodeResponse(status: .created, for: req)
    }

    func update(req: Request) async throws -> TeamResponse {
        let input = try req.content.decode(TeamRequest.self)
        let store = try req.people
        let team = try await store.team(try req.requireUUID("id"))
        var errors = FieldErrors()
        if input.name != nil { team.name = errors.requireText("name", input.name, maxLength: 100) }
        if input.description != nil { team.details = errors.optionalText("description", input.description, maxLength: 2000) }
        try errors.throwIfAny()
        let routing = try input.routing?.validated()
        if let other = try await store.team(named: team.name), other.id != team.id {
            throw APIError.conflict("A team with this name already exists.", field: "name")
        }
        try await team.save(on: req.db)
        if let members = input.memberIDs { try await store.setMembers(of: team, to: members) }
        if let routing { try await req.routing.setTeamRouting(routing, of: team.id!) }
        return try await req.routing.decorate(response(team, members: try await store.memberships(teamIDs: [team.id!])))
    }

    func delete(req: Request) async throws -> HTTPStatus {
        let team = try await req.people.team(try req.requireUUID("id"))
        try await team.delete(on: req.db)
        return .noContent
    }

    private func response(_ team: Team, members: [TeamMembership]) -> TeamResponse {
        TeamResponse(id: team.id!, name: team.name, description: team.details, memberIDs: members.map(\.userID).sorted { $0.uuidString < $1.uuidString })
    }
}

/// /api/v1/auth/token: trade an email and password for an API token; /api/v1/me: who am I.
struct SessionAPI: RouteCollection {
    let authenticated: any RoutesBuilder

    func boot(routes: any RoutesBuilder) throws {
        routes.post("auth", "token", use: issueToken)
        authenticated.get("me", use: me)
    }

    func issueToken(req: Request) async throws -> Response {
        let input = try req.content.decode(TokenRequest.self)
        var errors = FieldErrors()
        let email = EmailAddress.normalize(errors.requireText("email", input.email, maxLength: 254))
        let password = input.password ?? ""
        if password.isEmpty { errors.add("password", "is required") }
        try errors.throwIfAny()
        let user = try await StaffCredentials.check(email: email, password: password, workspace: input.workspace, req: req)
        let secret = try await APITokens(db: req.db).issue(for: user, name: "sign-in")
        let teams = try await PeopleStore(db: req.db, workspaceID: user.workspaceID).memberships(userIDs: [user.id!]).map(\.teamID)
        let shown = try await RoutingStore(db: req.db, workspaceID: user.workspaceID).decorate(UserResponse(user, teamIDs: teams))
        return try await TokenResponse(token: secret, user: shown).encodeResponse(status: .created, for: req)
    }

    func me(req: Request) async throws -> UserResponse {
        let actor = try req.actor
        let store = try req.people
        let user = try await store.user(actor.userID)
        return try await req.routing.decorate(UserResponse(user, teamIDs: try await store.memberships(userIDs: [actor.userID]).map(\.teamID)))
    }
}

extension Request {
    var people: PeopleStore {
        get throws { PeopleStore(db: db, workspaceID: try workspaceID) }
    }

    /// A path parameter that must be a UUID; anything else is treated as an unknown id (404).
    func requireUUID(_ name: String) throws -> UUID {
        guard let raw = parameters.get(name), let id = UUID(uuidString: raw) else { throw APIError.notFound("record") }
        return id
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
