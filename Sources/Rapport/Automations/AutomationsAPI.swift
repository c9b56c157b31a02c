import Fluent
import Foundation
import RapportCore
import SQLKit
import Vapor

/// Registers the routes of follow-ups, notifications and automations.
struct AutomationRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        try routes.register(collection: FollowUpsAPI())
        try routes.register(collection: NotificationsAPI())
        try routes.register(collection: AutomationsAPI())
    }
}

/// /api/v1/automations: rules that act on tickets when something happens or time passes (admins only).
struct AutomationsAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let automations = routes.grouped("automations").requiring(.admin)
        automations.get(use: list)
        automations.post(use: create)
        automations.get(":id", use: show)
        automations.patch(":id", use: update)
        automations.delete(":id", use: delete)
    }

    func list(req: Request) async throws -> Page<AutomationResponse> {
        Page(items: try await AutomationStore(db: req.db, workspaceID: try req.workspaceID).all().map(AutomationResponse.init), nextCursor: nil)
    }

    func show(req: Request) async throws -> AutomationResponse {
        AutomationResponse(try await AutomationStore(db: req.db, workspaceID: try req.workspaceID).find(try req.requireUUID("id")))
    }

    func create(req: Request) async throws -> Response {
        let workspaceID = try req.workspaceID
        let input = try AutomationInput.decode(req)
        let store = AutomationStore(db: req.db, workspaceID: workspaceID)
        let now = req.clock.now
        var record = AutomationRecord(
            id: TimeOrderedID.make(now: now), workspaceID: workspaceID, name: "", active: true, position: 0, trigger: .ticketUpdated,
            time: nil, conditions: AutomationConditions(), actions: [], createdAt: now, updatedAt: now)
        record.position = try await store.nextPosition()
        try await input.apply(to: &record, creating: true, db: req.db)
        if try await store.nameTaken(record.name, except: nil) { throw APIError.conflict("An automation named '\(record.name)' already exists.", field: "name") }
        try await store.insert(record)
        await req.application.automations.forget(workspaceID)
        return try await AutomationResponse(record).encodeResponse(status: .created, for: req)
    }

    func update(req: Request) async throws -> AutomationResponse {
        let workspaceID = try req.workspaceID
        let store = AutomationStore(db: req.db, workspaceID: workspaceID)
        var record = try await store.find(try req.requireUUID("id"))
        let input = try AutomationInput.decode(req)
        try await input.apply(to: &record, creating: false, db: req.db)
        if try await store.nameTaken(record.name, except: record.id) { throw APIError.conflict("An automation named '\(record.name)' already exists.", field: "name") }
        record.updatedAt = req.clock.now
        try await store.save(record)
        await req.application.automations.forget(workspaceID)
        return AutomationResponse(record)
    }

    func delete(req: Request) async throws -> HTTPStatus {
        let workspaceID = try req.workspaceID
        let store = AutomationStore(db: req.db, workspaceID: workspaceID)
        let record = try await store.find(try req.requireUUID("id"))
        try await store.delete(record.id)
        await req.application.automations.forget(workspaceID)
        return .noContent
    }
}

/// The body of POST and PATCH /automations; on PATCH only the fields sent change.
struct AutomationInput: Decodable, Sendable {
    var name: String?
    var active: Bool?
    var position: Int?
    var trigger: String?
    var time: TimeCondition?
    var conditions: AutomationConditions?
    var actions: [AutomationAction]?
    var present: Set<String> = []

    enum CodingKeys: String, CodingKey {
        case name, active, position, trigger, time, conditions, actions
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        active = try c.decodeIfPresent(Bool.self, forKey: .active)
        position = try c.decodeIfPresent(Int.self, forKey: .position)
        trigger = try c.decodeIfPresent(String.self, forKey: .trigger)
        time = try c.decodeIfPresent(TimeCondition.self, forKey: .time)
        conditions = try c.decodeIfPresent(AutomationConditions.self, forKey: .conditions)
        actions = try c.decodeIfPresent([AutomationAction].self, forKey: .actions)
        present = Set(c.allKeys.map(\.stringValue))
    }

