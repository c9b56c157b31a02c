import Foundation
import RapportCore
import Vapor

/// The OpenAPI 3.1 description of every /api/v1 route. A test compares it with the routes the
/// application registers, so a route cannot ship undocumented.
enum OpenAPIDocument {
    @Sendable
    static func serve(req: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(data: json))
    }

    static let json: Data = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
        return (try? encoder.encode(document)) ?? Data()
    }()

    static var document: JSONValue {
        [
            "openapi": "3.1.0",
            "info": [
                "title": "Rapport API",
                "version": .string(RapportVersion.current),
                "description": "Customer service management: customers, their profiles and how to handle them. Lists answer {\"items\": [...], \"next_cursor\": ...}; pass next_cursor back as ?cursor= for the next page. Errors answer {\"error\": {\"code\", \"message\", \"fields\"}}.",
            ],
            "servers": [["url": "/"]],
            "security": [["bearer": []]],
            "paths": .object(paths),
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer", "description": "An API token from `rapport token create` or POST /api/v1/auth/token."]],
                "schemas": .object(OpenAPISchemas.all + OpenAPISchemas.tickets + OpenAPISchemas.serviceLevels + OpenAPISchemas.routing + OpenAPISchemas.triage
                    + OpenAPISchemas.desk + OpenAPISchemas.automations + OpenAPISchemas.outbound + OpenAPISchemas.inbound + OpenAPISchemas.orders + OpenAPISchemas.metrics
                    + OpenAPISchemas.feedback),
                "responses": .object(standardResponses),
            ],
        ]
    }

    /// The path of every documented operation with its method, as "GET /api/v1/customers/{id}".
    static var operations: Set<String> {
        var result = Set<String>()
        for (path, item) in paths {
            for method in item.keys where method != "parameters" { result.insert("\(method.uppercased()) \(path)") }
        }
        return result
    }

    private static let standardResponses: [(String, JSONValue)] = [
        ("Unauthorized", response("No token, or a token that is not valid.", schema: ref("Error"))),
        ("Forbidden", response("The signed-in user's role is too low.", schema: ref("Error"))),
        ("NotFound", response("No such record in this workspace (also for another workspace's ids).", schema: ref("Error"))),
        ("Invalid", response("Invalid input; `fields` names each problem.", schema: ref("Error"))),
        ("Conflict", response("The change clashes with an existing record.", schema: ref("Error"))),
    ]

    private static var paths: [(String, JSONValue)] {
        let id = parameter("id", in: "path", "The record's id.", schema: ["type": "string", "format": "uuid"])
        let dimension = parameter("dimension", in: "path", "A profile dimension.", schema: ["type": "string", "enum": .array(ProfileDimension.allCases.map { .string($0.rawValue) })])
        let value = parameter("value", in: "path", "One of the dimension's values.", schema: ["type": "string"])
        let paging: [JSONValue] = [
            parameter("limit", in: "query", "Items per page, 1 to 200 (default 50).", schema: ["type": "integer", "minimum": 1, "maximum": 200], required: false),
            parameter("cursor", in: "query", "The next_cursor of the previous page.", schema: ["type": "string"], required: false),
        ]
        var customerFilters: [JSONValue] = ProfileDimension.allCases.map { dimension in
            parameter(dimension.rawValue, in: "query", "Only customers with any of these \(dimension.rawValue) values (comma-separated).",
                schema: ["type": "string"], required: false)
        }
        customerFilters += [
            parameter("tag", in: "query", "Only customers with all of these tags (comma-separated).", schema: ["type": "string"], required: false),
            parameter("q", in: "query", "Text to find in the name or an email address.", schema: ["type": "string"], required: false),
            parameter("organization_id", in: "query", "Only contacts of this organization.", schema: ["type": "string", "format": "uuid"], required: false),
            parameter("archived", in: "query", "false (default): active only; true: archived only; any: both.", schema: ["type": "string", "enum": ["false", "true", "any"]], required: false),
        ]
        let organizationFilters: [JSONValue] = [
            parameter("tag", in: "query", "Only organizations with all of these tags.", schema: ["type": "string"], required: false),
            parameter("q", in: "query", "Text to find in the name.", schema: ["type": "string"], required: false),
            parameter("archived", in: "query", "false (default), true or any.", schema: ["type": "string", "enum": ["false", "true", "any"]], required: false),
        ]

        return [
            ("/api/v1/auth/token", ["post": operation(
                "Trade an email and password for an API token", tag: "Session", role: nil,
                body: ref("TokenRequest"), responses: [("201", response("The token, shown once.", schema: ref("TokenResponse"))), ("401", ref401), ("422", ref422)])]),
            ("/api/v1/me", ["get": operation("The signed-in user", tag: "Session", role: .viewer, responses: [("200", response("You.", schema: ref("User")))])]),
            ("/api/v1/customers", [
                "get": operation("List customers", tag: "Customers", role: .viewer, parameters: customerFilters + paging,
                    responses: [("200", response("A page of customers in name order.", schema: page("Customer"))), ("422", ref422)]),
                "post": operation("Create a customer", tag: "Customers", role: .agent, body: ref("CustomerInput"),
                    responses: [("201", response("The new customer.", schema: ref("Customer"))), ("409", ref409), ("422", ref422)]),
            ]),
            ("/api/v1/customers/import", ["post": operation(
                "Import customers from CSV", tag: "Customers", role: .agent,
                description: "The request body is the CSV file (Content-Type: text/csv) with a header row. Known columns: \(CustomerCSVColumn.exportHeader.joined(separator: ", ")) (and common synonyms such as email_address, company, zip); other columns become custom attributes. Rows are matched to existing customers on email: importing a file again updates instead of duplicating. A bad row is reported with its line number; the others are imported.",
                rawBody: ("text/csv", ["type": "string"]),
                responses: [("200", response("What the import did.", schema: ref("ImportReport")))])]),
            ("/api/v1/customers/export", ["get": operation(
                "Export customers as CSV", tag: "Customers", role: .supervisor, parameters: customerFilters,
                responses: [("200", ["description": "The customers the filters select, as CSV with the import's columns.", "content": ["text/csv": ["schema": ["type": "string"]]]]), ("422", ref422)])]),
            ("/api/v1/customers/{id}", [
                "parameters": [id],
                "get": operation("Show a customer", tag: "Customers", role: .viewer, responses: [("200", response("The customer.", schema: ref("Customer"))), ("404", ref404)]),
                "patch": operation("Change a customer", tag: "Customers", role: .agent,
                    description: "Only the fields sent change; a field sent as null is cleared. Profile values set here are recorded as set by you, now, with confidence 1.",
                    body: ref("CustomerInput"), responses: [("200", response("The customer.", schema: ref("Customer"))), ("404", ref404), ("409", ref409), ("422", ref422)]),
            ]),
            ("/api/v1/customers/{id}/archive", ["parameters": [id], "post": operation("Archive a customer", tag: "Customers", role: .agent,
                responses: [("200", response("The archived customer; lists leave it out unless archived=true or any.", schema: ref("Customer"))), ("404", ref404)])]),
            ("/api/v1/customers/{id}/unarchive", ["parameters": [id], "post": operation("Bring back an archived customer", tag: "Customers", role: .agent,
                responses: [("200", response("The customer.", schema: ref("Customer"))), ("404", ref404)])]),
            ("/api/v1/customers/{id}/playbook", ["parameters": [id], "get": operation(
                "How to handle this customer", tag: "Customers", role: .viewer,
                description: "The playbook entries the customer's profile brings in, most important first, each with the profile value behind it; and a checklist of the first action of each.",
                responses: [("200", response("Combined guidance.", schema: ref("CustomerPlaybook"))), ("404", ref404)])]),
            ("/api/v1/organizations", [
                "get": operation("List organizations", tag: "Organizations", role: .viewer, parameters: organizationFilters + paging,
                    responses: [("200", response("A page of organizations in name order.", schema: page("Organization"))), ("422", ref422)]),
                "post": operation("Create an organization", tag: "Organizations", role: .agent, body: ref("OrganizationInput"),
                    responses: [("201", response("The new organization.", schema: ref("Organization"))), ("422", ref422)]),
            ]),
            ("/api/v1/organizations/{id}", [
                "parameters": [id],
                "get": operation("Show an organization", tag: "Organizations", role: .viewer, responses: [("200", response("The organization.", schema: ref("Organization"))), ("404", ref404)]),
                "patch": operation("Change an organization", tag: "Organizations", role: .agent, body: ref("OrganizationInput"),
                    responses: [("200", response("The organization.", schema: ref("Organization"))), ("404", ref404), ("422", ref422)]),
            ]),
            ("/api/v1/organizations/{id}/archive", ["parameters": [id], "post": operation("Archive an organization", tag: "Organizations", role: .agent,
                responses: [("200", response("The organization.", schema: ref("Organization"))), ("404", ref404)])]),
            ("/api/v1/organizations/{id}/unarchive", ["parameters": [id], "post": operation("Bring back an organization", tag: "Organizations", role: .agent,
                responses: [("200", response("The organization.", schema: ref("Organization"))), ("404", ref404)])]),
            ("/api/v1/playbooks", ["get": operation("Every playbook entry in force", tag: "Playbooks", role: .viewer,
                responses: [("200", response("All entries, by dimension.", schema: page("PlaybookEntry")))])]),
            ("/api/v1/playbooks/{dimension}/{value}", [
                "parameters": [dimension, value],
                "get": operation("One playbook entry", tag: "Playbooks", role: .viewer, responses: [("200", response("The entry.", schema: ref("PlaybookEntry"))), ("404", ref404)]),
                "put": operation("Replace a playbook entry for this workspace", tag: "Playbooks", role: .admin, body: ref("PlaybookEntryInput"),
                    responses: [("200", response("The workspace's entry.", schema: ref("PlaybookEntry"))), ("404", ref404), ("422", ref422)]),
                "delete": operation("Go back to the default entry", tag: "Playbooks", role: .admin,
                    responses: [("200", response("The default entry.", schema: ref("PlaybookEntry"))), ("404", ref404)]),
            ]),
            ("/api/v1/users", [
                "get": operation("List users", tag: "People", role: .admin, responses: [("200", response("Every user of the workspace.", schema: page("User")))]),
                "post": operation("Create a user", tag: "People", role: .admin, body: ref("UserInput"),
                    responses: [("201", response("The new user.", schema: ref("User"))), ("409", ref409), ("422", ref422)]),
            ]),
            ("/api/v1/users/{id}", [
                "parameters": [id],
                "get": operation("Show a user", tag: "People", role: .admin, responses: [("200", response("The user.", schema: ref("User"))), ("404", ref404)]),
                "patch": operation("Change a user's name, role, password or active flag", tag: "People", role: .admin, body: ref("UserUpdate"),
                    responses: [("200", response("The user.", schema: ref("User"))), ("404", ref404), ("422", ref422)]),
            ]),
            ("/api/v1/teams", [
                "get": operation("List teams", tag: "People", role: .admin, responses: [("200", response("Every team.", schema: page("Team")))]),
                "post": operation("Create a team", tag: "People", role: .admin, body: ref("TeamInput"),
                    responses: [("201", response("The new team.", schema: ref("Team"))), ("409", ref409), ("422", ref422)]),
            ]),
            ("/api/v1/teams/{id}", [
                "parameters": [id],
                "get": operation("Show a team", tag: "People", role: .admin, responses: [("200", response("The team.", schema: ref("Team"))), ("404", ref404)]),
                "patch": operation("Rename a team or set its members", tag: "People", role: .admin, body: ref("TeamInput"),
                    responses: [("200", response("The team.", schema: ref("Team"))), ("404", ref404), ("409", ref409), ("422", ref422)]),
                "delete": operation("Delete a team", tag: "People", role: .admin, responses: [("204", ["description": "Deleted."]), ("404", ref404)]),
            ]),
        ] + ticketPaths(id: id, paging: paging) + serviceLevelPaths(id: id) + routingPaths(id: id) + deskPaths(id: id) + triagePaths
            + automationPaths(id: id, paging: paging) + outboundPaths() + inboundPaths(id: id, paging: paging) + orderPaths(id: id, paging: paging) + profilePaths(id: id)
            + metricsPaths(id: id) + feedbackPaths(id: id) + [
            ("/api/v1/openapi.json", ["get": [
                "summary": "This document", "tags": ["Meta"], "security": [],
                "responses": ["200": ["description": "OpenAPI 3.1", "content": ["application/json": ["schema": ["type": "object"]]]]],
            ]]),
        ]
    }

    static let ref401: JSONValue = ["$ref": "#/components/responses/Unauthorized"]
    static let ref404: JSONValue = ["$ref": "#/components/responses/NotFound"]
    static let ref409: JSONValue = ["$ref": "#/components/responses/Conflict"]
    static let ref422: JSONValue = ["$ref": "#/components/responses/Invalid"]

    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    static func page(_ item: String) -> JSONValue {
        ["type": "object", "required": ["items", "next_cursor"], "properties": [
            "items": ["type": "array", "items": ref(item)],
            "next_cursor": ["type": ["string", "null"], "description": "Pass as ?cursor= for the next page; null on the last page."],
        ]]
    }

    static func response(_ description: String, schema: JSONValue) -> JSONValue {
        ["description": .string(description), "content": ["application/json": ["schema": schema]]]
    }

    static func parameter(_ name: String, in location: String, _ description: String, schema: JSONValue, required: Bool = true) -> JSONValue {
        ["name": .string(name), "in": .string(location), "description": .string(description), "required": .bool(required), "schema": schema]
    }

    static func operation(
        _ summary: String, tag: String, role: Role?, description: String? = nil, parameters: [JSONValue] = [],
        body: JSONValue? = nil, rawBody: (String, JSONValue)? = nil, responses: [(String, JSONValue)]
    ) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("summary", .string(summary)), ("tags", [.string(tag)])]
        let who = role.map { "Needs the \($0.rawValue) role or higher." } ?? "No token needed."
        pairs.append(("description", .string([description, who].compactMap { $0 }.joined(separator: " "))))
        if role == nil { pairs.append(("security", [])) }
        if !parameters.isEmpty { pairs.append(("parameters", .array(parameters))) }
        if let body { pairs.append(("requestBody", ["required": true, "content": ["application/json": ["schema": body]]])) }
        if let (type, schema) = rawBody { pairs.append(("requestBody", ["required": true, "content": [type: schema]])) }
        var answers = responses
        if role != nil { answers += [("401", ref401), ("403", ["$ref": "#/components/responses/Forbidden"])] }
        pairs.append(("responses", .object(answers)))
        return .object(pairs)
    }
}
