import Foundation
import RapportCore
import Vapor

/// An order as the API shows it.
struct OrderResponse: Content {
    var id: UUID
    var customerID: UUID
    var reference: String
    var orderedAt: Date
    var amount: String
    var amountMinor: Int
    var currency: String
    var discountApplied: Bool
    var discountAmount: String?
    var channel: String?
    var status: OrderStatus
    var shipmentCarrier: String?
    var trackingNumber: String?
    var shipmentStatus: String?
    var lines: [Line]
    var createdAt: Date
    var updatedAt: Date

    struct Line: Content {
        var product: String
        var quantity: Int
        var unitPrice: String
        enum CodingKeys: String, CodingKey {
            case product, quantity
            case unitPrice = "unit_price"
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, reference, amount, currency, channel, status, lines
        case customerID = "customer_id", orderedAt = "ordered_at", amountMinor = "amount_minor"
        case discountApplied = "discount_applied", discountAmount = "discount_amount"
        case shipmentCarrier = "shipment_carrier", trackingNumber = "tracking_number", shipmentStatus = "shipment_status"
        case createdAt = "created_at", updatedAt = "updated_at"
    }

    init(_ order: OrderRow) {
        id = order.id
        customerID = order.customerID
        reference = order.reference
        orderedAt = order.orderedAt
        amount = MoneyText.text(order.amountMinor)
        amountMinor = order.amountMinor
        currency = order.currency
        discountApplied = order.discountApplied
        discountAmount = order.discountMinor.map(MoneyText.text)
        channel = order.channel
        status = order.status
        shipmentCarrier = order.shipmentCarrier
        trackingNumber = order.trackingNumber
        shipmentStatus = order.shipmentStatus
        lines = order.lines.map { Line(product: $0.product, quantity: $0.quantity, unitPrice: MoneyText.text($0.unitPriceMinor)) }
        createdAt = order.createdAt
        updatedAt = order.updatedAt
    }
}

/// The body of POST /orders (everything required is checked) and PATCH /orders/{id} (what is
/// present changes). Money is text with up to two decimals ("12.34").
struct OrderInput: Decodable, Sendable {
    var customerID: String?
    var reference: String?
    var orderedAt: String?
    var amount: String?
    var currency: String?
    var discountApplied: Bool?
    var discountAmount: String?
    var channel: String?
    var status: String?
    var shipmentCarrier: String?
    var trackingNumber: String?
    var shipmentStatus: String?
    var lines: [LineInput]?

    struct LineInput: Decodable, Sendable {
        var product: String?
        var quantity: Int?
        var unitPrice: String?
        enum CodingKeys: String, CodingKey {
            case product, quantity
            case unitPrice = "unit_price"
        }
    }

    enum CodingKeys: String, CodingKey {
        case reference, amount, currency, channel, status, lines
        case customerID = "customer_id", orderedAt = "ordered_at"
        case discountApplied = "discount_applied", discountAmount = "discount_amount"
        case shipmentCarrier = "shipment_carrier", trackingNumber = "tracking_number", shipmentStatus = "shipment_status"
    }

    /// Applies the input to `order` (a blank new order when creating), naming every bad field.
    func apply(to order: inout OrderRow, creating: Bool) throws {
        var errors = FieldErrors()
        if creating || customerID != nil {
            if let id = customerID.flatMap(UUID.init(uuidString:)) { order.customerID = id } else { errors.add("customer_id", creating && customerID == nil ? "is required" : "must be a customer id") }
        }
        if creating || reference != nil { order.reference = errors.requireText("reference", reference, maxLength: 100) }
        if creating || orderedAt != nil {
            if let date = orderedAt.flatMap(FollowUpDates.parse) { order.orderedAt = date } else { errors.add("ordered_at", orderedAt == nil ? "is required" : "must be an ISO 8601 time") }
        }
        if creating || amount != nil {
            if let minor = amount.flatMap(MoneyText.minorUnits), minor >= 0 { order.amountMinor = minor } else { errors.add("amount", amount == nil ? "is required" : "must be a non-negative amount like 12.34") }
        }
        if creating || currency != nil {
            let code = (currency ?? "").trimmingCharacters(in: .whitespaces).uppercased()
            if code.count == 3, code.allSatisfy({ $0.isLetter && $0.isASCII }) { order.currency = code } else { errors.add("currency", currency == nil ? "is required" : "must be a three-letter ISO 4217 code") }
        }
        if let discountAmount {
            if let minor = MoneyText.minorUnits(discountAmount), minor >= 0 { order.discountMinor = minor; order.discountApplied = minor > 0 || order.discountApplied } else { errors.add("discount_amount", "must be a non-negative amount like 5.00") }
        }
        if let discountApplied { order.discountApplied = discountApplied }
        if let channel { order.channel = errors.optionalText("channel", channel, maxLength: 50) }
        if let status, let value = errors.choice("status", status, as: OrderStatus.self) { order.status = value }
        if let shipmentCarrier { order.shipmentCarrier = errors.optionalText("shipment_carrier", shipmentCarrier, maxLength: 100) }
        if let trackingNumber { order.trackingNumber = errors.optionalText("tracking_number", trackingNumber, maxLength: 100) }
        if let shipmentStatus { order.shipmentStatus = errors.optionalText("shipment_status", shipmentStatus, maxLength: 50) }
        if let lines {
            order.lines = lines.enumerated().map { index, line in
                let product = errors.requireText("lines[\(index)].product", line.product, maxLength: 200)
                let quantity = line.quantity ?? 1
                if quantity < 1 { errors.add("lines[\(index)].quantity", "must be at least 1") }
                let price = line.unitPrice.flatMap(MoneyText.minorUnits)
                if price == nil || price! < 0 { errors.add("lines[\(index)].unit_price", "must be a non-negative amount like 12.34") }
                return OrderLine(product: product, quantity: quantity, unitPriceMinor: price ?? 0)
            }
        }
        try errors.throwIfAny()
    }
}
