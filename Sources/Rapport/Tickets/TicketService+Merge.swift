import Fluent
import Foundation
import RapportCore
import SQLKit
import Vapor

extension TicketService {
    /// Merges `sourceIDs` into ticket `id`, in one write-queue transaction. The sources' messages,
    /// attachments and events move to the survivor (events keep their time and actor, and remember
    /// where they came from); tags and followers are united; each source is closed with
    /// `merged_into_id` set. Both sides get a `merged` event.
    func merge(_ sourceIDs: [UUID], into id: UUID, allowDifferentRequesters: Bool) async throws -> (Ticket, TicketDetails) {
        let policies = try await serviceLevels.policies(for: workspaceID, db: reader)
        let service = self
        return try await writes.perform { batch in
            let store = TicketStore(db: batch.db, workspaceID: service.workspaceID)
            let survivor = try await store.find(id)
            if let target = survivor.mergedIntoID { throw Self.mergedConflict(survivor, into: target) }
            if survivor.status == .closed {
                throw APIError(.conflict, code: "ticket_closed",
                    message: "Ticket \(survivor.number) is closed; merge into an open ticket instead.")
            }
            var sources: [Ticket] = []
            for sourceID in sourceIDs { sources.append(try await store.find(sourceID)) }
            for source in sources {
                if let target = source.mergedIntoID { throw Self.mergedConflict(source, into: target) }
                if source.status == .closed {
                    throw APIError(.conflict, code: "ticket_closed", message: "Ticket \(source.number) is closed; a closed ticket cannot be merged.")
                }
                if source.requesterID != survivor.requesterID, !allowDifferentRequesters {
                    throw APIError.validation(["source_ids": "ticket \(source.number) has another requester than ticket \(survivor.number); send allow_different_requesters: true to merge anyway"])
                }
            }
            let details = try await store.details(of: [id] + sourceIDs)
            var events = TicketEventLog(workspaceID: service.workspaceID, ticketID: id, actor: service.actor, at: service.now)
            var changes = TicketChanges()
            var followers = details[id]?.followerIDs ?? []
            for source in sources {
                let sourceID = source.id!
                try await Self.moveHistory(of: sourceID, to: id, workspaceID: service.workspaceID, batch: batch)
                events.add("merged", field: "merged_from_id", newValue: sourceID.uuidString)
                changes.addTags += (details[sourceID]?.tags ?? []).filter { !changes.addTags.contains($0) }
                followers += (details[sourceID]?.followerIDs ?? []).filter { !followers.contains($0) }
                try await service.close(source, mergedInto: survivor, batch: batch)
            }
            if Set(followers) != Set(details[id]?.followerIDs ?? []) { changes.followerIDs = followers }
            // The survivor's clocks and response times are worked out again, moved messages included.
            let result = try await service.apply(changes, to: survivor, details: details[id] ?? TicketDetails(), events: &events,
                policies: policies, batch: batch)
            events.insert(into: batch)
            return (survivor, result)
        }
    }

    /// The answer for any change to a merged ticket: the conversation goes on in the survivor.
    static func mergedConflict(_ ticket: Ticket, into survivor: UUID) -> APIError {
        APIError(.conflict, code: "ticket_merged",
            message: "Ticket \(ticket.number) was merged into ticket \(survivor.uuidString) and cannot change; continue there.")
    }

    /// Moves a ticket's messages, attachments, events, follow-ups, mail threads and search rows to
    /// another ticket: open follow-ups stay due, and a customer's reply to the merged ticket's mail
    /// finds the survivor.
    static func moveHistory(of source: UUID, to target: UUID, workspaceID: UUID, batch: WriteBatch) async throws {
        for table in [TicketMessage.schema, TicketAttachment.schema, "follow_ups", "mail_threads"] {
            try await batch.sql.update(table).set("ticket_id", to: target)
                .where("workspace_id", .equal, workspaceID).where("ticket_id", .equal, source).run()
        }
        // An event that came from an earlier merge keeps its first origin.
        try await batch.sql.raw("""
            UPDATE ticket_events SET ticket_id = \(bind: target), merged_from_id = coalesce(merged_from_id, \(bind: source))
            WHERE workspace_id = \(bind: workspaceID) AND ticket_id = \(bind: source)
            """).run()
        try await TicketSearchIndex.move(messagesOf: source, to: target, batch: batch)
    }

    /// Closes a merged source outside the status machine (a merge closes whatever the status) and links it.
    private func close(_ source: Ticket, mergedInto survivor: Ticket, batch: WriteBatch) async throws {
        var events = TicketEventLog(workspaceID: workspaceID, ticketID: source.id!, actor: actor, at: now)
        events.add("merged", field: "merged_into_id", newValue: survivor.id!.uuidString)
        events.add("updated", field: "status", oldValue: source.status.rawValue, newValue: TicketStatus.closed.rawValue)
        source.status = .closed
        source.unsolved = false
        source.solvedAt = source.solvedAt ?? now
        source.mergedIntoID = survivor.id
        // Its clocks go: the conversation, and its service levels, go on in the survivor.
        TicketSLA.apply(nil, timeline: SLATimeline(createdAt: source.createdAt, entries: []), to: source, at: now)
        source.updatedAt = now
        try await TicketStore(db: batch.db, workspaceID: workspaceID).save(source)
        events.insert(into: batch)
    }
}
