import Foundation
import RapportCore
import Vapor

/// A macro as the API shows it.
struct MacroResponse: Content {
    var id: UUID
    var name: String
    var body: String?
    var visibility: MessageVisibility
    var actions: MacroActions
    /// The placeholders the body uses, so a client can show what will be filled in.
    var placeholders: [MacroPlaceholder]
    var createdAt: Date
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name, body, visibility, actions, placeholders
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    init(_ macro: Macro) {
        id = macro.id!
        name = macro.name
        body = macro.body
        visibility = macro.visibility
        actions = MacroActions(status: macro.status?.rawValue, priority: macro.priority?.rawValue, addTags: macro.addTags,
            removeTags: macro.removeTags, assigneeID: macro.assigneeID, teamID: macro.teamID)
        placeholders = (macro.body.flatMap { try? MacroTemplate(parsing: $0) })?.placeholders ?? []
        createdAt = macro.createdAt
        updatedAt = macro.updatedAt
    }
}

/// What a macro changes on the ticket; every action is optional.
struct MacroActions: Content {
    var status: String?
    var priority: String?
    var addTags: [String]?
    var removeTags: [String]?
    var assigneeID: UUID?
    var teamID: UUID?

    enum CodingKeys: String, CodingKey {
        case status, priority
        case addTags = "add_tags"
        case removeTags = "remove_tags"
        case assigneeID = "assignee_id"
        case teamID = "team_id"
    }
}

/// A new macro, or changes to one: on change only the keys sent change (`actions` is replaced whole).
struct MacroInput: Decodable, Sendable {
    var name: String?
    var body: String?
    var visibility: String?
    var actions: MacroActions?
    var present: Set<String> = []

    enum CodingKeys: String, CodingKey { case name, body, visibility, actions }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        body = try c.decodeIfPresent(String.self, forKey: .body)
        visibility = try c.decodeIfPresent(String.self, forKey: .visibility)
        actions = try c.decodeIfPresent(MacroActions.self, forKey: .actions)
        present = Set(c.allKeys.map(\.stringValue))
    }

    /// Writes the input onto `macro`, or answers 422 naming every bad field.
    func apply(to macro: Macro, creating: Bool) throws {
        var errors = FieldErrors()
        if creating || present.contains("name") { macro.name = errors.requireText("name", name, maxLength: 100) }
        if present.contains("body") {
            let text = body?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            if text.count > 100_000 { errors.add("body", "must be at most 100,000 characters") }
            do throws(MacroTemplateError) {
                _ = try MacroTemplate(parsing: text)
            } catch {
                errors.add("body", error.message)
            }
            macro.body = text.isEmpty ? nil : text
        }
        if creating || present.contains("visibility") {
            macro.visibility = errors.choice("visibility", visibility, as: MessageVisibility.self) ?? .public
        }
        if creating || present.contains("actions") {
            let actions = actions ?? MacroActions()
            macro.status = errors.choice("actions.status", actions.status, as: TicketStatus.self)
            macro.priority = errors.choice("actions.priority", actions.priority, as: TicketPriority.self)
            macro.addTags = CustomerRules.tags(actions.addTags ?? [], field: "actions.add_tags", into: &errors)
            macro.removeTags = CustomerRules.tags(actions.removeTags ?? [], field: "actions.remove_tags", into: &errors)
            if let both = macro.addTags.first(where: macro.removeTags.contains) {
                errors.add("actions.remove_tags", "'\(both)' is also in add_tags")
            }
            macro.assigneeID = actions.assigneeID
            macro.teamID = actions.teamID
        }
        if errors.isEmpty, macro.body == nil, macro.changes.isEmpty {
            errors.add("body", "is required when the macro has no actions; a macro must reply or change something")
        }
        try errors.throwIfAny()
    }
}

/// The reply a macro would send on a ticket, and what it would change, without changing anything.
struct MacroPreviewResponse: Content {
    var macroID: UUID
    var ticketID: UUID
    var body: String?
    var visibility: MessageVisibility
    var actions: MacroActions

    enum CodingKeys: String, CodingKey {
        case body, visibility, actions
        case macroID = "macro_id"
        case ticketID = "ticket_id"
    }
}

/// The outcome of applying a macro: the ticket as it now is and the reply it sent, if any.
struct MacroApplyResponse: Content {
    var ticket: TicketResponse
    var message: MessageResponse?
}
