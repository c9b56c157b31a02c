import Fluent
import Foundation
import RapportCore
import SQLKit

/// Reads an order CSV as it arrives and writes it in batches, in the customer importer's manner:
/// a bad row is reported with its line and skipped, the rest go on. Each row is one order (with
/// at most one line: `product`, `quantity`, `unit_price`); its customer is found by `email` or by
/// Rapport's `customer_id`; a row whose `reference` is already stored updates that order.
struct OrderImporter: Sendable {
    let db: any Database
    let workspaceID: UUID
    let now: Date
    var batchSize = 1000

    /// The columns an order file may have, by header (case and spaces ignored).
    enum Column: String, CaseIterable {
        case reference, email, customerID = "customer_id", orderedAt = "ordered_at", amount, currency
        case discountApplied = "discount_applied", discountAmount = "discount_amount", channel, status
        case shipmentCarrier = "shipment_carrier", trackingNumber = "tracking_number", shipmentStatus = "shipment_status"
        case product, quantity, unitPrice = "unit_price"

        static func forHeader(_ header: String) -> Column? {
            let key = header.trimmed.lowercased().replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_")
            switch key {
            case "customer_email", "e_mail": return .email
            case "order_reference", "order_id", "order_number", "external_reference": return .reference
            case "date", "order_date": return .orderedAt
            default: return Column(rawValue: key)
            }
        }
    }

    private struct Pending {
        var line: Int
        var email: String?
        var customerID: UUID?
        var input: OrderInput
    }

    func run<Chunks: AsyncSequence>(
        _ chunks: Chunks, progress: (@Sendable (Int) -> Void)? = nil
    ) async throws -> ImportReport where Chunks.Element == [UInt8] {
        var reader = CSVReader()
        var columns: [Column?]?
        var pending: [Pending] = []
        var report = ImportReport()
        var bytesRead = 0
        func take(_ record: CSVRecord) async throws {
            guard let header = columns else {
                columns = record.fields.map(Column.forHeader)
                return
            }
            if record.fields.allSatisfy({ $0.trimmed.isEmpty }) { return }
            report.rows += 1
            pending.append(parse(record, columns: header))
            // A batch never holds one reference twice, so a repeated row updates what the earlier one wrote.
            if pending.count >= batchSize || Set(pending.compactMap(\.input.reference)).count < pending.count {
                try await write(&pending, into: &report)
            }
        }
        for try await chunk in chunks {
            bytesRead += chunk.count
            for record in reader.feed(chunk) { try await take(record) }
            progress?(bytesRead)
        }
        do {
            for record in try reader.finish() { try await take(record) }
        } catch CSVError.unterminatedQuote(let line) {
            report.fail(line: line, field: nil, message: "a quoted field opened here is never closed")
        }
        if columns == nil { report.fail(line: 1, field: nil, message: "the file is empty: it needs a header row") }
        try await write(&pending, into: &report)
        report.errors.sort { $0.line < $1.line }
        return report
    }

    private func parse(_ record: CSVRecord, columns: [Column?]) -> Pending {
        var row = Pending(line: record.line, input: OrderInput())
        for (index, column) in columns.enumerated() {
            guard let column, index < record.fields.count else { continue }
            let cell = record.fields[index].trimmed
            if cell.isEmpty { continue }
            switch column {
            case .reference: row.input.reference = cell
            case .email: row.email = EmailAddress.normalize(cell)
            case .customerID: row.customerID = UUID(uuidString: cell)
            case .orderedAt: row.input.orderedAt = cell.count == 10 ? cell + "T00:00:00Z" : cell
            case .amount: row.input.amount = cell
            case .currency: row.input.currency = cell
            case .discountApplied: row.input.discountApplied = ["true", "yes", "1", "y"].contains(cell.lowercased())
            case .discountAmount: row.input.discountAmount = cell
            case .channel: row.input.channel = cell
            case .status: row.input.status = cell.lowercased()
            case .shipmentCarrier: row.input.shipmentCarrier = cell
            case .trackingNumber: row.input.trackingNumber = cell
            case .shipmentStatus: row.input.shipmentStatus = cell
            case .product: row.input.lines = [.init(product: cell, quantity: row.input.lines?.first?.quantity, unitPrice: row.input.lines?.first?.unitPrice)]
            case .quantity: row.input.lines = [.init(product: row.input.lines?.first?.product, quantity: Int(cell) ?? 0, unitPrice: row.input.lines?.first?.unitPrice)]
            case .unitPrice: row.input.lines = [.init(product: row.input.lines?.first?.product, quantity: row.input.lines?.first?.quantity, unitPrice: cell)]
            }
        }
        return row
    }

