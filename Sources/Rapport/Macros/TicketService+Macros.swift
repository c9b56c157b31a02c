import Fluent
import Foundation
import RapportCore
import SQLKit
import Vapor

extension TicketService {
    /// Applies `macro` to ticket `id` in one write-queue transaction: the reply rendered for this
    /// ticket (when the macro has one) and every action. Placeholders take the ticket's values as
    /// it stands before the macro, the same values the preview shows. If any part is refused (an
    /// illegal status change, say), nothing of the macro is applied.
    func apply(macro: Macro, to id: UUID, agentID: UUID) async throws -> (Ticket, TicketDetails, TicketMessage?) {
        // The assignee or team may have been removed since the macro was saved.
        try await TicketReferences(db: reader, workspaceID: workspaceID).check(macro.changes)
        let policies = try await serviceLevels.policies(for: workspaceID, db: reader)
        let template: MacroTemplate?
        do throws(MacroTemplateError) {
            template = try macro.body.map { text throws(MacroTemplateError) in try MacroTemplate(parsing: text) }
        } catch {
            throw APIError.validation(["macro": "its body \(error.message); fix the macro first"])
        }
        let service = self
        let macroName = macro.name
        let macroID = macro.id!
        let visibility = macro.visibility
        let macroChanges = macro.changes
        return try await writes.perform { batch in
            let store = TicketStore(db: batch.db, workspaceID: service.workspaceID)
            let ticket = try await store.find(id)
            if let survivor = ticket.mergedIntoID { throw Self.mergedConflict(ticket, into: survivor) }
            if ticket.status == .closed {
                throw APIError(.conflict, code: "ticket_closed",
                    message: "Ticket \(ticket.number) is closed; macros cannot change it. Create a follow-up ticket instead.")
            }
            var events = TicketEventLog(workspaceID: service.workspaceID, ticketID: id, actor: service.actor, at: service.now)
            events.add("macro_applied", field: "macro", oldValue: macroID.uuidString, newValue: macroName)
            var changes = macroChanges
            var row: TicketMessage?
            if let template {
                let values = try await MacroValuesReader(db: batch.db, workspaceID: service.workspaceID).values(for: ticket, agentID: agentID)
                let message = NewMessage(visibility: visibility, authorKind: .agent, authorUserID: agentID, body: template.render(values))
                let made = service.makeMessage(message, ticketID: id)
                // A public reply opens a new ticket, as when an agent writes it by hand.
                if changes.status == nil { changes.status = Self.statusAfter(message, on: ticket.status) }
                if changes.status == ticket.status { changes.status = nil }
                events.add("message_added", field: visibility == .internal ? "internal_note" : nil, newValue: made.id!.uuidString)
                row = made
            }
            let details = try await store.details(of: [id])[id] ?? TicketDetails()
            let result = try await service.apply(changes, to: ticket, details: details, events: &events, policies: policies, batch: batch, newMessage: row)
            if let row {
                batch.insert(into: TicketMessage.schema, columns: TicketMessage.columns, values: row.columnValues)
                try await TicketSearchIndex.index(message: row, batch: batch)
            }
            events.insert(into: batch)
            return (ticket, result, row)
        }
    }
}
