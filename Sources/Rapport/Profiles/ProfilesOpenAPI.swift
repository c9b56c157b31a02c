import RapportCore

/// The profiles part of the OpenAPI document.
extension OpenAPIDocument {
    static func profilePaths(id: JSONValue) -> [(String, JSONValue)] {
        let dimension = parameter("dimension", in: "path", "The profile dimension whose manual setting to clear (`communication_styles` is accepted for `communication_style`).",
            schema: ["type": "string", "enum": .array(ProfileDimension.profileDimensions.map { .string($0.rawValue) })])
        return [
            ("/api/v1/customers/{id}/profile/{dimension}", ["parameters": [id, dimension], "delete": operation(
                "Clear an agent's profile setting", tag: "Customers", role: .agent,
                description: "Removes the manual values (source `agent` or `import`) of one dimension; the derived values, computed all along underneath, show again at once. Setting a dimension to null (or communication_styles to []) with PATCH /api/v1/customers/{id} does the same. Clearing a dimension with no manual setting changes nothing.",
                responses: [("200", response("The customer, with the derived values shown.", schema: ref("Customer"))), ("404", ref404), ("422", ref422)])]),
        ]
    }
}