    /// Decodes the body; a value of the wrong shape answers 422 naming its path (`actions[1].type`).
    static func decode(_ req: Request) throws -> AutomationInput {
        do {
            return try req.content.decode(AutomationInput.self)
        } catch let error as DecodingError {
            let (path, message): ([any CodingKey], String) = switch error {
            case .dataCorrupted(let context): (context.codingPath, "is not a value this field accepts")
            case .keyNotFound(let key, let context): (context.codingPath + [key], "is required")
            case .typeMismatch(_, let context): (context.codingPath, "has the wrong type")
            case .valueNotFound(_, let context): (context.codingPath, "is required")
            @unknown default: ([], "is not valid")
            }
            let field = path.reduce("") { text, key in
                if let index = key.intValue { return text + "[\(index)]" }
                return text.isEmpty ? key.stringValue : text + "." + key.stringValue
            }
            throw APIError.validation([field.isEmpty ? "body" : field: message + Self.hint(for: field)])
        }
    }

    private static func hint(for field: String) -> String {
        if field.hasSuffix(".type") { return "; use one of: " + AutomationActionType.allCases.map(\.rawValue).joined(separator: ", ") }
        if field.hasSuffix(".operator") { return "; use one of: " + ConditionOperator.allCases.map(\.rawValue).joined(separator: ", ") }
        return ""
    }

    /// Applies the input to `record` and checks the whole rule, naming every bad field (422).
    func apply(to record: inout AutomationRecord, creating: Bool, db: any Database) async throws {
        var errors = FieldErrors()
        if creating || present.contains("name") { record.name = errors.requireText("name", name, maxLength: 200) }
        if let active { record.active = active }
        if let position {
            if (0...100_000).contains(position) { record.position = position } else { errors.add("position", "must be 0 to 100,000") }
        }
        if creating, trigger == nil { errors.add("trigger", "is required: " + AutomationTrigger.allCases.map(\.rawValue).joined(separator: ", ")) }
        if let trigger = errors.choice("trigger", trigger, as: AutomationTrigger.self) { record.trigger = trigger }
        if present.contains("time") { record.time = time }
        if record.trigger != .time, present.contains("trigger"), !present.contains("time") { record.time = nil }
        if let conditions { record.conditions = conditions }
        if creating, actions == nil { errors.add("actions", "must list at least one action") }
        if let actions { record.actions = actions.map(Self.trimmed) }
        if record.conditions.all.count + record.conditions.any.count > 50 { errors.add("conditions", "may hold at most 50 conditions") }
        if record.actions.count > 20 { errors.add("actions", "may hold at most 20 actions") }
        for (field, message) in AutomationRuleCheck.problems(
            trigger: record.trigger, time: record.time, conditions: record.conditions, actions: record.actions) {
            errors.add(field, message)
        }
        try errors.throwIfAny()
        try await Self.checkReferences(record, db: db)
    }

    private static func trimmed(_ action: AutomationAction) -> AutomationAction {
        var action = action
        action.tag = action.tag.map { $0.trimmed.lowercased() }
        action.note = action.note.map(\.trimmed)
        return action
    }

    /// The users and teams the actions name must be in the workspace (and users able to take tickets).
    private static func checkReferences(_ record: AutomationRecord, db: any Database) async throws {
        let sql = db as! any SQLDatabase
        var errors = FieldErrors()
        for (index, action) in record.actions.enumerated() {
            if let user = action.userID {
                let row = try await sql.select().columns("role", "active").from("users")
                    .where("workspace_id", .equal, record.workspaceID).where("id", .equal, user).first()
                if let row {
                    let role = Role(rawValue: try row.decode(column: "role", as: String.self)) ?? .viewer
                    if role < .agent, action.type != .notify { errors.add("actions[\(index)].user_id", "is a viewer; only agents, supervisors and admins take tickets and follow-ups") }
                } else {
                    errors.add("actions[\(index)].user_id", "is not a user of this workspace")
                }
            }
            if let team = action.teamID {
                let row = try await sql.select().column("id").from("teams")
                    .where("workspace_id", .equal, record.workspaceID).where("id", .equal, team).first()
                if row == nil { errors.add("actions[\(index)].team_id", "is not a team of this workspace") }
            }
        }
        try errors.throwIfAny()
    }
}

struct AutomationResponse: Content {
    var id: UUID
    var name: String
    var active: Bool
    var position: Int
    var trigger: AutomationTrigger
    var time: TimeCondition?
    var conditions: AutomationConditions
    var actions: [AutomationAction]
    var createdAt: Date
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name, active, position, trigger, time, conditions, actions
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    init(_ record: AutomationRecord) {
        id = record.id
        name = record.name
        active = record.active
        position = record.position
        trigger = record.trigger
        time = record.time
        conditions = record.conditions
        actions = record.actions
        createdAt = record.createdAt
        updatedAt = record.updatedAt
    }
}
