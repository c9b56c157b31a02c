import Fluent
import Foundation
import RapportCore
import SQLKit

/// Fits a workspace's value models on its whole order history and writes what follows from them:
/// the fit, each customer's figures, and the order-based profile values (lifecycle, the
/// `discount` shopper type, value tier) with source `system`. A dimension that an agent (or an
/// import) set is left alone: their setting wins until they clear it.
struct CustomerValueFitter: Sendable {
    let db: any Database
    let workspaceID: UUID
    let now: Date

    /// What a run did, for the CLI and the benchmark.
    struct Outcome: Sendable {
        var customers = 0
        var customersWithOrders = 0
        var models: ValueModels?
        var fitSeconds = 0.0
        var totalSeconds = 0.0
    }

    static let derivedDimensions: [ProfileDimension] = [.lifecycle, .valueTier, .shopperType]

    @discardableResult
    func run(progress: (@Sendable (String) -> Void)? = nil) async throws -> Outcome {
        let started = DispatchTime.now()
        var outcome = Outcome()
        let sql = db as! any SQLDatabase
        progress?("reading orders")
        let purchases = try await OrderStore(db: db, workspaceID: workspaceID).purchases()
        let customerIDs = try await sql.select().column("id").from("customers").where("workspace_id", .equal, workspaceID)
            .where("archived_at", .is, SQLLiteral.null).all().map { try $0.decode(column: "id", as: UUID.self) }
        outcome.customers = customerIDs.count

        let byCustomer = Dictionary(grouping: purchases, by: \.customerID)
        outcome.customersWithOrders = byCustomer.count
        let histories = byCustomer.compactMapValues { orders in
            PurchaseHistory(purchases: orders.map { .init(at: $0.orderedAt, value: Double($0.amountMinor)) }, end: now)
        }
        progress?("fitting \(histories.count) customers with orders")
        let fitStarted = DispatchTime.now()
        // In customer order, so that the same orders always give the same fit to the last digit
        // (a dictionary's order changes from one instance to the next).
        let models = Self.fit(histories.sorted { $0.key.uuidString < $1.key.uuidString }.map(\.value))
        outcome.fitSeconds = Double(DispatchTime.now().uptimeNanoseconds - fitStarted.uptimeNanoseconds) / 1e9
        outcome.models = models

        // Figures per customer with orders.
        let withOrders = byCustomer.keys.sorted { $0.uuidString < $1.uuidString }
        let rfm = RFMScore.scores(withOrders.map { id in
            let orders = byCustomer[id] ?? []
            return RFMScore.Figures(
                lastOrderAt: orders.map(\.orderedAt).max() ?? now, orders: orders.count,
                totalSpend: Double(orders.reduce(0) { $0 + $1.amountMinor }))
        })
        var estimates: [UUID: ValueModels.Estimate] = [:]
        for id in withOrders {
            guard let models, let history = histories[id] else { continue }
            let orders = byCustomer[id] ?? []
            let mean = Double(orders.reduce(0) { $0 + $1.amountMinor }) / Double(max(orders.count, 1))
            estimates[id] = models.estimate(history, meanOrderValue: mean)
        }
        let tiers = ValueProfileRules.valueTiers(expectedValues: withOrders.map { estimates[$0]?.expectedValue ?? 0 })

        var valueRows: [[any Encodable & Sendable]] = []
        var conclusions: [UUID: [(ProfileDimension, ValueProfileRules.Conclusion)]] = [:]
        for id in customerIDs {
            let orders = byCustomer[id] ?? []
            let estimate = estimates[id]
            var derived: [(ProfileDimension, ValueProfileRules.Conclusion)] = [
                (.lifecycle, ValueProfileRules.lifecycle(
                    orders: orders.count, lastOrderAt: orders.map(\.orderedAt).max(), probabilityAlive: estimate?.probabilityAlive, at: now)),
            ]
            if let discount = ValueProfileRules.discountShopper(orders: orders.count, discountedOrders: orders.filter(\.discounted).count) {
                derived.append((.shopperType, discount))
            }
            if let index = withOrders.firstIndex(of: id), models != nil {
                derived.append((.valueTier, tiers[index]))
                let explanations = Dictionary(derived.map { ($0.0.rawValue, $0.1.explanation) }) { first, _ in first }
                let text = String(decoding: (try? JSONEncoder().encode(explanations)) ?? Data(), as: UTF8.self)
                valueRows.append([
                    TimeOrderedID.make(now: now), workspaceID, id, rfm[index].code, estimate?.probabilityAlive ?? 1,
                    estimate?.expectedPurchases ?? 0, Int((estimate?.expectedValue ?? 0).rounded()), text, now,
                ])
            }
            conclusions[id] = derived
        }
        progress?("writing \(customerIDs.count) customers")
        let values = valueRows
        let derivedValues = conclusions
        try await db.transaction { db in
            let sql = db as! any SQLDatabase
            try await sql.delete(from: "customer_value_fits").where("workspace_id", .equal, workspaceID).run()
            if let models, let start = purchases.map(\.orderedAt).min() {
                try await sql.insertRows([[
                    TimeOrderedID.make(now: now), workspaceID, models.purchases.r, models.purchases.alpha, models.purchases.a, models.purchases.b,
                    models.spend?.p, models.spend?.q, models.spend?.gamma, start, now, Int(models.periodLength / 86_400), histories.count, now,
                ]], into: "customer_value_fits", columns: [
                    "id", "workspace_id", "r", "alpha", "a", "b", "p", "q", "gamma", "period_start", "period_end", "period_days", "customers", "fitted_at",
                ])
            }
            try await sql.delete(from: "customer_values").where("workspace_id", .equal, workspaceID).run()
            try await sql.insertRows(values, into: "customer_values", columns: [
                "id", "workspace_id", "customer_id", "rfm", "p_alive", "expected_purchases_90d", "expected_value_90d_minor", "explanations", "computed_at",
            ])
            try await writeProfiles(derivedValues, db: db)
        }
        outcome.totalSeconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        return outcome
    }

    /// Fits BG/NBD (and Gamma-Gamma when enough customers bought again) on the histories; nil
    /// when there are too few customers to say anything.
    static func fit(_ histories: [PurchaseHistory]) -> ValueModels? {
        guard histories.count >= 2, histories.contains(where: { $0.frequency > 0 }), let purchases = BGNBD.fit(histories) else { return nil }
        return ValueModels(purchases: purchases, spend: GammaGamma.fit(histories))
    }

    /// Replaces the order-based derived values (source `orders`) of every customer; the profile
    /// shows them except where a person set the dimension (see `ProfileStore`).
    private func writeProfiles(_ conclusions: [UUID: [(ProfileDimension, ValueProfileRules.Conclusion)]], db: any Database) async throws {
        let derived = conclusions.mapValues { list in
            list.map { DerivedProfileValue(dimension: $0.0, value: $0.1.value, source: .orders, confidence: $0.1.confidence, explanation: $0.1.explanation) }
        }
        try await ProfileStore(db: db, workspaceID: workspaceID).replace(derived, from: [.orders], customers: nil, at: now)
    }
}
