import Fluent
import Foundation
import RapportCore
import SQLKit
import Vapor

/// The queries on a workspace's orders: the only place that touches the orders tables.
struct OrderStore {
    let db: any Database
    let workspaceID: UUID

    private var sql: any SQLDatabase { db as! any SQLDatabase }

    struct Filter {
        var customerID: UUID?
        var status: OrderStatus?
        var from: Date?
        var to: Date?
    }

    /// Newest first, then by id.
    func list(_ filter: Filter, limit: Int, offset: Int) async throws -> [OrderRow] {
        var query = sql.select().column("*").from(OrderRow.table).where("workspace_id", .equal, workspaceID)
        if let customerID = filter.customerID { query = query.where("customer_id", .equal, customerID) }
        if let status = filter.status { query = query.where("status", .equal, status.rawValue) }
        if let from = filter.from { query = query.where("ordered_at", .greaterThanOrEqual, from) }
        if let to = filter.to { query = query.where("ordered_at", .lessThan, to) }
        let rows = try await query.orderBy("ordered_at", .descending).orderBy("id", .descending)
            .limit(limit).offset(offset).all().map(OrderRow.init(row:))
        return try await withLines(rows)
    }

    func find(_ id: UUID) async throws -> OrderRow {
        guard let row = try await sql.select().column("*").from(OrderRow.table)
            .where("workspace_id", .equal, workspaceID).where("id", .equal, id).first()
        else { throw APIError.notFound("order") }
        return try await withLines([try OrderRow(row: row)])[0]
    }

    /// Ids of the orders with these references.
    func ids(ofReferences references: [String]) async throws -> [String: UUID] {
        var result: [String: UUID] = [:]
        for chunk in references.chunked(into: 500) {
            let rows = try await sql.select().column("id").column("reference").from(OrderRow.table)
                .where("workspace_id", .equal, workspaceID).where("reference", .in, Array(chunk)).all()
            for row in rows { result[try row.decode(column: "reference", as: String.self)] = try row.decode(column: "id", as: UUID.self) }
        }
        return result
    }

    /// Inserts new orders and rewrites changed ones, replacing their lines when `replaceLines`.
    func save(new: [OrderRow], changed: [OrderRow], replaceLinesOf: Set<UUID>) async throws {
        try await sql.insertRows(new.map(\.columnValues), into: OrderRow.table, columns: OrderRow.columns)
        for order in changed {
            try await sql.updateRow(OrderRow.table, workspaceID: workspaceID, id: order.id, columns: OrderRow.columns, values: order.columnValues)
        }
        for chunk in Array(replaceLinesOf).chunked(into: 500) {
            try await sql.delete(from: OrderLine.table).where("workspace_id", .equal, workspaceID).where("order_id", .in, Array(chunk)).run()
        }
        var lineRows: [[any Encodable & Sendable]] = []
        for order in new + changed where replaceLinesOf.contains(order.id) || new.contains(where: { $0.id == order.id }) {
            for (position, line) in order.lines.enumerated() {
                lineRows.append([TimeOrderedID.make(), workspaceID, order.id, position, line.product, line.quantity, line.unitPriceMinor])
            }
        }
        try await sql.insertRows(lineRows, into: OrderLine.table, columns: OrderLine.columns)
    }

    private func withLines(_ orders: [OrderRow]) async throws -> [OrderRow] {
        guard !orders.isEmpty else { return orders }
        var lines: [UUID: [(Int, OrderLine)]] = [:]
        for chunk in orders.map(\.id).chunked(into: 500) {
            let rows = try await sql.select().column("*").from(OrderLine.table)
                .where("workspace_id", .equal, workspaceID).where("order_id", .in, Array(chunk)).all()
            for row in rows {
                let line = OrderLine(
                    product: try row.decode(column: "product", as: String.self),
                    quantity: try row.decode(column: "quantity", as: Int.self),
                    unitPriceMinor: try row.decode(column: "unit_price_minor", as: Int.self))
                lines[try row.decode(column: "order_id", as: UUID.self), default: []].append((try row.decode(column: "position", as: Int.self), line))
            }
        }
        return orders.map { order in
            var order = order
            order.lines = (lines[order.id] ?? []).sorted { $0.0 < $1.0 }.map(\.1)
            return order
        }
    }

    /// One purchase of the value models: who, when, how much, whether discounted.
    struct Purchase: Sendable {
        var customerID: UUID
        var orderedAt: Date
        var amountMinor: Int
        var discounted: Bool
    }

    /// Every order that counts as a purchase, for the value fit.
    func purchases() async throws -> [Purchase] {
        let rows = try await sql.select().column("customer_id").column("ordered_at").column("amount_minor").column("discount_applied").column("status")
            .from(OrderRow.table).where("workspace_id", .equal, workspaceID).all()
        return try rows.compactMap { row in
            let status: OrderStatus = try row.decodeEnum("status")
            guard status.countsAsPurchase else { return nil }
            return Purchase(
                customerID: try row.decode(column: "customer_id", as: UUID.self),
                orderedAt: try row.decode(column: "ordered_at", as: Date.self),
                amountMinor: try row.decode(column: "amount_minor", as: Int.self),
                discounted: try row.decode(column: "discount_applied", as: Bool.self))
        }
    }
}

extension Request {
    var orders: OrderStore {
        get throws { OrderStore(db: db, workspaceID: try workspaceID) }
    }
}
