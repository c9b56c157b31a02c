import Foundation
import RapportCore
import Vapor

/// `/admin/automations`: rules that act on tickets when something happens or time passes. The form
/// builds a rule of one condition and one action (the API takes more; lists of them are for the API),
/// and every check is the API's (`AutomationsAPI`, `AutomationRuleCheck`).
extension AdminPages {
    struct AutomationRow: Encodable, Sendable {
        var name: String
        var trigger: String
        var conditions: String
        var actions: String
        var active: Bool
        var toggleAction: String
        var toggleLabel: String
        var deleteAction: String
    }

    struct AutomationsPage: Encodable, Sendable {
        var rows: [AutomationRow]
        var triggers: [WebOption]
        var statuses: [WebOption]
        var operators: [WebOption]
        var actionTypes: [WebOption]
        var priorities: [WebOption]
        var actionStatuses: [WebOption]
        var followUpKinds: [WebOption]
        var targets: [WebOption]
        var teams: [WebOption]
        var users: [WebOption]
        /// The text fields as sent, shown again next to their problems.
        var sent: AutomationForm
        var problems: FormProblems
    }

    struct AutomationForm: Encodable, Sendable {
        var name = ""
        var hours = ""
        var field = ""
        var value = ""
        var tag = ""
        var text = ""
        var dueInHours = ""
    }

    func bootAutomations(_ admin: any RoutesBuilder) {
        admin.get("automations", use: { req in try await automations(req, problems: .none) })
        admin.post("automations", use: createAutomation)
        admin.post("automations", ":id", "active", use: toggleAutomation)
        admin.post("automations", ":id", "delete", use: deleteAutomation)
    }

    func automations(_ req: Request, problems: FormProblems, sent: [String: String] = [:]) async throws -> Response {
        let rules = try await AutomationsAPI().list(req: req).items
        let teams = try await TeamsAPI().list(req: req).items
        let users = try await UsersAPI().list(req: req).items.filter(\.active)
        func choose<T: RawRepresentable & CaseIterable>(_ type: T.Type, _ name: String, none: String?) -> [WebOption] where T.RawValue == String {
            WebOption.all(type, selected: sent[name], none: none)
        }
        let rows = rules.map { rule in
            AutomationRow(
                name: rule.name, trigger: Self.triggerText(rule.trigger, rule.time),
                conditions: Self.conditionsText(rule.conditions),
                actions: rule.actions.map(Self.actionText).joined(separator: "; "), active: rule.active,
                toggleAction: "/admin/automations/\(rule.id)/active", toggleLabel: rule.active ? "Turn off" : "Turn on",
                deleteAction: "/admin/automations/\(rule.id)/delete")
        }
        let page = AutomationsPage(
            rows: rows, triggers: choose(AutomationTrigger.self, "trigger", none: nil),
            statuses: choose(TicketStatus.self, "time_status", none: nil),
            operators: ConditionOperator.allCases.map { WebOption(value: $0.rawValue, label: Self.operatorText($0), selected: sent["operator"] == $0.rawValue) },
            actionTypes: choose(AutomationActionType.self, "action_type", none: nil),
            priorities: choose(TicketPriority.self, "priority", none: "—"), actionStatuses: choose(TicketStatus.self, "status", none: "—"),
            followUpKinds: choose(FollowUpKind.self, "follow_up_kind", none: "—"), targets: choose(NotifyTarget.self, "target", none: "—"),
            teams: [WebOption(value: "", label: "—", selected: true)] + teams.map { WebOption(value: $0.id.uuidString, label: $0.name, selected: sent["team_id"] == $0.id.uuidString) },
            users: [WebOption(value: "", label: "—", selected: true)] + users.map { WebOption(value: $0.id.uuidString, label: $0.name, selected: sent["user_id"] == $0.id.uuidString) },
            sent: AutomationForm(name: sent["name"] ?? "", hours: sent["hours"] ?? "", field: sent["field"] ?? "", value: sent["value"] ?? "",
                tag: sent["tag"] ?? "", text: sent["text"] ?? "", dueInHours: sent["due_in_hours"] ?? ""),
            problems: problems)
        return try await req.renderPage("admin/automations", title: "Admin: Automations", section: "admin", page)
    }

