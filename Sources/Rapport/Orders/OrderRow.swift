import Foundation
import RapportCore
import SQLKit

/// A customer's order as stored: money in minor units, shipment details, and its lines.
struct OrderRow: Sendable {
    var id: UUID
    var workspaceID: UUID
    var customerID: UUID
    var reference: String
    var orderedAt: Date
    var amountMinor: Int
    var currency: String
    var discountApplied: Bool
    var discountMinor: Int?
    var channel: String?
    var status: OrderStatus
    var shipmentCarrier: String?
    var trackingNumber: String?
    var shipmentStatus: String?
    var createdAt: Date
    var updatedAt: Date
    var lines: [OrderLine] = []

    static let table = "orders"
    static let columns = [
        "id", "workspace_id", "customer_id", "reference", "ordered_at", "amount_minor", "currency", "discount_applied",
        "discount_minor", "channel", "status", "shipment_carrier", "tracking_number", "shipment_status", "created_at", "updated_at",
    ]

    var columnValues: [any Encodable & Sendable] {
        [id, workspaceID, customerID, reference, orderedAt, amountMinor, currency, discountApplied,
         discountMinor, channel, status.rawValue, shipmentCarrier, trackingNumber, shipmentStatus, createdAt, updatedAt]
    }

    init(id: UUID, workspaceID: UUID, customerID: UUID, reference: String, orderedAt: Date, amountMinor: Int, currency: String, at now: Date) {
        self.id = id
        self.workspaceID = workspaceID
        self.customerID = customerID
        self.reference = reference
        self.orderedAt = orderedAt
        self.amountMinor = amountMinor
        self.currency = currency
        discountApplied = false
        status = .paid
        createdAt = now
        updatedAt = now
    }

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: UUID.self)
        workspaceID = try row.decode(column: "workspace_id", as: UUID.self)
        customerID = try row.decode(column: "customer_id", as: UUID.self)
        reference = try row.decode(column: "reference", as: String.self)
        orderedAt = try row.decode(column: "ordered_at", as: Date.self)
        amountMinor = try row.decode(column: "amount_minor", as: Int.self)
        currency = try row.decode(column: "currency", as: String.self)
        discountApplied = try row.decode(column: "discount_applied", as: Bool.self)
        discountMinor = try row.decode(column: "discount_minor", as: Int?.self)
        channel = try row.decode(column: "channel", as: String?.self)
        status = try row.decodeEnum("status")
        shipmentCarrier = try row.decode(column: "shipment_carrier", as: String?.self)
        trackingNumber = try row.decode(column: "tracking_number", as: String?.self)
        shipmentStatus = try row.decode(column: "shipment_status", as: String?.self)
        createdAt = try row.decode(column: "created_at", as: Date.self)
        updatedAt = try row.decode(column: "updated_at", as: Date.self)
    }
}

/// One product on an order.
struct OrderLine: Sendable, Equatable {
    var product: String
    var quantity: Int
    var unitPriceMinor: Int

    static let table = "order_lines"
    static let columns = ["id", "workspace_id", "order_id", "position", "product", "quantity", "unit_price_minor"]
}
