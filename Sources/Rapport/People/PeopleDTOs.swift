import Foundation
import RapportCore
import Vapor

struct UserResponse: Content {
    var id: UUID
    var email: String
    var name: String
    var role: Role
    var active: Bool
    var teamIDs: [UUID]
    var createdAt: Date?
    /// Filled in by `RoutingStore.decorate`.
    var availability: AgentAvailability = .offline
    var skills: AgentSkills = .none

    enum CodingKeys: String, CodingKey {
        case id, email, name, role, active, availability, skills
        case teamIDs = "team_ids"
        case createdAt = "created_at"
    }

    init(_ user: User, teamIDs: [UUID]) {
        self.id = user.id!
        self.email = user.email
        self.name = user.name
        self.role = user.role
        self.active = user.active
        self.teamIDs = teamIDs
        self.createdAt = user.createdAt
    }
}

struct CreateUserRequest: Content {
    var email: String?
    var name: String?
    var role: String?
    var password: String?
}

struct UpdateUserRequest: Content {
    var name: String?
    var role: String?
    var active: Bool?
    var password: String?
}

struct TeamResponse: Content {
    var id: UUID
    var name: String
    var description: String?
    var memberIDs: [UUID]
    /// Filled in by `RoutingStore.decorate`.
    var routing: TeamRoutingSettings = .manual

    enum CodingKeys: String, CodingKey {
        case id, name, description, routing
        case memberIDs = "member_ids"
    }
}

struct TeamRequest: Content {
    var name: String?
    var description: String?
    var memberIDs: [UUID]?
    var routing: TeamRoutingInput?

    enum CodingKeys: String, CodingKey {
        case name, description, routing
        case memberIDs = "member_ids"
    }
}

struct TokenRequest: Content {
    var email: String?
    var password: String?
    var workspace: String?
}

struct TokenResponse: Content {
    var token: String
    var user: UserResponse
}

enum PasswordRule {
    static func check(_ password: String, into errors: inout FieldErrors) {
        if password.count < 10 { errors.add("password", "must be at least 10 characters") }
        if password.count > 200 { errors.add("password", "must be at most 200 characters") }
    }
}
