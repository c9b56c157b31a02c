import Fluent
import Foundation

/// A company or other body whose people are customers; each contact has a buying role in it.
final class Organization: Model, @unchecked Sendable {
    static let schema = "organizations"

    @ID(key: .id) var id: UUID?
    @Field(key: "workspace_id") var workspaceID: UUID
    @Field(key: "name") var name: String
    @Field(key: "sort_key") var sortKey: String
    @Field(key: "domains") var domains: [String]
    @OptionalField(key: "notes") var notes: String?
    @Field(key: "attributes") var attributes: [String: AttributeValue]
    @OptionalField(key: "archived_at") var archivedAt: Date?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(id: UUID = UUID(), workspaceID: UUID, name: String, at now: Date) {
        self.id = id
        self.workspaceID = workspaceID
        self.name = name
        self.sortKey = name.lowercased()
        self.domains = []
        self.attributes = [:]
        self.createdAt = now
        self.updatedAt = now
    }
}
