import Fluent
import Foundation
import RapportCore
import SQLKit
import Vapor

/// DELETE /api/v1/customers/{id}/profile/{dimension}: clears an agent's (or an import's) setting
/// of one profile dimension, so that the derived values show again.
struct ProfilesAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.requiring(.agent).delete("customers", ":id", "profile", ":dimension", use: clear)
    }

    func clear(req: Request) async throws -> CustomerResponse {
        let store = try req.customers
        let customer = try await store.find(try req.requireUUID("id"))
        let raw = req.parameters.get("dimension") ?? ""
        let dimension = ProfileDimension.profileDimensions.first { $0.rawValue == raw || ProfileResponse.field(for: $0) == raw }
        guard let dimension else {
            throw APIError.validation(["dimension": "must be one of: " + ProfileDimension.profileDimensions.map(\.rawValue).joined(separator: ", ")])
        }
        let workspaceID = store.workspaceID
        let now = req.clock.now
        try await req.db.transaction { tx in
            let sql = tx as! any SQLDatabase
            try await sql.delete(from: "customer_profile_values").where("workspace_id", .equal, workspaceID)
                .where("customer_id", .equal, customer.id!).where("dimension", .equal, dimension.rawValue)
                .where("source", .in, ProfileSource.allCases.filter(\.isManual).map(\.rawValue)).run()
            try await ProfileStore(db: tx, workspaceID: workspaceID).refreshEffective(customers: [customer.id!], dimensions: [dimension], at: now)
        }
        let details = try await store.details(of: [customer.id!])
        let values = try await CustomerValueStore(db: req.db, workspaceID: workspaceID).values(of: [customer.id!])
        return CustomerResponse(customer, details: details[customer.id!] ?? .init(), value: values[customer.id!])
    }
}
