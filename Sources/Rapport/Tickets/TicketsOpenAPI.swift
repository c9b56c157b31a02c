import RapportCore

/// The tickets part of the OpenAPI document.
extension OpenAPIDocument {
    static func ticketPaths(id: JSONValue, paging: [JSONValue]) -> [(String, JSONValue)] {
        func words<T: RawRepresentable & CaseIterable>(_ type: T.Type) -> String where T.RawValue == String {
            T.allCases.map(\.rawValue).joined(separator: ", ")
        }
        func filter(_ name: String, _ description: String) -> JSONValue {
            parameter(name, in: "query", description, schema: ["type": "string"], required: false)
        }
        let filters: [JSONValue] = [
            filter("view", "A standard view: \(words(TicketView.self))."),
            filter("saved_view", "A saved view's id: its filters and sort order; the other filters narrow it."),
            filter("q", "Full-text search over subjects and messages; every word must match; `word*` matches a prefix. Results are ranked and carry a highlighted `snippet`."),
            filter("status", "Comma-separated: \(words(TicketStatus.self))."),
            filter("priority", "Comma-separated: \(words(TicketPriority.self))."),
            filter("kind", "Comma-separated: \(words(TicketKind.self))."),
            filter("channel", "Comma-separated: \(words(TicketChannel.self))."),
            filter("category", "Comma-separated complaint categories."),
            filter("topic", "Comma-separated topics."),
            filter("sla_state", "Comma-separated: \(words(SLAState.self))."),
            filter("assignee_id", "A user id, `me` or `none`."),
            filter("team_id", "A team id or `none`."),
            filter("requester_id", "A customer id."),
            filter("organization_id", "An organization id."),
            filter("tag", "Comma-separated tags, all required."),
            filter("unsolved", "true: new, open, pending or on hold; false: solved or closed."),
            filter("sort", "\(words(TicketSort.self)) (default -updated_at; ignored with q)."),
        ]
        let attachmentID = parameter("attachment", in: "path", "The attachment's id.", schema: ["type": "string", "format": "uuid"])
        return [
            ("/api/v1/tickets", [
                "get": operation("List or search tickets", tag: "Tickets", role: .viewer, parameters: filters + paging,
                    responses: [("200", response("A page of tickets.", schema: page("Ticket"))), ("422", ref422)]),
                "post": operation("Create a ticket", tag: "Tickets", role: .agent,
                    description: "With `message`, the first message is stored in the same transaction. The number is per workspace. Status defaults to new (open when assigned).",
                    body: ref("TicketInput"), responses: [("201", response("The new ticket.", schema: ref("Ticket"))), ("422", ref422)]),
            ]),
            ("/api/v1/tickets/bulk", ["post": operation("Change many tickets at once", tag: "Tickets", role: .agent,
                description: "Applies the same changes to up to 500 tickets; each succeeds or fails on its own.",
                body: ref("BulkInput"), responses: [("200", response("A result per ticket.", schema: ref("BulkResult"))), ("422", ref422)])]),
            ("/api/v1/tickets/{id}", [
                "parameters": [id],
                "get": operation("Show a ticket", tag: "Tickets", role: .viewer, responses: [("200", response("The ticket.", schema: ref("Ticket"))), ("404", ref404)]),
                "patch": operation("Change a ticket", tag: "Tickets", role: .agent,
                    description: "Only the fields sent change; null clears. Every change is recorded in the ticket's events. An illegal status change answers 422 saying why; a closed ticket answers 409.",
                    body: ref("TicketInput"), responses: [("200", response("The ticket.", schema: ref("Ticket"))), ("404", ref404), ("409", ref409), ("422", ref422)]),
            ]),
            ("/api/v1/tickets/{id}/messages", [
                "parameters": [id],
                "get": operation("A ticket's conversation", tag: "Tickets", role: .viewer,
                    responses: [("200", response("Every message, oldest first.", schema: page("Message"))), ("404", ref404)]),
                "post": operation("Add a reply, note, call or visit", tag: "Tickets", role: .agent,
                    description: "A customer's message reopens a pending or solved ticket; an agent's first public reply opens a new one; `status` sets the status in the same step. Attachments are sent inline as base64 (25 MB each).",
                    body: ref("MessageInput"), responses: [("201", response("The message.", schema: ref("Message"))), ("404", ref404), ("409", ref409), ("422", ref422)]),
            ]),
            ("/api/v1/tickets/{id}/events", ["parameters": [id], "get": operation("A ticket's history", tag: "Tickets", role: .viewer,
                description: "Append-only: every change with its field, old and new value, who made it and when.",
                responses: [("200", response("Every event, oldest first.", schema: page("Event"))), ("404", ref404)])]),
            ("/api/v1/tickets/{id}/attachments/{attachment}", ["parameters": [id, attachmentID], "get": operation(
                "Download an attachment", tag: "Tickets", role: .viewer,
                responses: [("200", ["description": "The file, as a download."]), ("404", ref404)])]),
            ("/api/v1/views", ["get": operation("The standard views with their counts", tag: "Tickets", role: .viewer,
                description: "Then the saved views you may see (id: the saved view's id, with its name). Counts stop at 10,000, or 200 for a saved view with a text search (count_capped is then true).",
                responses: [("200", response("Each view and how many tickets it holds.", schema: ref("Views")))])]),
        ]
    }
}

