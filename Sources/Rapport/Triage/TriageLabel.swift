import Fluent
import Foundation
import RapportCore
import SQLKit

/// A label an agent confirmed or corrected for one customer message: training data for the workspace's model.
final class TriageLabel: Model, @unchecked Sendable {
    static let schema = "triage_labels"

    @ID(key: .id) var id: UUID?
    @Field(key: "workspace_id") var workspaceID: UUID
    @Field(key: "text") var text: String
    /// The message the text was taken from, when the label is about a ticket message.
    @OptionalField(key: "ticket_message_id") var ticketMessageID: UUID?
    @Field(key: "styles") var styles: [String]
    @Field(key: "sentiment") var sentiment: Sentiment
    @Field(key: "urgency") var urgency: Urgency
    @Field(key: "kind") var kind: TicketKind
    @OptionalField(key: "category") var category: ComplaintCategory?
    @OptionalField(key: "topic") var topic: TicketTopic?
    @Field(key: "confirmed_by_id") var confirmedByID: UUID
    @Field(key: "confirmed_at") var confirmedAt: Date

    init() {}

    var example: TriageExample {
        TriageExample(text: text, styles: styles.compactMap(CommunicationStyle.init(rawValue:)), sentiment: sentiment,
                      urgency: urgency, kind: kind, category: category, topic: topic)
    }
}

/// 0033: the table of agents' confirmed triage labels.
struct CreateTriageLabels: AsyncMigration {
    var name: String { "0033_CreateTriageLabels" }

    func prepare(on database: any Database) async throws {
        try await database.schema("triage_labels")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("text", .string, .required)
            .field("ticket_message_id", .uuid, .references("ticket_messages", "id", onDelete: .setNull))
            .field("styles", .array(of: .string), .required)
            .field("sentiment", .string, .required)
            .field("urgency", .string, .required)
            .field("kind", .string, .required)
            .field("category", .string)
            .field("topic", .string)
            .field("confirmed_by_id", .uuid, .required)
            .field("confirmed_at", .datetime, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.create(index: "triage_labels_by_time").on("triage_labels").column("workspace_id").column("confirmed_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("triage_labels").delete()
    }
}
