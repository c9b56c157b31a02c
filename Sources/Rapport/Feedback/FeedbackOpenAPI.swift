import RapportCore

/// The feedback, insights, improvements and reports part of the OpenAPI document.
extension OpenAPIDocument {
    static func feedbackPaths(id: JSONValue) -> [(String, JSONValue)] {
        let list: ([String]) -> JSONValue = { ["type": "string", "enum": .array($0.map { .string($0) })] }
        let date: JSONValue = ["type": "string", "format": "date"]
        let uuid: JSONValue = ["type": "string", "format": "uuid"]
        let paging: [JSONValue] = [
            parameter("limit", in: "query", "Items per page, 1 to 200 (default 50).", schema: ["type": "integer", "minimum": 1, "maximum": 200], required: false),
            parameter("cursor", in: "query", "The next_cursor of the previous page.", schema: ["type": "string"], required: false),
        ]
        let period: [JSONValue] = [
            parameter("from", in: "query", "First day (YYYY-MM-DD); default 29 days before `to`.", schema: date, required: false),
            parameter("to", in: "query", "Last day, included; default today.", schema: date, required: false),
        ]
        let segment: [JSONValue] = ProfileDimension.allCases.map {
            parameter($0.rawValue, in: "query", "Only customers with any of these \($0.rawValue) values (comma-separated).", schema: ["type": "string"], required: false)
        } + [
            parameter("tag", in: "query", "Only customers with all of these tags.", schema: ["type": "string"], required: false),
            parameter("q", in: "query", "Text in the name or an email address.", schema: ["type": "string"], required: false),
            parameter("organization_id", in: "query", "Only contacts of this organization.", schema: uuid, required: false),
        ]
        let organization = parameter("organization_id", in: "query", "Report on this organization's tickets; default the whole workspace.", schema: uuid, required: false)
        return [
            ("/api/v1/feedback", [
                "get": operation("List feedback", tag: "Feedback", role: .agent,
                    description: "Survey answers and feedback recorded by hand, newest first. Agents see the feedback about themselves and what they recorded.",
                    parameters: [
                        parameter("kind", in: "query", "Only this kind.", schema: list(FeedbackKind.allCases.map(\.rawValue)), required: false),
                        parameter("customer_id", in: "query", "Only about this customer.", schema: uuid, required: false),
                        parameter("ticket_id", in: "query", "Only about this ticket.", schema: uuid, required: false),
                        parameter("agent_id", in: "query", "Only about this agent (supervisors).", schema: uuid, required: false),
                    ] + period + paging,
                    responses: [("200", response("A page of feedback.", schema: page("Feedback"))), ("422", ref422)]),
                "post": operation("Record feedback", tag: "Feedback", role: .agent,
                    description: "Feedback from any channel (a review, a call, a letter, an employee's suggestion). The customer defaults to the ticket's requester and the agent to its assignee. Scores count in the metrics' CSAT and NPS.",
                    body: ref("FeedbackInput"), responses: [("201", response("The feedback.", schema: ref("Feedback"))), ("422", ref422)]),
            ]),
            ("/api/v1/feedback/themes", ["get": operation("Themes in comments and complaints", tag: "Feedback", role: .agent,
                description: "The most frequent terms and two-word phrases (stop words removed, counted once per text) in survey comments, recorded feedback and customers' complaint messages of the period.",
                parameters: period + [
                    parameter("product", in: "query", "Only texts about this product.", schema: ["type": "string"], required: false),
                    parameter("category", in: "query", "Only texts about complaints of this category.", schema: list(ComplaintCategory.allCases.map(\.rawValue)), required: false),
                    parameter("source", in: "query", "comments, complaints or all (default).", schema: list(ThemeSource.allCases.map(\.rawValue)), required: false),
                    parameter("limit", in: "query", "How many themes, 1 to 100 (default 30).", schema: ["type": "integer"], required: false),
                ],
                responses: [("200", response("The themes.", schema: ref("Themes"))), ("422", ref422)])]),
            ("/api/v1/insights", ["get": operation("Complaint surges of a week", tag: "Feedback", role: .agent,
                description: "Complaint categories, products, and categories of one product whose count this week is well above the weekly mean of the 8 weeks before (Poisson z-score at least 3, at least double, at least 5 complaints), worded, with the tickets behind them.",
                parameters: [parameter("week", in: "query", "Any day of the week (weeks start on Monday, UTC); default this week.", schema: date, required: false)],
                responses: [("200", response("The insights.", schema: ref("Insights"))), ("422", ref422)])]),
            ("/api/v1/surveys/nps", [
                "get": operation("List NPS surveys sent", tag: "Feedback", role: .supervisor,
                    responses: [("200", response("The surveys, newest first, with their answer counts.", schema: page("NPSSurvey")))]),
                "post": operation("Send an NPS survey to a segment", tag: "Feedback", role: .supervisor,
                    description: "Mails a 0-10 survey with a personal link to every customer with an email address that the query parameters (the customer list's filters) select.",
                    parameters: segment, body: ["type": "object", "properties": ["name": ["type": "string"]]],
                    responses: [("201", response("The survey as sent.", schema: ref("NPSSurvey"))), ("409", ref409), ("422", ref422)]),
            ]),
            ("/api/v1/improvements", [
                "get": operation("List improvement actions", tag: "Feedback", role: .agent,
                    description: "Newest first. A done action shows its metric over equal periods before and after it was done (at most 28 days each), from the metrics' own figures.",
                    responses: [("200", response("The actions.", schema: page("Improvement")))]),
                "post": operation("Record an improvement action", tag: "Feedback", role: .supervisor, body: ref("ImprovementInput"),
                    responses: [("201", response("The action.", schema: ref("Improvement"))), ("422", ref422)]),
            ]),
            ("/api/v1/improvements/{id}", [
                "parameters": [id],
                "get": operation("Show an improvement action", tag: "Feedback", role: .agent, responses: [("200", response("The action.", schema: ref("Improvement"))), ("404", ref404)]),
                "patch": operation("Change an improvement action", tag: "Feedback", role: .supervisor,
                    description: "Fields present change; status `done` stamps the time the effect is measured from.", body: ref("ImprovementInput"),
                    responses: [("200", response("The action.", schema: ref("Improvement"))), ("404", ref404), ("422", ref422)]),
            ]),
            ("/api/v1/reports/principal", ["get": operation("Principal report", tag: "Reports", role: .viewer,
                description: "The account of a period for the principal of outsourced care: contacts by channel, questions answered, complaints and how they were resolved, SLA compliance and other figures, satisfaction, open issues.",
                parameters: period + [organization], responses: [("200", response("The report.", schema: ref("PrincipalReport"))), ("422", ref422)])]),
            ("/api/v1/reports/principal/{file}", ["get": operation("One CSV file of the principal report", tag: "Reports", role: .viewer,
                parameters: [parameter("file", in: "path", "The file.", schema: list(PrincipalReport.csvNames))] + period + [organization],
                responses: [("200", ["description": "The CSV file.", "content": ["text/csv": ["schema": ["type": "string"]]]]), ("404", ref404), ("422", ref422)])]),
            ("/api/v1/report-schedules", [
                "get": operation("List scheduled reports", tag: "Reports", role: .supervisor,
                    responses: [("200", response("The schedules.", schema: page("ReportSchedule")))]),
                "post": operation("Schedule a report by email", tag: "Reports", role: .supervisor,
                    description: "Each run mails the principal report of the last complete day, week (Monday to Sunday) or month to the recipients, once per period, with the CSV files attached.",
                    body: ref("ReportScheduleInput"), responses: [("201", response("The schedule.", schema: ref("ReportSchedule"))), ("422", ref422)]),
            ]),
            ("/api/v1/report-schedules/{id}", [
                "parameters": [id],
                "delete": operation("Stop a scheduled report", tag: "Reports", role: .supervisor, responses: [("204", ["description": "Deleted."]), ("404", ref404)]),
            ]),
        ]
    }
}

