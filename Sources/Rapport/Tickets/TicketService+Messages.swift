import Fluent
import Foundation
import RapportCore
import SQLKit
import Vapor

extension TicketService {
    /// Adds a message. A customer writing again reopens a pending or solved ticket; an agent's first
    /// public reply opens a new one; `status` sets the status in the same step.
    func addMessage(to id: UUID, _ message: NewMessage, status: TicketStatus?) async throws -> (TicketMessage, Ticket) {
        let policies = try await serviceLevels.policies(for: workspaceID, db: reader)
        let service = self
        return try await writes.perform { batch in
            let store = TicketStore(db: batch.db, workspaceID: service.workspaceID)
            let ticket = try await store.find(id)
            if let survivor = ticket.mergedIntoID { throw Self.mergedConflict(ticket, into: survivor) }
            if ticket.status == .closed {
                throw APIError(.conflict, code: "ticket_closed",
                    message: "Ticket \(ticket.number) is closed; create a follow-up ticket for new messages.")
            }
            let row = service.makeMessage(message, ticketID: id)
            var changes = TicketChanges()
            changes.status = status ?? Self.statusAfter(message, on: ticket.status)
            if changes.status == ticket.status { changes.status = nil }
            var events = TicketEventLog(workspaceID: service.workspaceID, ticketID: id, actor: service.actor, at: service.now)
            events.add("message_added", field: message.visibility == .internal ? "internal_note" : nil, newValue: row.id!.uuidString)
            let details = try await store.details(of: [id])[id] ?? TicketDetails()
            _ = try await service.apply(changes, to: ticket, details: details, events: &events, policies: policies, batch: batch, newMessage: row)
            batch.insert(into: TicketMessage.schema, columns: TicketMessage.columns, values: row.columnValues)
            ProfileQueue.enqueue(message: row, requesterID: ticket.requesterID, batch: batch)
            TicketAttachments.insert(message.attachments, message: row, batch: batch)
            try await Outbox.enqueueReply(row, ticket: ticket, batch: batch, now: service.now)
            try await message.alsoWrite?(row, batch)
            try await TicketSearchIndex.index(message: row, batch: batch)
            events.insert(into: batch)
            try await service.runAutomations(nil, ticket: ticket, message: row, batch: batch)
            return (row, ticket)
        }
    }

    /// The status a message moves the ticket to when the writer does not say.
    static func statusAfter(_ message: NewMessage, on status: TicketStatus) -> TicketStatus {
        switch (message.authorKind, message.visibility, status) {
        case (.customer, _, .pending), (.customer, _, .solved): .open
        case (.agent, .public, .new): .open
        default: status
        }
    }
}
