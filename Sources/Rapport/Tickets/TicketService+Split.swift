import Fluent
import Foundation
import RapportCore
import SQLKit
import Vapor

extension TicketService {
    /// Moves one message (and its attachments) of ticket `id` into a new ticket for the same
    /// requester, in one write-queue transaction. The new ticket copies the classification,
    /// priority, channel, assignee and team, starts its own clocks now, and has `split_from_id` set.
    func split(_ id: UUID, messageID: UUID, subject: String?) async throws -> (original: Ticket, new: Ticket, details: TicketDetails) {
        let policies = try await serviceLevels.policies(for: workspaceID, db: reader)
        let service = self
        let workspaceID = self.workspaceID
        return try await writes.perform { batch in
            let store = TicketStore(db: batch.db, workspaceID: workspaceID)
            let original = try await store.find(id)
            if let survivor = original.mergedIntoID { throw Self.mergedConflict(original, into: survivor) }
            if original.status == .closed {
                throw APIError(.conflict, code: "ticket_closed", message: "Ticket \(original.number) is closed; a closed ticket cannot be split.")
            }
            let messages = try await store.messages(of: id)
            guard let message = messages.first(where: { $0.id == messageID }) else {
                let exists = try await batch.sql.select().column("ticket_id").from(TicketMessage.schema)
                    .where("workspace_id", .equal, workspaceID).where("id", .equal, messageID).first()
                if exists == nil { throw APIError.notFound("message") }
                throw APIError.validation(["message_id": "is a message of another ticket, not of ticket \(original.number)"])
            }
            if messages.count == 1 {
                throw APIError.validation(["message_id": "is the only message of ticket \(original.number); nothing would be left"])
            }

            let ticket = Ticket()
            ticket.id = TimeOrderedID.make(now: service.now)
            ticket.workspaceID = workspaceID
            ticket.requesterID = original.requesterID
            ticket.organizationID = original.organizationID
            ticket.subject = subject ?? original.subject
            ticket.kind = original.kind
            ticket.priority = original.priority
            ticket.channel = original.channel
            ticket.category = original.category
            ticket.topic = original.topic
            ticket.product = original.product
            ticket.customFields = original.customFields
            ticket.assigneeID = original.assigneeID
            ticket.teamID = original.teamID
            ticket.status = ticket.assigneeID == nil ? .new : .open
            ticket.unsolved = true
            ticket.splitFromID = id
            ticket.createdAt = service.now
            ticket.updatedAt = service.now
            if message.authorKind == .customer { ticket.lastCustomerMessageAt = message.createdAt }
            let requester = try await TicketReferences(db: batch.db, workspaceID: workspaceID).requester(original.requesterID)
            let policy = policies.policy(for: ticket.priority, valueTier: requester?.valueTier, lifecycle: requester?.lifecycle)
            TicketSLA.apply(policy, timeline: SLATimeline(createdAt: service.now, entries: []), to: ticket, at: service.now)
            ticket.number = try await TicketNumbers.next(in: workspaceID, batch: batch)
            // The ticket row must exist before the message points at it, so it is written now, not collected.
            try await batch.sql.insertRows([ticket.columnValues], into: Ticket.schema, columns: Ticket.columns)

            for table in [TicketMessage.schema, TicketAttachment.schema] {
                let key = table == TicketMessage.schema ? "id" : "message_id"
                try await batch.sql.update(table).set("ticket_id", to: ticket.id!)
                    .where("workspace_id", .equal, workspaceID).where(SQLIdentifier(key), .equal, SQLBind(messageID)).run()
            }
            if TicketSearchIndex.isSQLite(batch.sql) {
                try await batch.sql.update("ticket_search_docs").set("ticket_id", to: ticket.id!)
                    .where("workspace_id", .equal, workspaceID).where("message_id", .equal, messageID).run()
            }
            try await TicketSearchIndex.index(subjectOf: ticket, batch: batch)

            var newEvents = TicketEventLog(workspaceID: workspaceID, ticketID: ticket.id!, actor: service.actor, at: service.now)
            newEvents.add("created", newValue: ticket.number.description)
            if ticket.status != .new {
                newEvents.add("updated", field: "status", oldValue: TicketStatus.new.rawValue, newValue: ticket.status.rawValue)
            }
            newEvents.add("split", field: "split_from_id", newValue: id.uuidString)
            newEvents.add("message_moved", field: "message_id", newValue: messageID.uuidString)
            newEvents.insert(into: batch)

            var events = TicketEventLog(workspaceID: workspaceID, ticketID: id, actor: service.actor, at: service.now)
            events.add("split", field: "split_to_id", newValue: ticket.id!.uuidString)
            events.add("message_moved", field: "message_id", oldValue: messageID.uuidString)
            // The original's clocks and response times are worked out again without the message.
            let details = try await store.details(of: [id])[id] ?? TicketDetails()
            _ = try await service.apply(TicketChanges(), to: original, details: details, events: &events, policies: policies, batch: batch)
            events.insert(into: batch)
            return (original, ticket, TicketDetails())
        }
    }
}
