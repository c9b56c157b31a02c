import Fluent
import Foundation
import RapportCore
import SQLKit

/// What a batch of inbound messages looked up at once in one workspace: one query each, instead of
/// one per message.
struct InboundBatchLookups: Sendable {
    /// Message-IDs already recorded (the batch's own and those they answer), with their ticket and message.
    var threads: [String: (ticketID: UUID, messageID: UUID?)] = [:]
    /// Customers by normalised email address.
    var customers: [String: UUID] = [:]
    /// Messages per sender address in the rate-limit window, not counting the batch's own.
    var recentFrom: [String: Int] = [:]
}

extension InboundLookups {
    /// Binds per IN list: well under SQLite's and PostgreSQL's limits.
    static let chunkSize = 500

    func batch(threadKeys: [String], senders: [String], customers: [String], since: Date, excluding ids: [UUID]) async throws -> InboundBatchLookups {
        var found = InboundBatchLookups()
        for chunk in Self.chunks(Array(Set(threadKeys))) {
            let rows = try await sql.select().columns("message_id", "ticket_id", "ticket_message_id").from("mail_threads")
                .where("workspace_id", .equal, workspaceID).where("message_id", .in, chunk).all()
            for row in rows {
                found.threads[try row.decode(column: "message_id", as: String.self)] =
                    (try row.decode(column: "ticket_id", as: UUID.self), try row.decode(column: "ticket_message_id", as: UUID?.self))
            }
        }
        found.customers = try await customerIDs(customers)
        for chunk in Self.chunks(Array(Set(senders))) {
            let rows = try await sql.select().column("from_address").column(SQLFunction("count", args: SQLLiteral.all), as: "n").from(InboundEmail.schema)
                .where("workspace_id", .equal, workspaceID).where("from_address", .in, chunk)
                .where("received_at", .greaterThanOrEqual, since).where("status", .notEqual, InboundStatus.received.rawValue)
                .where("id", .notIn, ids)
                .groupBy("from_address").all()
            for row in rows { found.recentFrom[try row.decode(column: "from_address", as: String.self)] = try row.decode(column: "n", as: Int.self) }
        }
        return found
    }

    /// The customers of these (normalised) addresses.
    func customerIDs(_ addresses: [String]) async throws -> [String: UUID] {
        var found: [String: UUID] = [:]
        for chunk in Self.chunks(Array(Set(addresses))) {
            let rows = try await sql.select().columns("address", "customer_id").from("customer_emails")
                .where("workspace_id", .equal, workspaceID).where("address", .in, chunk).all()
            for row in rows { found[try row.decode(column: "address", as: String.self)] = try row.decode(column: "customer_id", as: UUID.self) }
        }
        return found
    }

    /// Creates a customer for each sender without one, in one job of the write queue, so that new
    /// senders share commits (and the one writer) with everything else. Returns the new customers by address.
    static func createCustomers(
        for senders: [String: MailAddress], workspaceID: UUID, at now: Date, writes: WriteQueue
    ) async throws -> [String: UUID] {
        guard !senders.isEmpty else { return [:] }
        return try await writes.perform { batch in
            // Another process (or an earlier batch) may have created some of them a moment ago.
            var found = try await InboundLookups(db: batch.db, workspaceID: workspaceID).customerIDs(Array(senders.keys))
            let missing = senders.keys.filter { found[$0] == nil }.sorted()
            let items = missing.map { address in
                var changes = CustomerChanges()
                changes.name = InboundRules.customerName(senders[address]!)
                changes.emails = [address]
                return CustomerWriter.Item(existing: nil, changes: changes)
            }
            guard !items.isEmpty else { return found }
            let written = try await CustomerWriter(db: batch.db, workspaceID: workspaceID).write(items, by: .init(source: .system, userID: nil, at: now))
            for (address, customer) in zip(missing, written) { found[address] = customer.id! }
            return found
        }
    }

    static func chunks<T>(_ values: [T]) -> [[T]] {
        stride(from: 0, to: values.count, by: chunkSize).map { Array(values[$0..<min($0 + chunkSize, values.count)]) }
    }
}
