import Fluent

/// Browser sessions of staff and portal customers; only the SHA-256 of the cookie's secret is stored.
struct CreateWebSessions: AsyncMigration {
    var name: String { "0060_CreateWebSessions" }

    func prepare(on database: any Database) async throws {
        try await database.schema("web_sessions")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("kind", .string, .required)
            .field("user_id", .uuid, .references("users", "id", onDelete: .cascade))
            .field("customer_id", .uuid, .references("customers", "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("web_sessions").delete()
    }
}

/// Links sent by email: password resets for staff, portal sign-in for customers. Hashed, single use, expiring.
struct CreateWebSignInLinks: AsyncMigration {
    var name: String { "0061_CreateWebSignInLinks" }

    func prepare(on database: any Database) async throws {
        try await database.schema("web_sign_in_links")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("purpose", .string, .required)
            .field("user_id", .uuid, .references("users", "id", onDelete: .cascade))
            .field("customer_id", .uuid, .references("customers", "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("web_sign_in_links").delete()
    }
}