extension OpenAPISchemas {
    static var tickets: [(String, JSONValue)] {
        func choice<T: RawRepresentable & CaseIterable>(_ type: T.Type, nullable: Bool = false) -> JSONValue where T.RawValue == String {
            let values: [JSONValue] = T.allCases.map { .string($0.rawValue) }
            return nullable ? ["type": ["string", "null"], "enum": .array(values + [.null])] : ["type": "string", "enum": .array(values)]
        }
        let uuid: JSONValue = ["type": "string", "format": "uuid"]
        let nullableUUID: JSONValue = ["type": ["string", "null"], "format": "uuid"]
        let time: JSONValue = ["type": "string", "format": "date-time"]
        let nullableTime: JSONValue = ["type": ["string", "null"], "format": "date-time"]
        let strings: JSONValue = ["type": "array", "items": ["type": "string"]]
        let fields: JSONValue = ["type": "object", "additionalProperties": ["type": ["string", "number", "boolean"]]]
        let measure: JSONValue = ["type": "object", "properties": [
            "metric": choice(SLAMetric.self), "target_seconds": ["type": "integer"], "used_seconds": ["type": "integer"],
            "due_at": nullableTime, "state": choice(SLAState.self),
        ]]
        let messageInput: JSONValue = ["type": "object", "properties": [
            "body": ["type": "string"], "visibility": choice(MessageVisibility.self), "author": ["type": "string", "enum": ["agent", "customer"]],
            "kind": choice(MessageKind.self), "duration_seconds": ["type": "integer"], "outcome": choice(ContactOutcome.self),
            "status": choice(TicketStatus.self),
            "attachments": ["type": "array", "items": ["type": "object", "required": ["filename", "content"], "properties": [
                "filename": ["type": "string"], "media_type": ["type": "string"], "content": ["type": "string", "contentEncoding": "base64"],
            ]]],
        ]]
        let ticketInput: JSONValue = ["type": "object", "description": "On create requester_id and subject are required.", "properties": [
            "requester_id": uuid, "subject": ["type": "string"], "kind": choice(TicketKind.self), "status": choice(TicketStatus.self),
            "priority": choice(TicketPriority.self), "channel": choice(TicketChannel.self),
            "category": choice(ComplaintCategory.self, nullable: true), "topic": choice(TicketTopic.self, nullable: true),
            "product": ["type": ["string", "null"]], "tags": strings, "custom_fields": fields,
            "assignee_id": nullableUUID, "team_id": nullableUUID, "follower_ids": ["type": "array", "items": uuid],
            "message": ["$ref": "#/components/schemas/MessageInput"],
        ]]
        return [
            ("Ticket", ["type": "object", "required": ["id", "number", "requester_id", "subject", "status"], "properties": [
                "id": uuid, "number": ["type": "integer"], "requester_id": uuid, "organization_id": nullableUUID,
                "subject": ["type": "string"], "kind": choice(TicketKind.self), "status": choice(TicketStatus.self),
                "priority": choice(TicketPriority.self), "channel": choice(TicketChannel.self),
                "category": choice(ComplaintCategory.self, nullable: true), "topic": choice(TicketTopic.self, nullable: true),
                "product": ["type": ["string", "null"]], "tags": strings, "custom_fields": fields,
                "assignee_id": nullableUUID, "team_id": nullableUUID, "follower_ids": ["type": "array", "items": uuid],
                "sla": ["type": "object", "properties": [
                    "policy_id": nullableUUID, "state": choice(SLAState.self, nullable: true), "due_at": nullableTime,
                    "measures": ["type": "array", "items": measure],
                ]],
                "merged_into_id": nullableUUID, "split_from_id": nullableUUID, "first_response_at": nullableTime,
                "solved_at": nullableTime, "created_at": time, "updated_at": time,
                "snippet": ["type": "string", "description": "Search results only: HTML with the matching words in <mark>."],
            ]]),
            ("TicketInput", ticketInput),
            ("MessageInput", messageInput),
            ("Message", ["type": "object", "properties": [
                "id": uuid, "ticket_id": uuid, "kind": choice(MessageKind.self), "visibility": choice(MessageVisibility.self),
                "author_kind": choice(MessageAuthorKind.self), "author_user_id": nullableUUID, "author_customer_id": nullableUUID,
                "body": ["type": "string"], "duration_seconds": ["type": ["integer", "null"]],
                "outcome": choice(ContactOutcome.self, nullable: true), "created_at": time, "mail": ["$ref": "#/components/schemas/MessageMail"],
                "delivery": ["oneOf": [["$ref": "#/components/schemas/Delivery"], ["type": "null"]]],
                "attachments": ["type": "array", "items": ["type": "object", "properties": [
                    "id": uuid, "filename": ["type": "string"], "media_type": ["type": "string"], "size": ["type": "integer"],
                    "sha256": ["type": "string"], "url": ["type": "string"],
                ]]],
            ]]),
            ("Event", ["type": "object", "properties": [
                "id": uuid, "at": time, "actor_kind": choice(EventActorKind.self), "actor_id": nullableUUID,
                "action": ["type": "string"], "field": ["type": ["string", "null"]],
                "old_value": ["type": ["string", "null"]], "new_value": ["type": ["string", "null"]],
            ]]),
            ("BulkInput", ["type": "object", "required": ["ids", "changes"], "properties": [
                "ids": ["type": "array", "items": uuid, "maxItems": 500], "changes": ["$ref": "#/components/schemas/TicketInput"],
            ]]),
            ("BulkResult", ["type": "object", "properties": ["results": ["type": "array", "items": ["type": "object", "properties": [
                "id": uuid, "ok": ["type": "boolean"], "error": ["type": ["object", "null"]],
            ]]]]]),
            ("Views", ["type": "object", "properties": ["items": ["type": "array", "items": ["type": "object", "properties": [
                "id": ["type": "string"], "count": ["type": "integer"], "count_capped": ["type": "boolean"],
            ]]]]]),
        ]
    }
}
