import RapportCore

/// The OpenAPI part for macros, saved views, and merging and splitting tickets.
extension OpenAPIDocument {
    static func deskPaths(id: JSONValue) -> [(String, JSONValue)] {
        let macroID = parameter("macro_id", in: "path", "The macro's id.", schema: ["type": "string", "format": "uuid"])
        let placeholders = MacroPlaceholder.allCases.map { "`{{\($0.rawValue)}}`" }.joined(separator: ", ")
        return [
            ("/api/v1/macros", [
                "get": operation("List macros", tag: "Macros", role: .agent,
                    responses: [("200", response("Every macro of the workspace, by name.", schema: page("Macro")))]),
                "post": operation("Create a macro", tag: "Macros", role: .supervisor,
                    description: "A reply template and/or actions. Placeholders: \(placeholders); spaces inside the braces are allowed, other braces stay as they are, an unknown placeholder is refused naming it (field `body`). Supervisors and admins write macros because a macro speaks for the whole team.",
                    body: ref("MacroInput"), responses: [("201", response("The new macro.", schema: ref("Macro"))), ("409", ref409), ("422", ref422)]),
            ]),
            ("/api/v1/macros/{id}", [
                "parameters": [id],
                "get": operation("Show a macro", tag: "Macros", role: .agent, responses: [("200", response("The macro.", schema: ref("Macro"))), ("404", ref404)]),
                "patch": operation("Change a macro", tag: "Macros", role: .supervisor, description: "Only the keys sent change; `actions` is replaced whole.",
                    body: ref("MacroInput"), responses: [("200", response("The macro.", schema: ref("Macro"))), ("404", ref404), ("409", ref409), ("422", ref422)]),
                "delete": operation("Delete a macro", tag: "Macros", role: .supervisor, responses: [("204", ["description": "Deleted."]), ("404", ref404)]),
            ]),
            ("/api/v1/tickets/{id}/macros/{macro_id}", ["parameters": [id, macroID], "post": operation(
                "Apply a macro to a ticket", tag: "Macros", role: .agent,
                description: "In one transaction: the reply rendered for this ticket (placeholders take the ticket's values before the macro's actions, the same as the preview) and every action. The status action goes through the status machine; if anything is refused, nothing of the macro is applied. The history records a `macro_applied` event naming the macro, with you as the actor.",
                responses: [("200", response("The ticket after the macro, and the reply it sent.", schema: ref("MacroApplied"))), ("404", ref404), ("409", ref409), ("422", ref422)])]),
            ("/api/v1/tickets/{id}/macros/{macro_id}/preview", ["parameters": [id, macroID], "get": operation(
                "Preview a macro on a ticket", tag: "Macros", role: .agent, description: "The rendered reply and the actions; changes nothing.",
                responses: [("200", response("What applying would send and do.", schema: ref("MacroPreview"))), ("404", ref404)])]),
            ("/api/v1/saved-views", [
                "get": operation("List saved views", tag: "Tickets", role: .viewer,
                    responses: [("200", response("The workspace's shared views and your personal ones, by name. Counts are at GET /api/v1/views.", schema: page("SavedView")))]),
                "post": operation("Save a view", tag: "Tickets", role: .viewer,
                    description: "Filters are the ticket list's query parameters and are checked by the same code (a bad one is a 422 naming `filters.<name>`); `assignee_id: me` means whoever opens the view. List a view's tickets with GET /api/v1/tickets?saved_view=ID (in its sort order unless `sort` is given); further filters narrow it. Anyone may keep personal views; `shared: true` needs the supervisor role.",
                    body: ref("SavedViewInput"), responses: [("201", response("The saved view.", schema: ref("SavedView"))), ("422", ref422)]),
            ]),
            ("/api/v1/saved-views/{id}", [
                "parameters": [id],
                "get": operation("Show a saved view", tag: "Tickets", role: .viewer, description: "Another user's personal view answers 404.",
                    responses: [("200", response("The saved view.", schema: ref("SavedView"))), ("404", ref404)]),
                "patch": operation("Change a saved view", tag: "Tickets", role: .viewer,
                    description: "Its owner may change it; a shared view also a supervisor or admin. Only the keys sent change.",
                    body: ref("SavedViewInput"), responses: [("200", response("The saved view.", schema: ref("SavedView"))), ("404", ref404), ("422", ref422)]),
                "delete": operation("Delete a saved view", tag: "Tickets", role: .viewer, description: "Its owner may delete it; a shared view also a supervisor or admin.",
                    responses: [("204", ["description": "Deleted."]), ("404", ref404)]),
            ]),
            ("/api/v1/tickets/{id}/merge", ["parameters": [id], "post": operation(
                "Merge tickets into this one", tag: "Tickets", role: .agent,
                description: "In one transaction the sources' messages, attachments, events (with their original time and actor) and search entries move to this ticket; tags and followers are united; each source is closed with `merged_into_id` set; both sides get a `merged` event. Refused: the ticket itself as a source (422), a closed or merged ticket on either side (409), sources of another requester unless `allow_different_requesters` is true (422).",
                body: ref("MergeInput"), responses: [("200", response("The surviving ticket.", schema: ref("Ticket"))), ("404", ref404), ("409", ref409), ("422", ref422)])]),
            ("/api/v1/tickets/{id}/split", ["parameters": [id], "post": operation(
                "Split a message off into a new ticket", tag: "Tickets", role: .agent,
                description: "The message and its attachments move to a new ticket for the same requester with `split_from_id` set, the same classification, priority, channel, assignee and team; events on both. The only message of a ticket cannot be split off.",
                body: ref("SplitInput"), responses: [("201", response("The new ticket.", schema: ref("Ticket"))), ("404", ref404), ("409", ref409), ("422", ref422)])]),
        ]
    }
}

