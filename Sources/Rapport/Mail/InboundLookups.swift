import Fluent
import Foundation
import RapportCore
import SQLKit

/// The reads inbound mail makes in one workspace: threads, tickets, customers, recent senders.
struct InboundLookups {
    let db: any Database
    let workspaceID: UUID
    var sql: any SQLDatabase { db as! any SQLDatabase }

    /// The ticket and message a Message-ID was already recorded for.
    func thread(_ messageID: String) async throws -> (ticketID: UUID, messageID: UUID?)? {
        guard let row = try await sql.select().columns("ticket_id", "ticket_message_id").from("mail_threads")
            .where("workspace_id", .equal, workspaceID).where("message_id", .equal, messageID).first()
        else { return nil }
        return (try row.decode(column: "ticket_id", as: UUID.self), try row.decode(column: "ticket_message_id", as: UUID?.self))
    }

    /// The ticket of the latest referenced Message-ID (In-Reply-To first, then References from the newest),
    /// following merges to the surviving ticket.
    func ticket(referencedBy ids: [String], direction: String? = nil) async throws -> Ticket? {
        let wanted = Array(ids.prefix(50))
        guard !wanted.isEmpty else { return nil }
        var query = sql.select().columns("message_id", "ticket_id").from("mail_threads")
            .where("workspace_id", .equal, workspaceID).where("message_id", .in, wanted)
        if let direction { query = query.where("direction", .equal, direction) }
        let rows = try await query.all()
        var byID: [String: UUID] = [:]
        for row in rows { byID[try row.decode(column: "message_id", as: String.self)] = try row.decode(column: "ticket_id", as: UUID.self) }
        let order = ids.prefix(1) + ids.dropFirst().reversed()
        guard let ticketID = order.lazy.compactMap({ byID[$0] }).first else { return nil }
        return try await survivor(of: try TicketStore(db: db, workspaceID: workspaceID).find(ticketID))
    }

    func ticket(number: Int64) async throws -> Ticket? {
        guard let ticket = try await TicketStore(db: db, workspaceID: workspaceID).find(number: number) else { return nil }
        return try await survivor(of: ticket)
    }

    private func survivor(of ticket: Ticket) async throws -> Ticket {
        var current = ticket
        var hops = 0
        while let next = current.mergedIntoID, hops < 10 {
            current = try await TicketStore(db: db, workspaceID: workspaceID).find(next)
            hops += 1
        }
        return current
    }

    /// Messages from `address` received since `since`, before this one.
    func countFrom(_ address: String, since: Date, before id: UUID) async throws -> Int {
        try await sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from(InboundEmail.schema)
            .where("workspace_id", .equal, workspaceID).where("from_address", .equal, address)
            .where("received_at", .greaterThanOrEqual, since).where("id", .notEqual, id)
            .where("status", .notEqual, InboundStatus.received.rawValue)
            .first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// The customer with that address, created from the sender when there is none. The creation is a
    /// job of the write queue, so new senders share commits (and the one writer) with everything else.
    func customer(for sender: MailAddress, at now: Date, writes: WriteQueue) async throws -> UUID {
        let address = EmailAddress.normalize(sender.address)
        if let found = try await customerID(address) { return found }
        var changes = CustomerChanges()
        changes.name = InboundRules.customerName(sender)
        changes.emails = [address]
        let workspaceID = self.workspaceID
        let create = changes
        return try await writes.perform { batch in
            // Another message of this batch may have created the sender a moment ago.
            if let found = try await InboundLookups(db: batch.db, workspaceID: workspaceID).customerID(address) { return found }
            let written = try await CustomerWriter(db: batch.db, workspaceID: workspaceID)
                .write([.init(existing: nil, changes: create)], by: .init(source: .system, userID: nil, at: now))
            return written[0].id!
        }
    }

    private func customerID(_ address: String) async throws -> UUID? {
        try await sql.select().column("customer_id").from("customer_emails")
            .where("workspace_id", .equal, workspaceID).where("address", .equal, address).first()?
            .decode(column: "customer_id", as: UUID.self)
    }
}
