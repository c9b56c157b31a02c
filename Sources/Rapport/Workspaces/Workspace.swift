import Fluent
import Foundation

/// A tenant: one business, or one principal of an outsourced care provider. Nothing crosses between them.
final class Workspace: Model, @unchecked Sendable {
    static let schema = "workspaces"

    @ID(key: .id) var id: UUID?
    @Field(key: "slug") var slug: String
    @Field(key: "name") var name: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(id: UUID? = nil, slug: String, name: String) {
        self.id = id
        self.slug = slug
        self.name = name
    }
}

struct CreateWorkspaces: AsyncMigration {
    var name: String { "0001_CreateWorkspaces" }

    func prepare(on database: any Database) async throws {
        try await database.schema("workspaces")
            .id()
            .field("slug", .string, .required)
            .field("name", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "slug")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("workspaces").delete()
    }
}