extension OpenAPISchemas {
    static var desk: [(String, JSONValue)] {
        func choice<T: RawRepresentable & CaseIterable>(_ type: T.Type) -> JSONValue where T.RawValue == String {
            ["type": ["string", "null"], "enum": .array(T.allCases.map { .string($0.rawValue) } + [.null])]
        }
        let uuid: JSONValue = ["type": "string", "format": "uuid"]
        let nullableUUID: JSONValue = ["type": ["string", "null"], "format": "uuid"]
        let time: JSONValue = ["type": "string", "format": "date-time"]
        let strings: JSONValue = ["type": "array", "items": ["type": "string"]]
        let visibility: JSONValue = ["type": "string", "enum": .array(MessageVisibility.allCases.map { .string($0.rawValue) })]
        let actions: JSONValue = ["type": "object", "description": "What the macro changes; each is optional.", "properties": [
            "status": choice(TicketStatus.self), "priority": choice(TicketPriority.self), "add_tags": strings, "remove_tags": strings,
            "assignee_id": nullableUUID, "team_id": nullableUUID,
        ]]
        let filterValue: JSONValue = ["oneOf": [["type": "string"], strings, ["type": "boolean"]]]
        let sort: JSONValue = ["type": "string", "enum": .array(TicketSort.allCases.map { .string($0.rawValue) })]
        return [
            ("Macro", ["type": "object", "properties": [
                "id": uuid, "name": ["type": "string"], "body": ["type": ["string", "null"]], "visibility": visibility, "actions": actions,
                "placeholders": ["type": "array", "items": ["type": "string", "enum": .array(MacroPlaceholder.allCases.map { .string($0.rawValue) })]],
                "created_at": time, "updated_at": time,
            ]]),
            ("MacroInput", ["type": "object", "description": "On create `name` is required, and `body` unless there are actions.", "properties": [
                "name": ["type": "string", "maxLength": 100], "body": ["type": ["string", "null"]], "visibility": visibility, "actions": actions,
            ]]),
            ("MacroPreview", ["type": "object", "properties": [
                "macro_id": uuid, "ticket_id": uuid, "body": ["type": ["string", "null"]], "visibility": visibility, "actions": actions,
            ]]),
            ("MacroApplied", ["type": "object", "properties": [
                "ticket": ["$ref": "#/components/schemas/Ticket"],
                "message": ["oneOf": [["type": "null"], ["$ref": "#/components/schemas/Message"]]],
            ]]),
            ("SavedView", ["type": "object", "properties": [
                "id": uuid, "name": ["type": "string"], "shared": ["type": "boolean"], "owner_id": uuid,
                "filters": ["type": "object", "additionalProperties": ["type": "string"]], "sort": sort, "created_at": time, "updated_at": time,
            ]]),
            ("SavedViewInput", ["type": "object", "description": "On create `name` is required.", "properties": [
                "name": ["type": "string", "maxLength": 100], "shared": ["type": "boolean"],
                "filters": ["type": "object", "description": .string("Any of: \(TicketFilter.parameterNames.joined(separator: ", ")))."),
                    "additionalProperties": filterValue],
                "sort": sort,
            ]]),
            ("MergeInput", ["type": "object", "required": ["source_ids"], "properties": [
                "source_ids": ["type": "array", "items": uuid, "minItems": 1, "maxItems": 50],
                "allow_different_requesters": ["type": "boolean", "default": false],
            ]]),
            ("SplitInput", ["type": "object", "required": ["message_id"], "properties": [
                "message_id": uuid, "subject": ["type": "string"],
            ]]),
        ]
    }
}
