import Fluent
import Foundation
import RapportCore
import SQLKit
import Vapor

/// Reads a workspace's value fit and its customers' value figures.
struct CustomerValueStore {
    let db: any Database
    let workspaceID: UUID

    private var sql: any SQLDatabase { db as! any SQLDatabase }

    func fit() async throws -> CustomerValueFitResponse? {
        guard let row = try await sql.select().column("*").from("customer_value_fits").where("workspace_id", .equal, workspaceID).first() else { return nil }
        return CustomerValueFitResponse(
            r: try row.decode(column: "r", as: Double.self), alpha: try row.decode(column: "alpha", as: Double.self),
            a: try row.decode(column: "a", as: Double.self), b: try row.decode(column: "b", as: Double.self),
            p: try row.decode(column: "p", as: Double?.self), q: try row.decode(column: "q", as: Double?.self),
            gamma: try row.decode(column: "gamma", as: Double?.self),
            period: .init(
                from: try row.decode(column: "period_start", as: Date.self), to: try row.decode(column: "period_end", as: Date.self),
                unitDays: try row.decode(column: "period_days", as: Int.self)),
            customers: try row.decode(column: "customers", as: Int.self),
            fittedAt: try row.decode(column: "fitted_at", as: Date.self))
    }

    func values(of customerIDs: [UUID]) async throws -> [UUID: CustomerValueResponse] {
        var result: [UUID: CustomerValueResponse] = [:]
        for chunk in customerIDs.chunked(into: 500) {
            let rows = try await sql.select().column("*").from("customer_values")
                .where("workspace_id", .equal, workspaceID).where("customer_id", .in, Array(chunk)).all()
            for row in rows {
                let explanations = try row.decode(column: "explanations", as: String.self)
                result[try row.decode(column: "customer_id", as: UUID.self)] = CustomerValueResponse(
                    rfm: try row.decode(column: "rfm", as: String.self),
                    pAlive: try row.decode(column: "p_alive", as: Double.self),
                    expectedPurchases90d: try row.decode(column: "expected_purchases_90d", as: Double.self),
                    expectedValue90d: MoneyText.text(try row.decode(column: "expected_value_90d_minor", as: Int.self)),
                    explanations: (try? JSONDecoder().decode([String: String].self, from: Data(explanations.utf8))) ?? [:],
                    computedAt: try row.decode(column: "computed_at", as: Date.self))
            }
        }
        return result
    }
}

/// A customer's value figures: RFM scores ("545"), probability of still being active, expected
/// purchases and spend (two decimals, the workspace's currency) in the next 90 days.
struct CustomerValueResponse: Content {
    var rfm: String
    var pAlive: Double
    var expectedPurchases90d: Double
    var expectedValue90d: String
    /// Why each order-based profile value was derived, by dimension.
    var explanations: [String: String]
    var computedAt: Date

    enum CodingKeys: String, CodingKey {
        case rfm, explanations
        case pAlive = "p_alive", expectedPurchases90d = "expected_purchases_90d", expectedValue90d = "expected_value_90d"
        case computedAt = "computed_at"
    }
}

/// GET /api/v1/analytics/customer-value: the fitted parameters and the period they were fitted on.
struct CustomerValueFitResponse: Content {
    var r: Double
    var alpha: Double
    var a: Double
    var b: Double
    var p: Double?
    var q: Double?
    var gamma: Double?
    var period: Period
    var customers: Int
    var fittedAt: Date

    struct Period: Content {
        var from: Date
        var to: Date
        var unitDays: Int
        enum CodingKeys: String, CodingKey {
            case from, to
            case unitDays = "unit_days"
        }
    }

    enum CodingKeys: String, CodingKey {
        case r, alpha, a, b, p, q, gamma, period, customers
        case fittedAt = "fitted_at"
    }
}

/// /api/v1/analytics/customer-value.
struct CustomerValueAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("analytics", "customer-value", use: show)
        routes.requiring(.supervisor).post("analytics", "customer-value", "fit", use: fit)
    }

    func show(req: Request) async throws -> CustomerValueFitResponse {
        guard let fit = try await CustomerValueStore(db: req.db, workspaceID: try req.workspaceID).fit() else {
            throw APIError.notFound("customer value fit (import orders first)")
        }
        return fit
    }

    /// Fits again now and answers the new parameters.
    func fit(req: Request) async throws -> CustomerValueFitResponse {
        let workspaceID = try req.workspaceID
        try await CustomerValueFitter(db: req.db, workspaceID: workspaceID, now: req.clock.now).run()
        return try await show(req: req)
    }
}
