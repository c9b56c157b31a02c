import Fluent
import Foundation
import RapportCore
import Vapor

/// /api/v1/saved-views: named ticket lists. Anyone may keep personal views (viewers too: a view
/// changes no ticket); sharing a view with the workspace, or changing a shared view one does not
/// own, needs a supervisor or admin.
struct SavedViewsAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let views = routes.grouped("saved-views")
        views.get(use: list)
        views.post(use: create)
        views.get(":id", use: show)
        views.patch(":id", use: update)
        views.delete(":id", use: delete)
    }

    func list(req: Request) async throws -> Page<SavedViewResponse> {
        Page(items: try await req.savedViews.visible().map(SavedViewResponse.init), nextCursor: nil)
    }

    func show(req: Request) async throws -> SavedViewResponse {
        SavedViewResponse(try await req.savedViews.find(try req.requireUUID("id")))
    }

    func create(req: Request) async throws -> Response {
        let actor = try req.actor
        let input = try req.content.decode(SavedViewInput.self)
        let view = SavedView()
        view.workspaceID = actor.workspaceID
        view.ownerID = actor.userID
        view.createdAt = req.clock.now
        view.updatedAt = req.clock.now
        try input.apply(to: view, creating: true, actor: actor)
        try await req.savedViews.save(view)
        return try await SavedViewResponse(view).encodeResponse(status: .created, for: req)
    }

    func update(req: Request) async throws -> SavedViewResponse {
        let actor = try req.actor
        let view = try await req.savedViews.find(try req.requireUUID("id"))
        try Self.checkMayChange(view, actor: actor)
        let input = try req.content.decode(SavedViewInput.self)
        try input.apply(to: view, creating: false, actor: actor)
        view.updatedAt = req.clock.now
        try await req.savedViews.save(view)
        return SavedViewResponse(view)
    }

    func delete(req: Request) async throws -> HTTPStatus {
        let actor = try req.actor
        let store = try req.savedViews
        let view = try await store.find(try req.requireUUID("id"))
        try Self.checkMayChange(view, actor: actor)
        try await store.delete(view)
        return .noContent
    }

    /// The owner may change a view; a shared view also a supervisor or admin.
    static func checkMayChange(_ view: SavedView, actor: Actor) throws {
        if view.ownerID == actor.userID || (view.shared && actor.role >= .supervisor) { return }
        throw APIError(.forbidden, code: "forbidden", message: "Only its owner, a supervisor or an admin may change the shared view '\(view.name)'.")
    }
}

/// A saved view as the API shows it.
struct SavedViewResponse: Content {
    var id: UUID
    var name: String
    var shared: Bool
    var ownerID: UUID
    var filters: [String: String]
    var sort: TicketSort
    var createdAt: Date
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name, shared, filters, sort
        case ownerID = "owner_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    init(_ view: SavedView) {
        id = view.id!
        name = view.name
        shared = view.shared
        ownerID = view.ownerID
        filters = view.filters
        sort = view.sort
        createdAt = view.createdAt
        updatedAt = view.updatedAt
    }
}

/// A new saved view, or changes to one (only the keys sent change; `filters` is replaced whole).
struct SavedViewInput: Decodable, Sendable {
    /// A filter's value as the list takes it: text, a list of words (joined with commas) or true/false.
    struct FilterValue: Decodable, Sendable {
        var text: String
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let text = try? c.decode(String.self) {
                self.text = text
            } else if let flag = try? c.decode(Bool.self) {
                text = flag ? "true" : "false"
            } else {
                text = try c.decode([String].self).joined(separator: ",")
            }
        }
    }

    var name: String?
    var shared: Bool?
    var filters: [String: FilterValue]?
    var sort: String?
    var present: Set<String> = []

    enum CodingKeys: String, CodingKey { case name, shared, filters, sort }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        shared = try c.decodeIfPresent(Bool.self, forKey: .shared)
        filters = try c.decodeIfPresent([String: FilterValue].self, forKey: .filters)
        sort = try c.decodeIfPresent(String.self, forKey: .sort)
        present = Set(c.allKeys.map(\.stringValue))
    }

    func apply(to view: SavedView, creating: Bool, actor: Actor) throws {
        var errors = FieldErrors()
        if creating || present.contains("name") { view.name = errors.requireText("name", name, maxLength: 100) }
        if creating || present.contains("shared") { view.shared = shared ?? false }
        if creating || present.contains("sort") { view.sort = errors.choice("sort", sort, as: TicketSort.self) ?? .updatedDescending }
        if creating || present.contains("filters") {
            let texts = (filters ?? [:]).mapValues(\.text).filter { !$0.value.trimmed.isEmpty }
            do {
                _ = try TicketFilter.fromSaved(texts, me: actor.userID)
            } catch let error as APIError {
                for (field, message) in error.fields { errors.add(field, message) }
            }
            view.filters = texts
        }
        try errors.throwIfAny()
        if view.shared, actor.role < .supervisor, creating || present.contains("shared") {
            throw APIError(.forbidden, code: "forbidden", message: "Sharing a view with the workspace needs the supervisor role or higher; leave shared false for a personal view.")
        }
    }
}

extension Request {
    var savedViews: SavedViewStore {
        get throws {
            let actor = try actor
            return SavedViewStore(db: db, workspaceID: actor.workspaceID, userID: actor.userID)
        }
    }
}
