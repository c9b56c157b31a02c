import RapportCore

/// The metrics, feedback and reports part of the OpenAPI document.
extension OpenAPIDocument {
    static func metricsPaths(id: JSONValue) -> [(String, JSONValue)] {
        let list: ([String]) -> JSONValue = { ["type": "string", "enum": .array($0.map { .string($0) })] }
        let filters: [JSONValue] = [
            parameter("metrics", in: "query", "Comma-separated metric names; all when absent.", schema: ["type": "string"], required: false),
            parameter("from", in: "query", "First UTC day of the period (YYYY-MM-DD); default 29 days before `to`.", schema: ["type": "string", "format": "date"], required: false),
            parameter("to", in: "query", "Last UTC day of the period, included; default today.", schema: ["type": "string", "format": "date"], required: false),
            parameter("granularity", in: "query", "Bucket size of the series.", schema: list(MetricGranularity.allCases.map(\.rawValue)), required: false),
            parameter("breakdown", in: "query", "A row per value of this dimension (supervisors).", schema: list(MetricDimension.allCases.map(\.rawValue)), required: false),
            parameter("team_id", in: "query", "Only tickets of this team.", schema: ["type": "string", "format": "uuid"], required: false),
            parameter("agent_id", in: "query", "Only tickets assigned to this agent, or `me`; agents always get their own.", schema: ["type": "string"], required: false),
        ]
        return [
            ("/api/v1/metrics", ["get": operation(
                "Service metrics", tag: "Metrics", role: .agent,
                description: "Figures computed from the daily aggregates of tickets, messages, events and feedback (definitions in the README). Times are mean seconds, rates and CSAT percentages, NPS from -100 to 100; null when there is nothing to measure. `basis` says how many tickets or answers each figure rests on. Agents see only their own figures.",
                parameters: filters, responses: [("200", response("The figures.", schema: ref("Metrics"))), ("403", ["$ref": "#/components/responses/Forbidden"]), ("422", ref422)])]),
        ]
    }
}

extension OpenAPISchemas {
    static var metrics: [(String, JSONValue)] {
        let figures: JSONValue = ["type": "object", "additionalProperties": ["type": ["number", "null"]]]
        let basis: JSONValue = ["type": "object", "additionalProperties": ["type": "integer"]]
        return [
            ("Metrics", ["type": "object", "required": ["from", "to", "granularity", "metrics", "totals", "series", "rows"], "properties": [
                "from": ["type": "string", "format": "date"], "to": ["type": "string", "format": "date"],
                "granularity": ["type": "string"], "breakdown": ["type": ["string", "null"]],
                "team_id": ["type": ["string", "null"]], "agent_id": ["type": ["string", "null"]],
                "metrics": ["type": "array", "items": ["type": "string", "enum": .array(MetricName.allCases.map { .string($0.rawValue) })]],
                "totals": ["type": "object", "properties": ["values": figures, "basis": basis]],
                "series": ["type": "array", "items": ["type": "object", "properties": ["start": ["type": "string", "format": "date"], "values": figures, "basis": basis]]],
                "rows": ["type": "array", "items": ["type": "object", "properties": ["value": ["type": "string"], "label": ["type": "string"], "values": figures, "basis": basis]]],
            ]]),
        ]
    }
}
