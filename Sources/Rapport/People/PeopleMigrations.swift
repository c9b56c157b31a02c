import Fluent

struct CreateUsers: AsyncMigration {
    var name: String { "0002_CreateUsers" }

    func prepare(on database: any Database) async throws {
        try await database.schema("users")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("email", .string, .required)
            .field("name", .string, .required)
            .field("role", .string, .required)
            .field("password_hash", .string)
            .field("active", .bool, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "workspace_id", "email")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("users").delete()
    }
}

struct CreateTeams: AsyncMigration {
    var name: String { "0003_CreateTeams" }

    func prepare(on database: any Database) async throws {
        try await database.schema("teams")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("name", .string, .required)
            .field("description", .string)
            .field("created_at", .datetime)
            .unique(on: "workspace_id", "name")
            .create()
        try await database.schema("team_memberships")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("team_id", .uuid, .required, .references("teams", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .unique(on: "team_id", "user_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("team_memberships").delete()
        try await database.schema("teams").delete()
    }
}

struct CreateAPITokens: AsyncMigration {
    var name: String { "0004_CreateAPITokens" }

    func prepare(on database: any Database) async throws {
        try await database.schema("api_tokens")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("token_hash", .string, .required)
            .field("created_at", .datetime)
            .field("last_used_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("api_tokens").delete()
    }
}
