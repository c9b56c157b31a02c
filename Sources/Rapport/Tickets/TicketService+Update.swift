import Fluent
import Foundation
import RapportCore
import SQLKit
import Vapor

extension TicketService {
    /// Applies `changes` to ticket `id`; every changed field leaves an event with its old and new value.
    func update(_ id: UUID, _ changes: TicketChanges) async throws -> (Ticket, TicketDetails) {
        try await TicketReferences(db: reader, workspaceID: workspaceID).check(changes)
        let policies = try await serviceLevels.policies(for: workspaceID, db: reader)
        let service = self
        return try await writes.perform { batch in
            let store = TicketStore(db: batch.db, workspaceID: service.workspaceID)
            let ticket = try await store.find(id)
            let details = try await store.details(of: [id])[id] ?? TicketDetails()
            var events = TicketEventLog(workspaceID: service.workspaceID, ticketID: id, actor: service.actor, at: service.now)
            let result = try await service.apply(changes, to: ticket, details: details, events: &events, policies: policies, batch: batch)
            try await TicketRouting.routeMoved(ticket, changes, events: &events, batch: batch)
            events.insert(into: batch)
            if !events.events.isEmpty { try await service.runAutomations(.ticketUpdated, ticket: ticket, message: nil, batch: batch) }
            return (ticket, result)
        }
    }

