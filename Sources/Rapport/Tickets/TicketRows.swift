import Fluent
import Foundation
import RapportCore
import SQLKit

/// Tickets, messages and events as table rows, mapped by hand: Fluent reflects over a model for
/// every row, which costs more than the query itself on a busy queue (see CustomerRow.swift).
extension Ticket {
    static let columns = [
        "id", "workspace_id", "number", "requester_id", "organization_id", "subject", "kind", "status", "unsolved",
        "priority", "channel", "category", "topic", "product", "custom_fields", "assignee_id", "team_id",
        "sla_policy_id", "sla", "sla_state", "sla_due_at", "sla_check_at", "first_response_at",
        "last_customer_message_at", "last_agent_reply_at", "solved_at", "merged_into_id", "split_from_id",
        "created_at", "updated_at",
    ]

    var columnValues: [any Encodable & Sendable] {
        [
            id!, workspaceID, number, requesterID, organizationID, subject, kind.rawValue, status.rawValue, unsolved,
            priority.rawValue, channel.rawValue, category?.rawValue, topic?.rawValue, product, customFields, assigneeID, teamID,
            slaPolicyID, StoredMeasures(measures: sla), slaState?.rawValue, slaDueAt, slaCheckAt, firstResponseAt,
            lastCustomerMessageAt, lastAgentReplyAt, solvedAt, mergedIntoID, splitFromID,
            createdAt, updatedAt,
        ]
    }

    convenience init(row: any SQLRow) throws {
        self.init()
        id = try row.decode(column: "id", as: UUID.self)
        workspaceID = try row.decode(column: "workspace_id", as: UUID.self)
        number = try row.decode(column: "number", as: Int64.self)
        requesterID = try row.decode(column: "requester_id", as: UUID.self)
        organizationID = try row.decode(column: "organization_id", as: UUID?.self)
        subject = try row.decode(column: "subject", as: String.self)
        kind = try row.decodeEnum("kind")
        status = try row.decodeEnum("status")
        unsolved = try row.decode(column: "unsolved", as: Bool.self)
        priority = try row.decodeEnum("priority")
        channel = try row.decodeEnum("channel")
        category = try row.decodeOptionalEnum("category")
        topic = try row.decodeOptionalEnum("topic")
        product = try row.decode(column: "product", as: String?.self)
        customFields = try row.decode(column: "custom_fields", as: [String: AttributeValue].self)
        assigneeID = try row.decode(column: "assignee_id", as: UUID?.self)
        teamID = try row.decode(column: "team_id", as: UUID?.self)
        slaPolicyID = try row.decode(column: "sla_policy_id", as: UUID?.self)
        sla = try row.decode(column: "sla", as: StoredMeasures.self).measures
        slaState = try row.decodeOptionalEnum("sla_state")
        slaDueAt = try row.decode(column: "sla_due_at", as: Date?.self)
        slaCheckAt = try row.decode(column: "sla_check_at", as: Date?.self)
        firstResponseAt = try row.decode(column: "first_response_at", as: Date?.self)
        lastCustomerMessageAt = try row.decode(column: "last_customer_message_at", as: Date?.self)
        lastAgentReplyAt = try row.decode(column: "last_agent_reply_at", as: Date?.self)
        solvedAt = try row.decode(column: "solved_at", as: Date?.self)
        mergedIntoID = try row.decode(column: "merged_into_id", as: UUID?.self)
        splitFromID = try row.decode(column: "split_from_id", as: UUID?.self)
        createdAt = try row.decode(column: "created_at", as: Date.self)
        updatedAt = try row.decode(column: "updated_at", as: Date.self)
        $id.exists = true
    }
}

extension TicketMessage {
    static let columns = [
        "id", "workspace_id", "ticket_id", "kind", "visibility", "author_kind", "author_user_id", "author_customer_id",
        "body", "duration_seconds", "outcome", "created_at",
    ]

    var columnValues: [any Encodable & Sendable] {
        [
            id!, workspaceID, ticketID, kind.rawValue, visibility.rawValue, authorKind.rawValue, authorUserID, authorCustomerID,
            body, durationSeconds, outcome?.rawValue, createdAt,
        ]
    }

    convenience init(row: any SQLRow) throws {
        self.init()
        id = try row.decode(column: "id", as: UUID.self)
        workspaceID = try row.decode(column: "workspace_id", as: UUID.self)
        ticketID = try row.decode(column: "ticket_id", as: UUID.self)
        kind = try row.decodeEnum("kind")
        visibility = try row.decodeEnum("visibility")
        authorKind = try row.decodeEnum("author_kind")
        authorUserID = try row.decode(column: "author_user_id", as: UUID?.self)
        authorCustomerID = try row.decode(column: "author_customer_id", as: UUID?.self)
        body = try row.decode(column: "body", as: String.self)
        durationSeconds = try row.decode(column: "duration_seconds", as: Int?.self)
        outcome = try row.decodeOptionalEnum("outcome")
        createdAt = try row.decode(column: "created_at", as: Date.self)
        $id.exists = true
    }
}

extension TicketEvent {
    static let columns = ["id", "workspace_id", "ticket_id", "at", "actor_kind", "actor_id", "action", "field", "old_value", "new_value"]

    var columnValues: [any Encodable & Sendable] {
        [id!, workspaceID, ticketID, at, actorKind.rawValue, actorID, action, field, oldValue, newValue]
    }

    convenience init(row: any SQLRow) throws {
        self.init()
        id = try row.decode(column: "id", as: UUID.self)
        workspaceID = try row.decode(column: "workspace_id", as: UUID.self)
        ticketID = try row.decode(column: "ticket_id", as: UUID.self)
        at = try row.decode(column: "at", as: Date.self)
        actorKind = try row.decodeEnum("actor_kind")
        actorID = try row.decode(column: "actor_id", as: UUID?.self)
        action = try row.decode(column: "action", as: String.self)
        field = try row.decode(column: "field", as: String?.self)
        oldValue = try row.decode(column: "old_value", as: String?.self)
        newValue = try row.decode(column: "new_value", as: String?.self)
        $id.exists = true
    }
}

/// The SLA measures as stored: an object, because PostgreSQL would take a bare array of
/// objects for an array of jsonb values rather than one jsonb value.
struct StoredMeasures: Codable, Sendable {
    var measures: [SLAMeasure]
}

extension SQLRow {
    /// A closed-set column; a value the code does not know is an error, not a silent default.
    func decodeEnum<E: RawRepresentable>(_ column: String) throws -> E where E.RawValue == String {
        let raw = try decode(column: column, as: String.self)
        guard let value = E(rawValue: raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "\(column) holds unknown value '\(raw)'"))
        }
        return value
    }

    func decodeOptionalEnum<E: RawRepresentable>(_ column: String) throws -> E? where E.RawValue == String {
        guard let raw = try decode(column: column, as: String?.self) else { return nil }
        guard let value = E(rawValue: raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "\(column) holds unknown value '\(raw)'"))
        }
        return value
    }
}
