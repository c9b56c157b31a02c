import Fluent
import SQLKit

struct CreateOrders: AsyncMigration {
    var name: String { "0030_CreateOrders" }

    func prepare(on database: any Database) async throws {
        try await database.schema("orders")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("customer_id", .uuid, .required, .references("customers", "id"))
            .field("reference", .string, .required)
            .field("ordered_at", .datetime, .required)
            .field("amount_minor", .int64, .required)
            .field("currency", .string, .required)
            .field("discount_applied", .bool, .required)
            .field("discount_minor", .int64)
            .field("channel", .string)
            .field("status", .string, .required)
            .field("shipment_carrier", .string)
            .field("tracking_number", .string)
            .field("shipment_status", .string)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "workspace_id", "reference")
            .create()
        try await database.schema("order_lines")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("order_id", .uuid, .required, .references("orders", "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("product", .string, .required)
            .field("quantity", .int, .required)
            .field("unit_price_minor", .int64, .required)
            .create()
        let sql = database as! any SQLDatabase
        // A customer's orders by date, and the value fit's scan of a workspace's history.
        try await sql.create(index: "orders_of_customer").on("orders")
            .column("workspace_id").column("customer_id").column("ordered_at").run()
        try await sql.create(index: "orders_by_date").on("orders").column("workspace_id").column("ordered_at").run()
        try await sql.create(index: "order_lines_of_order").on("order_lines").column("workspace_id").column("order_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("order_lines").delete()
        try await database.schema("orders").delete()
    }
}

struct CreateCustomerValues: AsyncMigration {
    var name: String { "0031_CreateCustomerValues" }

    func prepare(on database: any Database) async throws {
        try await database.schema("customer_value_fits")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("r", .double, .required)
            .field("alpha", .double, .required)
            .field("a", .double, .required)
            .field("b", .double, .required)
            .field("p", .double)
            .field("q", .double)
            .field("gamma", .double)
            .field("period_start", .datetime, .required)
            .field("period_end", .datetime, .required)
            .field("period_days", .int, .required)
            .field("customers", .int, .required)
            .field("fitted_at", .datetime, .required)
            .unique(on: "workspace_id")
            .create()
        try await database.schema("customer_values")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("customer_id", .uuid, .required, .references("customers", "id"))
            .field("rfm", .string, .required)
            .field("p_alive", .double, .required)
            .field("expected_purchases_90d", .double, .required)
            .field("expected_value_90d_minor", .int64, .required)
            .field("explanations", .string, .required)
            .field("computed_at", .datetime, .required)
            .unique(on: "workspace_id", "customer_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("customer_values").delete()
        try await database.schema("customer_value_fits").delete()
    }
}