    /// Matches customers and existing orders, then writes the batch in one transaction.
    private func write(_ pending: inout [Pending], into report: inout ImportReport) async throws {
        guard !pending.isEmpty else { return }
        let rows = pending
        pending = []
        let customers = CustomerStore(db: db, workspaceID: workspaceID)
        let owners = try await customers.owners(ofEmails: rows.compactMap(\.email))
        let knownIDs = try await existingCustomers(rows.compactMap(\.customerID))
        let store = OrderStore(db: db, workspaceID: workspaceID)
        let references = rows.compactMap(\.input.reference)
        let existingIDs = try await store.ids(ofReferences: references)
        var existing: [UUID: OrderRow] = [:]
        for id in existingIDs.values { existing[id] = try await store.find(id) }

        var new: [OrderRow] = []
        var changed: [OrderRow] = []
        var replaceLines: Set<UUID> = []
        for row in rows {
            guard let customerID = row.customerID.flatMap({ knownIDs.contains($0) ? $0 : nil }) ?? row.email.flatMap({ owners[$0] }) else {
                let field = row.email != nil || row.customerID == nil ? "email" : "customer_id"
                report.fail(line: row.line, field: field, message: row.email == nil && row.customerID == nil
                    ? "email or customer_id is required to find the customer"
                    : "\(field) matches no customer of this workspace")
                continue
            }
            var input = row.input
            input.customerID = customerID.uuidString
            let id = input.reference.flatMap { existingIDs[$0] }
            var order = id.flatMap { existing[$0] }
                ?? OrderRow(id: TimeOrderedID.make(now: now), workspaceID: workspaceID, customerID: customerID, reference: "", orderedAt: now, amountMinor: 0, currency: "", at: now)
            do {
                try input.apply(to: &order, creating: true)
            } catch let error as APIError {
                let field = error.fields.keys.sorted().first
                report.fail(line: row.line, field: field, message: field.map { "\($0) \(error.fields[$0] ?? "")" } ?? error.message)
                continue
            }
            if id != nil {
                order.updatedAt = now
                changed.append(order)
                if input.lines != nil { replaceLines.insert(order.id) }
                report.updated += 1
            } else {
                new.append(order)
                report.created += 1
            }
        }
        let (newOrders, changedOrders, linesReplaced) = (new, changed, replaceLines)
        try await db.transaction { db in
            try await OrderStore(db: db, workspaceID: workspaceID).save(new: newOrders, changed: changedOrders, replaceLinesOf: linesReplaced)
            try await ProfileQueue.enqueue((newOrders + changedOrders).map(\.customerID), workspaceID: workspaceID, reason: .orderImport, at: now, db: db)
        }
    }

    private func existingCustomers(_ ids: [UUID]) async throws -> Set<UUID> {
        var found: Set<UUID> = []
        let sql = db as! any SQLDatabase
        for chunk in Array(Set(ids)).chunked(into: 500) {
            let rows = try await sql.select().column("id").from("customers").where("workspace_id", .equal, workspaceID).where("id", .in, Array(chunk)).all()
            for row in rows { found.insert(try row.decode(column: "id", as: UUID.self)) }
        }
        return found
    }
}
