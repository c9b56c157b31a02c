import Foundation
import RapportCore

/// The follow-ups, notifications and automations part of the OpenAPI document.
extension OpenAPIDocument {
    static func automationPaths(id: JSONValue, paging: [JSONValue]) -> [(String, JSONValue)] {
        func words<T: RawRepresentable & CaseIterable>(_ type: T.Type) -> String where T.RawValue == String {
            T.allCases.map(\.rawValue).joined(separator: ", ")
        }
        func query(_ name: String, _ description: String) -> JSONValue {
            parameter(name, in: "query", description, schema: ["type": "string"], required: false)
        }
        return [
            ("/api/v1/tickets/{id}/follow-ups", [
                "parameters": [id],
                "get": operation("A ticket's follow-ups", tag: "Follow-ups", role: .viewer,
                    responses: [("200", response("Every follow-up of the ticket, by due time.", schema: page("FollowUp"))), ("404", ref404)]),
                "post": operation("Schedule a follow-up", tag: "Follow-ups", role: .agent,
                    description: "A call, email, visit or progress update due at `due_at`, owned by `owner_id` (default: you). Recorded in the ticket's events; an owner other than you is notified.",
                    body: ref("FollowUpInput"), responses: [("201", response("The follow-up.", schema: ref("FollowUp"))), ("404", ref404), ("422", ref422)]),
            ]),
            ("/api/v1/follow-ups", ["get": operation("Follow-ups due", tag: "Follow-ups", role: .viewer,
                parameters: [
                    query("owner_id", "`me` (default), a user id, or `any`."),
                    query("due", "\(words(FollowUpDue.self)) (default all). overdue: due now or earlier; today: due before the end of the UTC day, overdue included."),
                    query("done", "false (default), true or any."),
                ] + paging,
                responses: [("200", response("A page of follow-ups, by due time.", schema: page("FollowUp"))), ("422", ref422)])]),
            ("/api/v1/follow-ups/{id}", ["parameters": [id], "patch": operation("Change a follow-up", tag: "Follow-ups", role: .agent,
                description: "Set `done` (true or false), `due_at`, `owner_id` or `note`; each change is an event in the ticket's history.",
                body: ref("FollowUpInput"), responses: [("200", response("The follow-up.", schema: ref("FollowUp"))), ("404", ref404), ("422", ref422)])]),
            ("/api/v1/notifications", ["get": operation("Your notifications", tag: "Notifications", role: .viewer,
                parameters: [query("unread", "true: only unread ones.")] + paging,
                responses: [("200", response("Your notifications, unread first, newest first.", schema: page("Notification"))), ("422", ref422)])]),
            ("/api/v1/notifications/{id}/read", ["parameters": [id], "post": operation("Mark a notification read", tag: "Notifications", role: .viewer,
                responses: [("200", response("The notification.", schema: ref("Notification"))), ("404", ref404)])]),
            ("/api/v1/automations", [
                "get": operation("List automations", tag: "Automations", role: .admin,
                    responses: [("200", response("Every automation, in the order they run.", schema: page("Automation")))]),
                "post": operation("Create an automation", tag: "Automations", role: .admin,
                    description: """
                        Event rules (\(words(AutomationTrigger.self).replacingOccurrences(of: ", time", with: ""))) run in the same transaction as the change that fired them, in position order, once per event; what rules change does not trigger rules again. \
                        Time rules run every minute and fire once per status period on tickets that have had `time.status` for `time.hours_since_status_change` hours. \
                        Conditions: `all` must hold and one of `any` (when given). A condition tests a ticket field (\(AutomationRuleCheck.ticketFields.keys.sorted().joined(separator: ", "))), `custom_fields.<name>`, `profile.<dimension>` (\(ProfileDimension.allCases.map(\.rawValue).joined(separator: ", "))) or `text` (the subject and the triggering message) with an operator (\(words(ConditionOperator.self))); `is none` tests for no value. \
                        Actions: \(words(AutomationActionType.self)). Templates fill {{customer_name}}, {{ticket_number}} and {{ticket_subject}}. Events the rules cause have actor `rule` and the automation's id.
                        """,
                    body: ref("AutomationInput"), responses: [("201", response("The automation.", schema: ref("Automation"))), ("409", ref409), ("422", ref422)]),
            ]),
            ("/api/v1/automations/{id}", [
                "parameters": [id],
                "get": operation("Show an automation", tag: "Automations", role: .admin, responses: [("200", response("The automation.", schema: ref("Automation"))), ("404", ref404)]),
                "patch": operation("Change an automation", tag: "Automations", role: .admin, description: "Only the fields sent change.",
                    body: ref("AutomationInput"), responses: [("200", response("The automation.", schema: ref("Automation"))), ("404", ref404), ("409", ref409), ("422", ref422)]),
                "delete": operation("Delete an automation", tag: "Automations", role: .admin, responses: [("204", ["description": "Deleted."]), ("404", ref404)]),
            ]),
        ]
    }
}

