import Fluent
import Foundation
import RapportCore
import SQLKit
import Vapor

/// /api/v1/orders and /api/v1/customers/{id}/orders: customers' orders.
struct OrdersAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("orders", use: list)
        routes.get("orders", ":id", use: show)
        routes.get("customers", ":id", "orders", use: ofCustomer)
        let writers = routes.requiring(.agent)
        writers.post("orders", use: create)
        writers.patch("orders", ":id", use: update)
        writers.on(.POST, "orders", "import", body: .stream, use: OrderImportAPI.importCSV)
    }

    /// Filters: `customer_id`, `status`, `from` and `to` (ISO 8601, `to` exclusive); newest first.
    func list(req: Request) async throws -> Page<OrderResponse> {
        var errors = FieldErrors()
        var filter = OrderStore.Filter()
        if let raw: String = req.query["customer_id"] {
            if let id = UUID(uuidString: raw) { filter.customerID = id } else { errors.add("customer_id", "must be a customer id") }
        }
        filter.status = errors.choice("status", req.query["status"], as: OrderStatus.self)
        for (field, keyPath) in [("from", \OrderStore.Filter.from), ("to", \OrderStore.Filter.to)] {
            if let raw: String = req.query[field] {
                if let date = FollowUpDates.parse(raw) { filter[keyPath: keyPath] = date } else { errors.add(field, "must be an ISO 8601 time") }
            }
        }
        try errors.throwIfAny()
        return try await page(filter, req: req)
    }

    func ofCustomer(req: Request) async throws -> Page<OrderResponse> {
        let customer = try await req.customers.find(try req.requireUUID("id"))
        return try await page(OrderStore.Filter(customerID: customer.id), req: req)
    }

    func show(req: Request) async throws -> OrderResponse {
        OrderResponse(try await req.orders.find(try req.requireUUID("id")))
    }

    func create(req: Request) async throws -> Response {
        let actor = try req.actor
        let input = try req.content.decode(OrderInput.self)
        let now = req.clock.now
        var order = OrderRow(id: TimeOrderedID.make(now: now), workspaceID: actor.workspaceID, customerID: UUID(), reference: "", orderedAt: now, amountMinor: 0, currency: "", at: now)
        try input.apply(to: &order, creating: true)
        try await checkReferences(order, req: req)
        let saved = order
        try await req.db.transaction { db in
            try await OrderStore(db: db, workspaceID: actor.workspaceID).save(new: [saved], changed: [], replaceLinesOf: [])
            try await ProfileQueue.enqueue([saved.customerID], workspaceID: actor.workspaceID, reason: .order, at: now, db: db)
        }
        return try await OrderResponse(try await req.orders.find(order.id)).encodeResponse(status: .created, for: req)
    }

    func update(req: Request) async throws -> OrderResponse {
        let actor = try req.actor
        let input = try req.content.decode(OrderInput.self)
        var order = try await req.orders.find(try req.requireUUID("id"))
        try input.apply(to: &order, creating: false)
        order.updatedAt = req.clock.now
        try await checkReferences(order, req: req)
        let saved = order
        try await req.db.transaction { db in
            try await OrderStore(db: db, workspaceID: actor.workspaceID).save(new: [], changed: [saved], replaceLinesOf: input.lines == nil ? [] : [saved.id])
            try await ProfileQueue.enqueue([saved.customerID], workspaceID: actor.workspaceID, reason: .order, at: saved.updatedAt, db: db)
        }
        return OrderResponse(try await req.orders.find(order.id))
    }

    /// The customer must be this workspace's (422 names the field) and the reference unused (409).
    private func checkReferences(_ order: OrderRow, req: Request) async throws {
        do {
            _ = try await req.customers.find(order.customerID)
        } catch let error as APIError where error.status == .notFound {
            throw APIError.validation(["customer_id": "is not a customer of this workspace"])
        }
        if let other = try await req.orders.ids(ofReferences: [order.reference])[order.reference], other != order.id {
            throw APIError.conflict("another order has this reference", field: "reference")
        }
    }

    private func page(_ filter: OrderStore.Filter, req: Request) async throws -> Page<OrderResponse> {
        let page = try PageRequest(req)
        let offset = page.cursor.flatMap { Int($0.key) } ?? 0
        let rows = try await req.orders.list(filter, limit: page.limit + 1, offset: offset)
        let shown = Array(rows.prefix(page.limit))
        let next = rows.count > page.limit ? ListCursor(key: String(offset + page.limit), id: shown[shown.count - 1].id).encoded() : nil
        return Page(items: shown.map(OrderResponse.init), nextCursor: next)
    }
}