    func createAutomation(req: Request) async throws -> Response {
        var sent: [String: String] = [:]
        for name in ["name", "trigger", "time_status", "hours", "field", "operator", "value", "action_type", "tag", "priority", "status",
                     "team_id", "user_id", "text", "follow_up_kind", "due_in_hours", "target"] {
            sent[name] = req.formText(name)
        }
        var numberProblems: [String: String] = [:]
        func number(_ name: String, as field: String) -> JSONValue? {
            guard let text = sent[name] else { return nil }
            guard let value = Double(text) else { numberProblems[field] = "must be a number"; return nil }
            return .number(value)
        }
        var rule: [(String, JSONValue)] = [("name", .string(sent["name"] ?? "")), ("trigger", .string(sent["trigger"] ?? ""))]
        if sent["trigger"] == AutomationTrigger.time.rawValue {
            rule.append(("time", .object([("status", .string(sent["time_status"] ?? "")), ("hours_since_status_change", number("hours", as: "time.hours_since_status_change") ?? .null)])))
        }
        if let field = sent["field"] {
            let op = sent["operator"] ?? ConditionOperator.equals.rawValue
            let listed = op == ConditionOperator.oneOf.rawValue || op == ConditionOperator.noneOf.rawValue
            let value: (String, JSONValue) = listed
                ? ("values", .array(Self.commaList(sent["value"]).map { .string($0) })) : ("value", .string(sent["value"] ?? ""))
            rule.append(("conditions", .object([("all", .array([.object([("field", .string(field)), ("operator", .string(op)), value])]))])))
        }
        var action: [(String, JSONValue)] = [("type", .string(sent["action_type"] ?? ""))]
        for name in ["tag", "priority", "status", "team_id", "user_id", "text", "follow_up_kind", "target"] {
            if let value = sent[name] { action.append((name, .string(value))) }
        }
        if let due = number("due_in_hours", as: "actions[0].due_in_hours") { action.append(("due_in_hours", due)) }
        rule.append(("actions", .array([.object(action)])))
        if !numberProblems.isEmpty {
            return try await automations(req, problems: FormProblems(summary: "Please correct these fields:", fields: numberProblems), sent: sent)
                .withStatus(.unprocessableEntity)
        }
        return try await submit(req, then: "/admin/automations?notice=created", redisplay: { try await automations(req, problems: $0, sent: sent) }) {
            _ = try await req.callAPI(.POST, json: .object(rule), AutomationsAPI().create)
        }
    }

    /// Turns a rule on or off without touching the rest of it.
    func toggleAutomation(req: Request) async throws -> Response {
        let rule = try await AutomationsAPI().show(req: req)
        _ = try await req.callAPI(.PATCH, json: .object([("active", .bool(!rule.active))]), AutomationsAPI().update)
        return req.redirect(to: "/admin/automations?notice=updated", redirectType: .normal)
    }

    func deleteAutomation(req: Request) async throws -> Response {
        _ = try await req.callAPI(.DELETE, AutomationsAPI().delete)
        return req.redirect(to: "/admin/automations?notice=deleted", redirectType: .normal)
    }

    static func triggerText(_ trigger: AutomationTrigger, _ time: TimeCondition?) -> String {
        guard trigger == .time, let time else { return WebFormat.label(trigger.rawValue) }
        return "\(WebFormat.label(time.status.rawValue)) for \(String(format: "%g", time.hoursSinceStatusChange)) h"
    }

    static func operatorText(_ op: ConditionOperator) -> String {
        switch op {
        case .equals: "is"
        case .notEquals: "is not"
        case .oneOf: "is one of (comma-separated)"
        case .noneOf: "is none of (comma-separated)"
        case .contains: "contains"
        }
    }

    static func conditionsText(_ conditions: AutomationConditions) -> String {
        let parts = conditions.all.map(conditionText) + conditions.any.map { "any of: " + conditionText($0) }
        return parts.isEmpty ? "Every ticket" : parts.joined(separator: "; ")
    }

    static func conditionText(_ condition: AutomationCondition) -> String {
        "\(condition.field) \(operatorText(condition.operator).split(separator: " (").first ?? "") \(condition.value ?? (condition.values ?? []).joined(separator: ", "))"
    }

    static func actionText(_ action: AutomationAction) -> String {
        let detail = action.tag ?? action.priority?.rawValue ?? action.status?.rawValue ?? action.followUpKind?.rawValue
            ?? action.target?.rawValue ?? action.text.map { String($0.prefix(60)) }
        return WebFormat.label(action.type.rawValue) + (detail.map { ": \($0)" } ?? "")
    }
}