extension OpenAPISchemas {
    static var feedback: [(String, JSONValue)] {
        let text: JSONValue = ["type": "string"]
        let nullableText: JSONValue = ["type": ["string", "null"]]
        let uuid: JSONValue = ["type": "string", "format": "uuid"]
        let nullableUUID: JSONValue = ["type": ["string", "null"], "format": "uuid"]
        let time: JSONValue = ["type": "string", "format": "date-time"]
        let tickets: JSONValue = ["type": "array", "items": uuid]
        let kinds: JSONValue = ["type": "string", "enum": .array(FeedbackKind.allCases.map { .string($0.rawValue) })]
        let sources: JSONValue = ["type": "string", "enum": .array(FeedbackSource.allCases.map { .string($0.rawValue) })]
        let statuses: JSONValue = ["type": "string", "enum": .array(ImprovementStatus.allCases.map { .string($0.rawValue) })]
        let ticketLine: JSONValue = ["type": "object", "properties": [
            "id": uuid, "number": ["type": "integer"], "subject": text, "category": nullableText, "product": nullableText, "status": text,
            "created_at": time, "solved_at": ["type": ["string", "null"], "format": "date-time"],
        ]]
        return [
            ("Feedback", ["type": "object", "required": ["id", "kind", "comment", "source", "customer_id", "received_at"], "properties": [
                "id": uuid, "kind": kinds, "score": ["type": ["integer", "null"]], "comment": text, "source": sources,
                "customer_id": uuid, "ticket_id": nullableUUID, "agent_id": nullableUUID, "recorded_by_id": nullableUUID,
                "product": nullableText, "received_at": time,
            ]]),
            ("FeedbackInput", ["type": "object", "required": ["kind", "source"], "properties": [
                "kind": kinds, "score": ["type": "integer", "description": "CSAT 1 to 5, NPS 0 to 10, none for a note."],
                "comment": text, "source": sources, "customer_id": uuid, "ticket_id": uuid, "agent_id": uuid, "product": text, "received_at": time,
            ]]),
            ("Themes", ["type": "object", "properties": [
                "from": text, "to": text, "source": text, "product": nullableText, "category": nullableText, "texts": ["type": "integer"],
                "themes": ["type": "array", "items": ["type": "object", "properties": ["phrase": text, "count": ["type": "integer"], "ticket_ids": tickets]]],
            ]]),
            ("Insights", ["type": "object", "properties": [
                "week_start": text, "week_end": text,
                "items": ["type": "array", "items": ["type": "object", "properties": [
                    "key": text, "category": nullableText, "product": nullableText, "count": ["type": "integer"], "usual_weekly": ["type": "number"],
                    "z_score": ["type": "number"], "message": text, "ticket_ids": tickets, "ticket_numbers": ["type": "array", "items": ["type": "integer"]],
                ]]],
            ]]),
            ("NPSSurvey", ["type": "object", "properties": [
                "id": uuid, "name": text, "segment": ["type": "string", "description": "The query string that chose the recipients."],
                "recipients": ["type": "integer"], "answers": ["type": "integer"], "created_at": time,
            ]]),
            ("ImprovementInput", ["type": "object", "properties": [
                "title": text, "reason": text, "owner_id": uuid, "insight_key": text, "theme": text,
                "metric": ["type": "string", "enum": .array(MetricName.allCases.map { .string($0.rawValue) })],
                "breakdown": ["type": "string", "enum": .array(MetricDimension.allCases.map { .string($0.rawValue) })], "breakdown_value": text,
                "due_on": ["type": "string", "format": "date"], "status": statuses,
            ]]),
            ("Improvement", ["type": "object", "properties": [
                "id": uuid, "title": text, "reason": text, "owner_id": nullableUUID, "insight_key": nullableText, "theme": nullableText,
                "metric": text, "breakdown": nullableText, "breakdown_value": nullableText, "due_on": nullableText, "status": statuses,
                "done_at": ["type": ["string", "null"], "format": "date-time"], "created_at": time,
                "impact": ["type": ["object", "null"], "properties": [
                    "before_from": text, "before_to": text, "after_from": text, "after_to": text,
                    "before": ["type": ["number", "null"]], "after": ["type": ["number", "null"]], "change": ["type": ["number", "null"]],
                    "before_basis": ["type": "integer"], "after_basis": ["type": "integer"],
                ]],
            ]]),
            ("PrincipalReport", ["type": "object", "properties": [
                "title": text, "from": text, "to": text, "organization_id": nullableUUID,
                "channels": ["type": "array", "items": ["type": "object", "properties": [
                    "channel": text, "tickets": ["type": "integer"], "customer_messages": ["type": "integer"], "agent_replies": ["type": "integer"]]]],
                "questions": ["type": "object", "additionalProperties": ["type": "integer"]],
                "complaints_by_category": ["type": "array", "items": ["type": "object", "properties": [
                    "category": text, "received": ["type": "integer"], "solved": ["type": "integer"], "open": ["type": "integer"]]]],
                "complaints": ["type": "array", "items": ticketLine],
                "figures": ["type": "object", "additionalProperties": ["type": ["number", "null"]]],
                "basis": ["type": "object", "additionalProperties": ["type": "integer"]],
                "open_issues": ["type": "integer"], "open_tickets": ["type": "array", "items": ticketLine],
                "files": ["type": "array", "items": text],
            ]]),
            ("ReportScheduleInput", ["type": "object", "required": ["name", "frequency", "recipients"], "properties": [
                "name": text, "frequency": ["type": "string", "enum": .array(ReportFrequency.allCases.map { .string($0.rawValue) })],
                "organization_id": uuid, "recipients": ["type": "array", "items": ["type": "string", "format": "email"]],
            ]]),
            ("ReportSchedule", ["type": "object", "properties": [
                "id": uuid, "name": text, "frequency": text, "organization_id": nullableUUID,
                "recipients": ["type": "array", "items": text], "created_at": time,
            ]]),
        ]
    }
}
