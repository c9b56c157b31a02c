import RapportCore

/// The routing part of the OpenAPI document.
extension OpenAPIDocument {
    static func routingPaths(id: JSONValue) -> [(String, JSONValue)] {
        [
            ("/api/v1/me/availability", ["put": operation(
                "Say whether you are taking tickets", tag: "Routing", role: .agent,
                description: "online: routing may assign you tickets; away or offline: it never does. New users are offline.",
                body: ref("AvailabilityInput"), responses: [("200", response("You.", schema: ref("User"))), ("422", ref422)])]),
            ("/api/v1/users/{id}/availability", ["parameters": [id], "put": operation(
                "Set a user's availability", tag: "Routing", role: .admin, body: ref("AvailabilityInput"),
                responses: [("200", response("The user.", schema: ref("User"))), ("404", ref404), ("422", ref422)])]),
            ("/api/v1/users/{id}/skills", ["parameters": [id], "put": operation(
                "Replace a user's skills", tag: "Routing", role: .admin,
                description: "Languages (tags such as en, de, pt-br; stored lower-cased), products, and the customer communication styles the agent handles well. A list left out is emptied. Skills routing prefers a language match, then a product match, then the most matching styles.",
                body: ref("AgentSkills"), responses: [("200", response("The user.", schema: ref("User"))), ("404", ref404), ("422", ref422)])]),
            ("/api/v1/tickets/{id}/route", ["parameters": [id], "post": operation(
                "Route an unassigned ticket now", tag: "Routing", role: .agent,
                description: "Assigns the ticket to an online member of its team by the team's routing mode (fewest_open for a manual team) and records the reason in the history. 409 when the ticket is assigned, solved or closed, has no team, or no member is available.",
                responses: [("200", response("The chosen agent, why, and the ticket.", schema: ref("RouteResult"))), ("404", ref404), ("409", ref409)])]),
        ]
    }
}

extension OpenAPISchemas {
    static var routing: [(String, JSONValue)] {
        func choice<T: RawRepresentable & CaseIterable>(_ type: T.Type) -> JSONValue where T.RawValue == String {
            ["type": "string", "enum": .array(T.allCases.map { .string($0.rawValue) })]
        }
        return [
            ("AvailabilityInput", ["type": "object", "required": ["availability"], "properties": ["availability": choice(AgentAvailability.self)]]),
            ("AgentSkills", ["type": "object", "properties": [
                "languages": ["type": "array", "items": ["type": "string", "examples": ["de", "en-gb"]]],
                "products": ["type": "array", "items": ["type": "string"]],
                "communication_styles": ["type": "array", "items": choice(CommunicationStyle.self)],
            ]]),
            ("TeamRouting", ["type": "object", "required": ["mode"], "properties": [
                "mode": choice(RoutingMode.self),
                "max_open_per_agent": ["type": ["integer", "null"], "minimum": 1, "maximum": 10_000,
                    "description": "Members with this many unsolved tickets are skipped; null for no cap."],
            ], "description": "manual: nobody is assigned automatically; round_robin: online members take turns; fewest_open: the online member with the fewest unsolved tickets; skills: the best match of language, product and customer styles, then fewest open, then turns. Only online members are routed to; when none is, the ticket waits unassigned in the team's queue."]),
            ("RouteResult", ["type": "object", "required": ["assignee_id", "reason", "ticket"], "properties": [
                "assignee_id": ["type": "string", "format": "uuid"], "reason": ["type": "string"], "ticket": ref("Ticket"),
            ]]),
        ]
    }

    private static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }
}
