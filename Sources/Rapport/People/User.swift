import Fluent
import Foundation
import RapportCore

/// A member of a service team who signs in: admin, supervisor, agent or viewer.
final class User: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    @Field(key: "workspace_id") var workspaceID: UUID
    @Field(key: "email") var email: String
    @Field(key: "name") var name: String
    @Field(key: "role") var role: Role
    @OptionalField(key: "password_hash") var passwordHash: String?
    @Field(key: "active") var active: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(workspaceID: UUID, email: String, name: String, role: Role, passwordHash: String?) {
        self.workspaceID = workspaceID
        self.email = email
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
        self.active = true
    }
}

/// A group of users who share work, such as "Billing" or "Returns".
final class Team: Model, @unchecked Sendable {
    static let schema = "teams"

    @ID(key: .id) var id: UUID?
    @Field(key: "workspace_id") var workspaceID: UUID
    @Field(key: "name") var name: String
    @OptionalField(key: "description") var details: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(workspaceID: UUID, name: String, details: String?) {
        self.workspaceID = workspaceID
        self.name = name
        self.details = details
    }
}

/// A user's place in a team.
final class TeamMembership: Model, @unchecked Sendable {
    static let schema = "team_memberships"

    @ID(key: .id) var id: UUID?
    @Field(key: "workspace_id") var workspaceID: UUID
    @Field(key: "team_id") var teamID: UUID
    @Field(key: "user_id") var userID: UUID

    init() {}

    init(workspaceID: UUID, teamID: UUID, userID: UUID) {
        self.workspaceID = workspaceID
        self.teamID = teamID
        self.userID = userID
    }
}

/// A credential for the API. Only the SHA-256 of the secret is stored; the secret is shown once.
final class APIToken: Model, @unchecked Sendable {
    static let schema = "api_tokens"

    @ID(key: .id) var id: UUID?
    @Field(key: "workspace_id") var workspaceID: UUID
    @Field(key: "user_id") var userID: UUID
    @Field(key: "name") var name: String
    @Field(key: "token_hash") var tokenHash: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?

    init() {}

    init(workspaceID: UUID, userID: UUID, name: String, tokenHash: String) {
        self.workspaceID = workspaceID
        self.userID = userID
        self.name = name
        self.tokenHash = tokenHash
    }
}
