import Fluent
import SQLKit

struct CreateOrganizations: AsyncMigration {
    var name: String { "0005_CreateOrganizations" }

    func prepare(on database: any Database) async throws {
        try await database.schema("organizations")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("name", .string, .required)
            .field("sort_key", .string, .required)
            .field("domains", .array(of: .string), .required)
            .field("notes", .string)
            .field("attributes", .json, .required)
            .field("archived_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await (database as! any SQLDatabase).create(index: "organizations_by_name")
            .on("organizations").column("workspace_id").column("sort_key").column("id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("organizations").delete()
    }
}

struct CreateCustomers: AsyncMigration {
    var name: String { "0006_CreateCustomers" }

    func prepare(on database: any Database) async throws {
        try await database.schema("customers")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("name", .string, .required)
            .field("sort_key", .string, .required)
            .field("search_text", .string, .required)
            .field("organization_id", .uuid, .references("organizations", "id"))
            .field("buying_role", .string)
            .field("language", .string)
            .field("time_zone", .string)
            .field("address", .json)
            .field("phones", .array(of: .string), .required)
            .field("notes", .string)
            .field("attributes", .json, .required)
            .field("consent_service_email", .bool, .required)
            .field("consent_marketing", .bool, .required)
            .field("archived_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema("customer_emails")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("customer_id", .uuid, .required, .references("customers", "id", onDelete: .cascade))
            .field("address", .string, .required)
            .field("position", .int, .required)
            .unique(on: "workspace_id", "address")
            .create()
        try await database.schema("taggings")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("subject_id", .uuid, .required)
            .field("tag", .string, .required)
            .unique(on: "subject_id", "tag")
            .create()
        try await database.schema("customer_profile_values")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("customer_id", .uuid, .required, .references("customers", "id", onDelete: .cascade))
            .field("dimension", .string, .required)
            .field("value", .string, .required)
            .field("source", .string, .required)
            .field("set_by_user_id", .uuid)
            .field("set_at", .datetime, .required)
            .field("confidence", .double, .required)
            .unique(on: "customer_id", "dimension", "value")
            .create()

        // Every list is read per workspace in name order, and filters look up by value first.
        let sql = database as! any SQLDatabase
        try await sql.create(index: "customers_by_name").on("customers")
            .column("workspace_id").column("sort_key").column("id").run()
        try await sql.create(index: "customers_by_organization").on("customers")
            .column("organization_id").run()
        try await sql.create(index: "customer_emails_by_customer").on("customer_emails")
            .column("customer_id").run()
        try await sql.create(index: "taggings_by_tag").on("taggings")
            .column("workspace_id").column("tag").column("subject_id").run()
        try await sql.create(index: "profile_values_by_value").on("customer_profile_values")
            .column("workspace_id").column("dimension").column("value").column("customer_id").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["customer_profile_values", "taggings", "customer_emails", "customers"] {
            try await database.schema(table).delete()
        }
    }
}

/// Emails, tags and profile values are read per customer; without these indexes the database
/// walked every row of the workspace to find one customer's, and a re-import of 100,000 rows
/// slowed down with each batch.
struct IndexCustomerDetailsByCustomer: AsyncMigration {
    var name: String { "0008_IndexCustomerDetailsByCustomer" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(index: "customer_emails_of_customer").on("customer_emails")
            .column("workspace_id").column("customer_id").column("position").run()
        try await sql.create(index: "taggings_of_subject").on("taggings")
            .column("workspace_id").column("subject_id").column("tag").run()
        try await sql.create(index: "profile_values_of_customer").on("customer_profile_values")
            .column("workspace_id").column("customer_id").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for index in ["customer_emails_of_customer", "taggings_of_subject", "profile_values_of_customer"] {
            try await sql.drop(index: index).run()
        }
    }
}
