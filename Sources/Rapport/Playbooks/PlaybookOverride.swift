import Fluent
import Foundation
import RapportCore

/// A workspace's own version of one playbook entry; without one, the shipped default applies.
final class PlaybookOverride: Model, @unchecked Sendable {
    static let schema = "playbook_overrides"

    @ID(key: .id) var id: UUID?
    @Field(key: "workspace_id") var workspaceID: UUID
    @Field(key: "dimension") var dimension: ProfileDimension
    @Field(key: "value") var value: String
    @Field(key: "title") var title: String
    @Field(key: "summary") var summary: String
    @Field(key: "actions") var actions: [String]
    @Field(key: "tone") var tone: String
    @Field(key: "offer") var offer: [String]
    @Field(key: "avoid") var avoid: [String]
    @Field(key: "follow_up") var followUp: [String]
    @Field(key: "importance") var importance: Int
    @OptionalField(key: "updated_by_user_id") var updatedByUserID: UUID?
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var entry: PlaybookEntry {
        PlaybookEntry(
            dimension: dimension, value: value, title: title, summary: summary, actions: actions, tone: tone,
            offer: offer, avoid: avoid, followUp: followUp, importance: importance)
    }

    func update(from entry: PlaybookEntry, by userID: UUID, at now: Date) {
        dimension = entry.dimension
        value = entry.value
        title = entry.title
        summary = entry.summary
        actions = entry.actions
        tone = entry.tone
        offer = entry.offer
        avoid = entry.avoid
        followUp = entry.followUp
        importance = entry.importance
        updatedByUserID = userID
        updatedAt = now
    }
}

struct CreatePlaybookOverrides: AsyncMigration {
    var name: String { "0007_CreatePlaybookOverrides" }

    func prepare(on database: any Database) async throws {
        try await database.schema("playbook_overrides")
            .id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id"))
            .field("dimension", .string, .required)
            .field("value", .string, .required)
            .field("title", .string, .required)
            .field("summary", .string, .required)
            .field("actions", .array(of: .string), .required)
            .field("tone", .string, .required)
            .field("offer", .array(of: .string), .required)
            .field("avoid", .array(of: .string), .required)
            .field("follow_up", .array(of: .string), .required)
            .field("importance", .int, .required)
            .field("updated_by_user_id", .uuid)
            .field("updated_at", .datetime, .required)
            .unique(on: "workspace_id", "dimension", "value")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("playbook_overrides").delete()
    }
}
