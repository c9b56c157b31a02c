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
        guard let ticketID = Self.latestTicket(referencedBy: ids, in: byID) else { return nil }
        return try await ticket(id: ticketID)
    }

    /// Of the tickets that `ids` (In-Reply-To first, then References) point at, the one of In-Reply-To,
    /// else of the newest reference.
    static func latestTicket(referencedBy ids: [String], in byID: [String: UUID]) -> UUID? {
        let order = ids.prefix(1) + ids.dropFirst().reversed()
        return order.lazy.compactMap({ byID[$0] }).first
    }

    /// The ticket, or the ticket it was merged into.
    func ticket(id: UUID) async throws -> Ticket {
        try await survivor(of: try TicketStore(db: db, workspaceID: workspaceID).find(id))
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
}
