import Fluent
import Foundation
import RapportCore
import Vapor

/// A named ticket list: filters and a sort order, personal to its owner or shared with the workspace.
final class SavedView: Model, @unchecked Sendable {
    static let schema = "saved_views"

    @ID(key: .id) var id: UUID?
    @Field(key: "workspace_id") var workspaceID: UUID
    @Field(key: "owner_id") var ownerID: UUID
    @Field(key: "name") var name: String
    /// Shared views are seen by everyone in the workspace; personal ones only by their owner.
    @Field(key: "shared") var shared: Bool
    /// The list's query parameters as text (`status: "open,pending"`, `assignee_id: "me"`), read
    /// by the same parsing as the list, so `me` is whoever looks at the view.
    @Field(key: "filters") var filters: [String: String]
    @Field(key: "sort") var sort: TicketSort
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    /// The view's filter for `userID`; a stored filter Rapport no longer understands is a 422 naming it.
    func filter(for userID: UUID) throws -> TicketFilter {
        try TicketFilter.fromSaved(filters, me: userID)
    }
}

extension TicketFilter {
    /// Parses saved filters with the list's own parsing; errors are named `filters.<name>`.
    static func fromSaved(_ filters: [String: String], me: UUID) throws -> TicketFilter {
        var errors = FieldErrors()
        for key in filters.keys.sorted() where !parameterNames.contains(key) {
            errors.add("filters.\(key)", "is not a ticket filter; use \(parameterNames.joined(separator: ", "))")
        }
        try errors.throwIfAny()
        do {
            return try TicketFilter(parameters: { filters[$0] }, me: me)
        } catch let error as APIError where error.status == .unprocessableEntity {
            throw APIError.validation(Dictionary(uniqueKeysWithValues: error.fields.map { ("filters.\($0.key)", $0.value) }))
        }
    }
}

/// The queries for one workspace's saved views, as one user may see them.
struct SavedViewStore {
    let db: any Database
    let workspaceID: UUID
    let userID: UUID

    /// Shared views and the user's own, by name.
    func visible() async throws -> [SavedView] {
        try await SavedView.query(on: db).filter(\.$workspaceID == workspaceID)
            .group(.or) { $0.filter(\.$shared == true).filter(\.$ownerID == userID) }
            .sort(\.$name).sort(\.$id).all()
    }

    /// Someone else's personal view answers 404, like a missing one.
    func find(_ id: UUID) async throws -> SavedView {
        guard let view = try await SavedView.query(on: db).filter(\.$workspaceID == workspaceID).filter(\.$id == id)
            .group(.or, { $0.filter(\.$shared == true).filter(\.$ownerID == userID) }).first()
        else { throw APIError.notFound("saved view") }
        return view
    }

    func save(_ view: SavedView) async throws { try await view.save(on: db) }
    func delete(_ view: SavedView) async throws { try await view.delete(on: db) }
}
