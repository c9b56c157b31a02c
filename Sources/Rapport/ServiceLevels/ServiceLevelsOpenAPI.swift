import RapportCore

/// The business calendars and SLA policies part of the OpenAPI document.
extension OpenAPIDocument {
    static func serviceLevelPaths(id: JSONValue) -> [(String, JSONValue)] {
        let deleted: (String, JSONValue) = ("204", ["description": "Deleted."])
        return [
            ("/api/v1/business-calendars", [
                "get": operation("List business calendars", tag: "Service levels", role: .supervisor,
                    responses: [("200", response("Every calendar of the workspace, by name.", schema: page("BusinessCalendar")))]),
                "post": operation("Create a business calendar", tag: "Service levels", role: .admin,
                    description: "Opening hours per weekday in the calendar's time zone (several spans a day allowed; 24:00 ends a day at midnight) and holidays, on which the clocks do not run.",
                    body: ref("BusinessCalendarInput"),
                    responses: [("201", response("The new calendar.", schema: ref("BusinessCalendar"))), ("409", ref409), ("422", ref422)]),
            ]),
            ("/api/v1/business-calendars/{id}", [
                "parameters": [id],
                "get": operation("Show a business calendar", tag: "Service levels", role: .supervisor,
                    responses: [("200", response("The calendar.", schema: ref("BusinessCalendar"))), ("404", ref404)]),
                "patch": operation("Change a business calendar", tag: "Service levels", role: .admin,
                    description: "Only the fields sent change. Tickets use the new hours from their next change or SLA check.",
                    body: ref("BusinessCalendarInput"),
                    responses: [("200", response("The calendar.", schema: ref("BusinessCalendar"))), ("404", ref404), ("409", ref409), ("422", ref422)]),
                "delete": operation("Delete a business calendar", tag: "Service levels", role: .admin,
                    description: "Refused with 409 while an SLA policy uses it.", responses: [deleted, ("404", ref404), ("409", ref409)]),
            ]),
            ("/api/v1/sla-policies", [
                "get": operation("List SLA policies", tag: "Service levels", role: .supervisor,
                    description: "In the order they are tried: a new or changed ticket gets the first policy whose priorities, value tiers and lifecycles (empty means any) cover it.",
                    responses: [("200", response("Every policy, by position.", schema: page("SLAPolicy")))]),
                "post": operation("Create an SLA policy", tag: "Service levels", role: .admin,
                    description: "Without a position the policy goes last.", body: ref("SLAPolicyInput"),
                    responses: [("201", response("The new policy.", schema: ref("SLAPolicy"))), ("409", ref409), ("422", ref422)]),
            ]),
            ("/api/v1/sla-policies/{id}", [
                "parameters": [id],
                "get": operation("Show an SLA policy", tag: "Service levels", role: .supervisor,
                    responses: [("200", response("The policy.", schema: ref("SLAPolicy"))), ("404", ref404)]),
                "patch": operation("Change an SLA policy", tag: "Service levels", role: .admin,
                    description: "Only the fields sent change; `calendar_id: null` means round-the-clock hours. Tickets keep their policy and pick up its new targets at their next change or SLA check.",
                    body: ref("SLAPolicyInput"),
                    responses: [("200", response("The policy.", schema: ref("SLAPolicy"))), ("404", ref404), ("409", ref409), ("422", ref422)]),
                "delete": operation("Delete an SLA policy", tag: "Service levels", role: .admin,
                    description: "Tickets under it get the next policy that covers them at their next change.", responses: [deleted, ("404", ref404)]),
            ]),
        ]
    }
}

extension OpenAPISchemas {
    static var serviceLevels: [(String, JSONValue)] {
        func words<T: RawRepresentable & CaseIterable>(_ type: T.Type) -> JSONValue where T.RawValue == String {
            ["type": "array", "items": ["type": "string", "enum": .array(T.allCases.map { .string($0.rawValue) })], "description": "Empty means any."]
        }
        let uuid: JSONValue = ["type": "string", "format": "uuid"]
        let nullableUUID: JSONValue = ["type": ["string", "null"], "format": "uuid"]
        let time: JSONValue = ["type": "string", "format": "date-time"]
        let hours: JSONValue = ["type": "object", "required": ["weekday", "start", "end"], "properties": [
            "weekday": ["type": "string", "enum": .array(Weekday.allCases.map { .string($0.rawValue) })],
            "start": ["type": "string", "description": "HH:MM", "examples": ["09:00"]],
            "end": ["type": "string", "description": "HH:MM; 24:00 is midnight at the end of the day", "examples": ["17:30"]],
        ]]
        let calendarFields: [(String, JSONValue)] = [
            ("name", ["type": "string", "maxLength": 100]),
            ("time_zone", ["type": "string", "description": "An IANA time zone.", "examples": ["Europe/Berlin"]]),
            ("weekly_hours", ["type": "array", "items": hours]),
            ("holidays", ["type": "array", "items": ["type": "string", "format": "date"]]),
        ]
        let minutes: JSONValue = ["type": ["integer", "null"], "minimum": 1, "maximum": .number(Double(SLAPolicyInput.maxMinutes))]
        let targets: JSONValue = ["type": "object", "description": "Business minutes; at least one.", "properties": [
            "first_response_minutes": minutes, "next_response_minutes": minutes, "resolution_minutes": minutes,
        ]]
        let escalation: JSONValue = ["type": "object", "description": "What happens when a ticket turns at risk or breached.", "properties": [
            "notify": ["type": "boolean", "description": "Notify the assignee (default true)."],
            "raise_priority_on_breach": ["type": "boolean", "description": "Raise the priority one step on a breach (default false)."],
            "reassign_on_breach_to": ["type": ["string", "null"], "format": "uuid", "description": "Hand a breached ticket to this user, a supervisor for example."],
        ]]
        let policyFields: [(String, JSONValue)] = [
            ("name", ["type": "string", "maxLength": 100]),
            ("position", ["type": "integer", "minimum": 0, "description": "Lower is tried first."]),
            ("priorities", words(TicketPriority.self)),
            ("value_tiers", words(ValueTier.self)),
            ("lifecycles", words(Lifecycle.self)),
            ("targets", targets),
            ("calendar_id", nullableUUID),
            ("escalation", escalation),
        ]
        return [
            ("BusinessCalendar", ["type": "object", "required": ["id", "name", "time_zone", "weekly_hours", "holidays"],
                "properties": .object([("id", uuid)] + calendarFields + [("created_at", time), ("updated_at", time)])]),
            ("BusinessCalendarInput", ["type": "object", "description": "name, time_zone and weekly_hours are required to create.",
                "properties": .object(calendarFields)]),
            ("SLAPolicy", ["type": "object", "required": ["id", "name", "position", "priorities", "value_tiers", "lifecycles", "targets", "escalation"],
                "properties": .object([("id", uuid)] + policyFields)]),
            ("SLAPolicyInput", ["type": "object", "description": "name and targets are required to create.", "properties": .object(policyFields)]),
        ]
    }
}
