import Fluent
import Foundation
import RapportCore
import SQLKit

/// A workspace's derived profile values and how they reach the profile the API shows.
///
/// `customer_profile_derivations` holds every derived value; `customer_profile_values` holds the
/// effective profile (what filters, playbooks and the customer resource read). For each customer
/// and dimension the effective values are the manual ones (source `agent` or `import`) when there
/// are any, otherwise the derived ones. Derivations keep being computed under a manual setting, so
/// clearing it shows them at once.
struct ProfileStore {
    let db: any Database
    let workspaceID: UUID

    private var sql: any SQLDatabase { db as! any SQLDatabase }
    static let derivationColumns = ["id", "workspace_id", "customer_id", "dimension", "value", "source", "confidence", "explanation", "computed_at"]
    static let valueColumns = ["id", "workspace_id", "customer_id", "dimension", "value", "source", "set_by_user_id", "set_at", "confidence", "explanation"]

    /// Replaces what `sources` concluded about `customers` (nil: every customer of the workspace)
    /// with `values`, then brings their effective profile up to date.
    func replace(_ values: [UUID: [DerivedProfileValue]], from sources: [ProfileSource], customers: [UUID]?, at now: Date) async throws {
        let sourceNames = sources.map(\.rawValue)
        if let customers {
            for chunk in customers.chunked(into: 500) {
                try await sql.delete(from: "customer_profile_derivations").where("workspace_id", .equal, workspaceID)
                    .where("customer_id", .in, Array(chunk)).where("source", .in, sourceNames).run()
            }
        } else {
            try await sql.delete(from: "customer_profile_derivations").where("workspace_id", .equal, workspaceID)
                .where("source", .in, sourceNames).run()
        }
        var rows: [[any Encodable & Sendable]] = []
        for (customerID, derived) in values.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
            for value in derived where sources.contains(value.source) {
                rows.append([
                    TimeOrderedID.make(now: now), workspaceID, customerID, value.dimension.rawValue, value.value,
                    value.source.rawValue, value.confidence, value.explanation, now,
                ])
            }
        }
        try await sql.insertRows(rows, into: "customer_profile_derivations", columns: Self.derivationColumns)
        let dimensions = Array(Set(sources.flatMap(\.derivedDimensions)))
        try await refreshEffective(customers: customers, dimensions: dimensions, at: now)
    }

    /// Rewrites the derived part of the effective profile of `customers` (nil: all) in `dimensions`,
    /// leaving alone every customer and dimension that holds a manual setting.
    func refreshEffective(customers: [UUID]?, dimensions: [ProfileDimension], at now: Date) async throws {
        guard !dimensions.isEmpty else { return }
        let dimensionNames = dimensions.map(\.rawValue)
        let manualNames = ProfileSource.allCases.filter(\.isManual).map(\.rawValue)
        let chunks: [[UUID]?] = customers.map { $0.chunked(into: 500).map { Optional(Array($0)) } } ?? [nil]
        for chunk in chunks {
            func scoped(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
                let query = query.where("workspace_id", .equal, workspaceID).where("dimension", .in, dimensionNames)
                return chunk.map { query.where("customer_id", .in, $0) } ?? query
            }
            var manual: Set<String> = []
            for row in try await scoped(sql.select().column("customer_id").column("dimension").from("customer_profile_values"))
                .where("source", .in, manualNames).all() {
                manual.insert("\(try row.decode(column: "customer_id", as: UUID.self))|\(try row.decode(column: "dimension", as: String.self))")
            }
            let derived = try await scoped(sql.select().columns("customer_id", "dimension", "value", "source", "confidence", "explanation", "computed_at")
                .from("customer_profile_derivations")).all()
            let delete = sql.delete(from: "customer_profile_values").where("workspace_id", .equal, workspaceID)
                .where("dimension", .in, dimensionNames).where("source", .notIn, manualNames)
            if let chunk { delete.where("customer_id", .in, chunk) }
            try await delete.run()
            var rows: [[any Encodable & Sendable]] = []
            var seen: Set<String> = []
            for row in derived {
                let customerID = try row.decode(column: "customer_id", as: UUID.self)
                let dimension = try row.decode(column: "dimension", as: String.self)
                let value = try row.decode(column: "value", as: String.self)
                guard !manual.contains("\(customerID)|\(dimension)"), seen.insert("\(customerID)|\(dimension)|\(value)").inserted else { continue }
                rows.append([
                    TimeOrderedID.make(now: now), workspaceID, customerID, dimension, value,
                    try row.decode(column: "source", as: String.self), nil as UUID?,
                    try row.decode(column: "computed_at", as: Date.self), try row.decode(column: "confidence", as: Double.self),
                    try row.decode(column: "explanation", as: String.self),
                ])
            }
            try await sql.insertRows(rows, into: "customer_profile_values", columns: Self.valueColumns)
        }
    }

    /// Every derived value of these customers, shown or hidden under a manual setting.
    func derivations(of customerIDs: [UUID]) async throws -> [UUID: [ProfileValue]] {
        var result: [UUID: [ProfileValue]] = [:]
        for chunk in customerIDs.chunked(into: 500) {
            let rows = try await sql.select().columns("customer_id", "dimension", "value", "source", "confidence", "explanation", "computed_at")
                .from("customer_profile_derivations").where("workspace_id", .equal, workspaceID).where("customer_id", .in, Array(chunk)).all()
            for row in rows {
                let value = ProfileValue(
                    dimension: try row.decode(column: "dimension", as: ProfileDimension.self),
                    value: try row.decode(column: "value", as: String.self),
                    source: try row.decode(column: "source", as: ProfileSource.self),
                    setAt: try row.decode(column: "computed_at", as: Date.self),
                    confidence: try row.decode(column: "confidence", as: Double.self),
                    explanation: try row.decode(column: "explanation", as: String.self))
                result[try row.decode(column: "customer_id", as: UUID.self), default: []].append(value)
            }
        }
        for id in result.keys {
            result[id]?.sort { ($0.dimension.sortIndex, $0.value) < ($1.dimension.sortIndex, $1.value) }
        }
        return result
    }
}
