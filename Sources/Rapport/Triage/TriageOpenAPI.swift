import RapportCore

/// The triage part of the OpenAPI document.
extension OpenAPIDocument {
    static var triagePaths: [(String, JSONValue)] {
        let id = parameter("id", in: "path", "The ticket's id.", schema: ["type": "string", "format": "uuid"])
        return [
            ("/api/v1/tickets/{id}/triage", ["parameters": [id], "get": operation(
                "Show a ticket's triage", tag: "Triage", role: .viewer,
                description: "Suggested kind, category (complaints) or topic, priority and a routing hint, with the reasons. Computed from the subject and the first customer message the first time it is asked for, then stored. Priority starts from the message's urgency and is raised one step for a high-value customer and one for an at-risk customer.",
                responses: [("200", response("The triage.", schema: ref("TicketTriage"))), ("404", ref404)])]),
            ("/api/v1/tickets/{id}/triage/confirm", ["parameters": [id], "post": operation(
                "Confirm or correct a ticket's triage", tag: "Triage", role: .agent,
                description: "Fields left out keep the suggestion. The confirmed labels of the first customer message become training data for the workspace's triage model. The ticket itself is not changed: set its kind, category and priority with PATCH /api/v1/tickets/{id}.",
                body: ref("TicketTriageConfirmInput"), responses: [("200", response("The confirmed triage.", schema: ref("TicketTriage"))), ("404", ref404), ("422", ref422)])]),
            ("/api/v1/triage/analyze", ["post": operation(
                "Analyse a customer message", tag: "Triage", role: .agent,
                description: "Communication styles (empty when none shows; a style shows at score 0.5 or more), sentiment (score from -1 negative to 1 positive), urgency, kind, and the complaint category or, for anything else, the topic. Each label names the words and signals that led to it. The workspace's model is the shipped labelled set plus its agents' confirmed labels.",
                body: ref("TriageAnalyzeInput"), responses: [("200", response("The analysis.", schema: ref("TriageAnalysis"))), ("422", ref422)])]),
            ("/api/v1/triage/feedback", ["post": operation(
                "Record the correct labels for a message", tag: "Triage", role: .agent,
                description: "The labels become training data for this workspace's model (they count twice against the shipped set); the next analysis retrains. Give the text, or a ticket message's id to take its body. A complaint needs a category and no topic; anything else a topic and no category.",
                body: ref("TriageFeedbackInput"), responses: [("201", response("The stored label.", schema: ref("TriageLabel"))), ("404", ref404), ("422", ref422)])]),
        ]
    }
}

extension OpenAPISchemas {
    static var triage: [(String, JSONValue)] {
        func choice<T: RawRepresentable & CaseIterable>(_ type: T.Type) -> JSONValue where T.RawValue == String {
            ["type": "string", "enum": .array(T.allCases.map { .string($0.rawValue) })]
        }
        func nullableChoice<T: RawRepresentable & CaseIterable>(_ type: T.Type) -> JSONValue where T.RawValue == String {
            ["type": ["string", "null"], "enum": .array(T.allCases.map { .string($0.rawValue) } + [.null])]
        }
        let scored: JSONValue = ["type": "object", "required": ["label", "score", "evidence"], "properties": [
            "label": ["type": "string"], "score": ["type": "number"],
            "evidence": ["type": "array", "items": ["type": "string"], "description": "Words and signals that led to the label."],
        ]]
        return [
            ("TriageAnalyzeInput", ["type": "object", "required": ["text"], "properties": ["text": ["type": "string", "minLength": 1]]]),
            ("ScoredLabel", scored),
            ("TriageAnalysis", ["type": "object", "required": ["styles", "sentiment", "urgency", "kind", "category", "topic", "trained_on"], "properties": [
                "styles": ["type": "array", "items": ref("ScoredLabel")],
                "sentiment": ref("ScoredLabel"), "urgency": ref("ScoredLabel"), "kind": ref("ScoredLabel"),
                "category": ["oneOf": [ref("ScoredLabel"), ["type": "null"]]],
                "topic": ["oneOf": [ref("ScoredLabel"), ["type": "null"]]],
                "trained_on": ["type": "integer"],
            ]]),
            ("TriageFeedbackInput", ["type": "object", "required": ["sentiment", "urgency", "kind"], "properties": [
                "text": ["type": "string"], "ticket_message_id": ["type": "string", "format": "uuid"],
                "styles": ["type": "array", "items": choice(CommunicationStyle.self)],
                "sentiment": choice(Sentiment.self), "urgency": choice(Urgency.self), "kind": choice(TicketKind.self),
                "category": nullableChoice(ComplaintCategory.self), "topic": nullableChoice(TicketTopic.self),
            ]]),
            ("TicketTriageConfirmInput", ["type": "object", "properties": [
                "kind": choice(TicketKind.self), "category": nullableChoice(ComplaintCategory.self), "topic": nullableChoice(TicketTopic.self),
                "priority": choice(TicketPriority.self), "styles": ["type": "array", "items": choice(CommunicationStyle.self)],
                "sentiment": choice(Sentiment.self), "urgency": choice(Urgency.self),
            ]]),
            ("TicketTriage", ["type": "object", "required": ["ticket_id", "kind", "priority", "styles", "sentiment", "urgency", "routing_hint", "reasons", "confirmed"], "properties": [
                "ticket_id": ["type": "string", "format": "uuid"],
                "kind": choice(TicketKind.self), "category": nullableChoice(ComplaintCategory.self), "topic": nullableChoice(TicketTopic.self),
                "priority": choice(TicketPriority.self), "styles": ["type": "array", "items": choice(CommunicationStyle.self)],
                "sentiment": choice(Sentiment.self), "urgency": choice(Urgency.self),
                "routing_hint": ["type": "string"], "reasons": ["type": "array", "items": ["type": "string"]],
                "confirmed": ["type": "boolean"], "confirmed_by": ["type": ["string", "null"], "format": "uuid"],
                "confirmed_at": ["type": ["string", "null"], "format": "date-time"],
            ]]),
            ("TriageLabel", ["type": "object", "properties": [
                "id": ["type": "string", "format": "uuid"], "text": ["type": "string"],
                "ticket_message_id": ["type": ["string", "null"], "format": "uuid"],
                "styles": ["type": "array", "items": choice(CommunicationStyle.self)],
                "sentiment": choice(Sentiment.self), "urgency": choice(Urgency.self), "kind": choice(TicketKind.self),
                "category": nullableChoice(ComplaintCategory.self), "topic": nullableChoice(TicketTopic.self),
                "confirmed_by": ["type": "string", "format": "uuid"], "confirmed_at": ["type": "string", "format": "date-time"],
            ]]),
        ]
    }

    private static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }
}
