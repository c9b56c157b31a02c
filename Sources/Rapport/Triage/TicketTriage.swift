import Fluent
import Foundation
import RapportCore
import SQLKit

/// Triage's suggestion for a ticket (from its first customer message), and the agent's confirmation.
final class TicketTriage: Model, @unchecked Sendable {
    static let schema = "ticket_triage"

    @ID(key: .id) var id: UUID?
    @Field(key: "workspace_id") var workspaceID: UUID
    @Field(key: "ticket_id") var ticketID: UUID
    @OptionalField(key: "message_id") var messageID: UUID?
    @Field(key: "kind") var kind: TicketKind
    @OptionalField(key: "category") var category: ComplaintCategory?
    @OptionalField(key: "topic") var topic: TicketTopic?
    @Field(key: "priority") var priority: TicketPriority
    @Field(key: "styles") var styles: [String]
    @Field(key: "sentiment") var sentiment: Sentiment
    @Field(key: "urgency") var urgency: Urgency
    @Field(key: "routing_hint") var routingHint: String
    @Field(key: "reasons") var reasons: [String]
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "confirmed_by_id") var confirmedByID: UUID?
    @OptionalField(key: "confirmed_at") var confirmedAt: Date?

    init() {}
}

/// 0034: triage suggestions for tickets, one per ticket.
struct CreateTicketTriage: AsyncMigration {
    var name: String { "0034_CreateTicketTriage" }

    func prepare(on database: any Database) async throws {
        try await database.schema("ticket_triage")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("ticket_id", .uuid, .required, .references("tickets", "id", onDelete: .cascade))
            .field("message_id", .uuid, .references("ticket_messages", "id", onDelete: .setNull))
            .field("kind", .string, .required)
            .field("category", .string)
            .field("topic", .string)
            .field("priority", .string, .required)
            .field("styles", .array(of: .string), .required)
            .field("sentiment", .string, .required)
            .field("urgency", .string, .required)
            .field("routing_hint", .string, .required)
            .field("reasons", .array(of: .string), .required)
            .field("created_at", .datetime, .required)
            .field("confirmed_by_id", .uuid)
            .field("confirmed_at", .datetime)
            .unique(on: "workspace_id", "ticket_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("ticket_triage").delete()
    }
}
