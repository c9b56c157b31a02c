import Fluent
import SQLKit

/// Derived profile values carry an explanation where the customer's profile shows them.
struct AddProfileValueExplanations: AsyncMigration {
    var name: String { "0055_AddProfileValueExplanations" }

    func prepare(on database: any Database) async throws {
        try await database.schema("customer_profile_values").field("explanation", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("customer_profile_values").deleteField("explanation").update()
    }
}

/// Everything Rapport derives about a customer, kept even while an agent's setting hides it, so
/// that clearing the setting shows the derived value at once.
struct CreateProfileDerivations: AsyncMigration {
    var name: String { "0056_CreateProfileDerivations" }

    func prepare(on database: any Database) async throws {
        try await database.schema("customer_profile_derivations")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("customer_id", .uuid, .required, .references("customers", "id", onDelete: .cascade))
            .field("dimension", .string, .required)
            .field("value", .string, .required)
            .field("source", .string, .required)
            .field("confidence", .double, .required)
            .field("explanation", .string, .required)
            .field("computed_at", .datetime, .required)
            .create()
        try await (database as! any SQLDatabase).create(index: "profile_derivations_of_customer").on("customer_profile_derivations")
            .column("workspace_id").column("customer_id").column("source").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("customer_profile_derivations").delete()
    }
}

/// Customers whose profile needs computing again, queued by ticket and order writes and drained
/// in batches by the background profile job.
struct CreateProfileQueue: AsyncMigration {
    var name: String { "0057_CreateProfileQueue" }

    func prepare(on database: any Database) async throws {
        try await database.schema("profile_queue")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("customer_id", .uuid, .required)
            .field("reason", .string, .required)
            .field("queued_at", .datetime, .required)
            .create()
        try await (database as! any SQLDatabase).create(index: "profile_queue_by_customer").on("profile_queue")
            .column("workspace_id").column("customer_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("profile_queue").delete()
    }
}

/// A customer's own messages, newest first: what the style aggregation reads.
struct IndexMessagesByCustomer: AsyncMigration {
    var name: String { "0058_IndexMessagesByCustomer" }

    func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase).create(index: "ticket_messages_by_customer").on("ticket_messages")
            .column("workspace_id").column("author_customer_id").column("created_at").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "ticket_messages_by_customer").run()
    }
}

/// Order-based profile values were stored with source `system`; they now say `orders`.
struct RenameSystemProfileSource: AsyncMigration {
    var name: String { "0059_RenameSystemProfileSource" }

    func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase).update("customer_profile_values")
            .set("source", to: "orders").where("source", .equal, "system").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).update("customer_profile_values")
            .set("source", to: "system").where("source", .equal, "orders").run()
    }
}