extension OpenAPISchemas {
    static var automations: [(String, JSONValue)] {
        func choice<T: RawRepresentable & CaseIterable>(_ type: T.Type) -> JSONValue where T.RawValue == String {
            ["type": "string", "enum": .array(T.allCases.map { .string($0.rawValue) })]
        }
        let uuid: JSONValue = ["type": "string", "format": "uuid"]
        let nullableUUID: JSONValue = ["type": ["string", "null"], "format": "uuid"]
        let time: JSONValue = ["type": "string", "format": "date-time"]
        let nullableTime: JSONValue = ["type": ["string", "null"], "format": "date-time"]
        let text: JSONValue = ["type": "string"]
        let condition: JSONValue = ["type": "object", "required": ["field", "operator"], "properties": [
            "field": text, "operator": choice(ConditionOperator.self), "value": text, "values": ["type": "array", "items": text],
        ]]
        let conditions: JSONValue = ["type": "object", "properties": [
            "all": ["type": "array", "items": condition], "any": ["type": "array", "items": condition],
        ]]
        let action: JSONValue = ["type": "object", "required": ["type"], "properties": [
            "type": choice(AutomationActionType.self), "user_id": uuid, "team_id": uuid, "tag": text,
            "priority": choice(TicketPriority.self), "status": choice(TicketStatus.self), "follow_up_kind": choice(FollowUpKind.self),
            "due_in_hours": ["type": "number"], "note": text, "target": choice(NotifyTarget.self),
            "text": ["type": "string", "description": "The notification's text or the reply's template."],
        ]]
        let timeCondition: JSONValue = ["type": ["object", "null"], "properties": [
            "status": choice(TicketStatus.self), "hours_since_status_change": ["type": "number"],
        ]]
        let automationProperties: [(String, JSONValue)] = [
            ("name", text), ("active", ["type": "boolean"]), ("position", ["type": "integer"]),
            ("trigger", choice(AutomationTrigger.self)), ("time", timeCondition), ("conditions", conditions),
            ("actions", ["type": "array", "items": action]),
        ]
        return [
            ("FollowUp", ["type": "object", "properties": [
                "id": uuid, "ticket_id": uuid, "ticket_number": ["type": "integer"], "kind": choice(FollowUpKind.self),
                "note": ["type": ["string", "null"]], "due_at": time, "owner_id": uuid, "done": ["type": "boolean"],
                "overdue": ["type": "boolean"], "done_at": nullableTime, "done_by": nullableUUID, "created_by": nullableUUID, "created_at": time,
            ]]),
            ("FollowUpInput", ["type": "object", "description": "On create kind and due_at are required.", "properties": [
                "kind": choice(FollowUpKind.self), "due_at": time, "owner_id": uuid, "note": ["type": ["string", "null"]],
                "done": ["type": "boolean", "description": "PATCH only."],
            ]]),
            ("Notification", ["type": "object", "properties": [
                "id": uuid, "ticket_id": nullableUUID, "kind": ["type": "string"], "text": text, "read": ["type": "boolean"],
                "created_at": time, "read_at": nullableTime,
            ]]),
            ("AutomationInput", ["type": "object", "description": "On create name, trigger and actions are required; time only (and always) for trigger time.",
                "properties": .object(automationProperties)]),
            ("Automation", ["type": "object", "properties": .object([("id", uuid)] + automationProperties + [("created_at", time), ("updated_at", time)])]),
        ]
    }
}