    /// Changes the ticket in memory, writes it and its side rows, and records the events.
    /// Shared by updates, messages that change the status, macros and automations.
    func apply(
        _ changes: TicketChanges, to ticket: Ticket, details: TicketDetails, events: inout TicketEventLog,
        policies: SLAPolicySet, batch: WriteBatch, newMessage: TicketMessage? = nil
    ) async throws -> TicketDetails {
        if let survivor = ticket.mergedIntoID, !changes.isEmpty { throw Self.mergedConflict(ticket, into: survivor) }
        if ticket.status == .closed, !changes.isEmpty {
            throw APIError(.conflict, code: "ticket_closed",
                message: "Ticket \(ticket.number) is closed and cannot change; create a follow-up ticket instead.")
        }
        var errors = FieldErrors()
        func track<Value: Equatable>(_ field: String, _ old: Value, _ new: Value, _ text: (Value) -> String?) {
            if old != new { events.add("updated", field: field, oldValue: text(old), newValue: text(new)) }
        }
        let before = (ticket.subject, ticket.kind, ticket.status, ticket.priority, ticket.channel, ticket.category, ticket.topic,
            ticket.product, ticket.customFields, ticket.assigneeID, ticket.teamID)
        if let subject = changes.subject { ticket.subject = subject }
        if let kind = changes.kind { ticket.kind = kind }
        if let status = changes.status {
            if let error = TicketStatusMachine.check(from: ticket.status, to: status) { errors.add("status", error.message) }
            ticket.status = status
        }
        if let priority = changes.priority { ticket.priority = priority }
        if let channel = changes.channel { ticket.channel = channel }
        ticket.category = changes.category.applied(to: ticket.category)
        ticket.topic = changes.topic.applied(to: ticket.topic)
        // Changing the kind of a ticket drops the classification that no longer fits.
        if changes.kind != nil, changes.category.isKeep, ticket.kind != .complaint { ticket.category = nil }
        if changes.kind != nil, changes.topic.isKeep, ticket.kind == .complaint { ticket.topic = nil }
        ticket.product = changes.product.applied(to: ticket.product)
        if let customFields = changes.customFields { ticket.customFields = customFields }
        ticket.assigneeID = changes.assigneeID.applied(to: ticket.assigneeID)
        ticket.teamID = changes.teamID.applied(to: ticket.teamID)
        TicketRules.checkClassification(ticket, into: &errors)
        try errors.throwIfAny()

        track("subject", before.0, ticket.subject) { $0 }
        track("kind", before.1, ticket.kind) { $0.rawValue }
        track("status", before.2, ticket.status) { $0.rawValue }
        track("priority", before.3, ticket.priority) { $0.rawValue }
        track("channel", before.4, ticket.channel) { $0.rawValue }
        track("category", before.5, ticket.category) { $0?.rawValue }
        track("topic", before.6, ticket.topic) { $0?.rawValue }
        track("product", before.7, ticket.product) { $0 }
        track("custom_fields", before.8, ticket.customFields) { JSONText.encode($0) }
        track("assignee_id", before.9, ticket.assigneeID) { $0?.uuidString }
        track("team_id", before.10, ticket.teamID) { $0?.uuidString }

        if before.2 != ticket.status {
            ticket.unsolved = ticket.status.isUnsolved
            if ticket.status == .solved {
                ticket.solvedAt = now
                try await SurveyInvitations.enqueueSatisfaction(for: ticket, batch: batch, now: now, siteURL: siteURL)
            }
            if ticket.status.isUnsolved { ticket.solvedAt = nil }
        }
        var result = details
        var tags = changes.tags ?? details.tags
        tags += changes.addTags.filter { !tags.contains($0) }
        tags.removeAll { changes.removeTags.contains($0) }
        if tags != details.tags {
            events.add("updated", field: "tags", oldValue: details.tags.joined(separator: ","), newValue: tags.joined(separator: ","))
            try await batch.sql.delete(from: "taggings").where("workspace_id", .equal, workspaceID).where("subject_id", .equal, ticket.id!).run()
            for tag in tags {
                batch.insert(into: "taggings", columns: ["id", "workspace_id", "subject_id", "tag"], values: [TimeOrderedID.make(), workspaceID, ticket.id!, tag])
            }
            result.tags = tags.sorted()
        }
        if let followers = changes.followerIDs, Set(followers) != Set(details.followerIDs) {
            events.add("updated", field: "follower_ids",
                oldValue: details.followerIDs.map(\.uuidString).sorted().joined(separator: ","),
                newValue: followers.map(\.uuidString).sorted().joined(separator: ","))
            try await batch.sql.delete(from: "ticket_followers").where("workspace_id", .equal, workspaceID).where("ticket_id", .equal, ticket.id!).run()
            for user in followers { TicketFollowers.insert(user, ticket: ticket.id!, workspaceID: workspaceID, batch: batch) }
            result.followerIDs = followers
        }
        if before.0 != ticket.subject { try await TicketSearchIndex.reindex(subjectOf: ticket, batch: batch) }

        // Service levels follow the status, the priority and every message.
        var timeline = try await TicketStore(db: batch.db, workspaceID: workspaceID).slaTimeline(of: ticket)
        if before.2 != ticket.status { timeline.entries.append(.status(now, ticket.status.slaKind)) }
        if let newMessage { record(message: newMessage, on: ticket, timeline: &timeline) }
        let requester = try await TicketReferences(db: batch.db, workspaceID: workspaceID).requester(ticket.requesterID)
        // A ticket keeps its policy until its priority changes (or the policy is deleted).
        let policy = (before.3 == ticket.priority ? policies.policy(id: ticket.slaPolicyID) : nil)
            ?? policies.policy(for: ticket.priority, valueTier: requester?.valueTier, lifecycle: requester?.lifecycle)
        let previousSLA = ticket.slaState
        TicketSLA.apply(policy, timeline: timeline, to: ticket, at: now)
        if previousSLA != ticket.slaState {
            events.add("sla", field: "sla_state", oldValue: previousSLA?.rawValue, newValue: ticket.slaState?.rawValue)
        }
        ticket.updatedAt = now
        try await TicketStore(db: batch.db, workspaceID: workspaceID).save(ticket)
        return result
    }
}

/// Compact JSON for event values.
enum JSONText {
    static func encode<T: Encodable>(_ value: T) -> String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).flatMap { String(data: $0, encoding: .utf8) }
    }
}
