import RapportCore

/// The orders and customer-value part of the OpenAPI document.
extension OpenAPIDocument {
    static func orderPaths(id: JSONValue, paging: [JSONValue]) -> [(String, JSONValue)] {
        let filters: [JSONValue] = [
            parameter("customer_id", in: "query", "Only this customer's orders.", schema: ["type": "string", "format": "uuid"], required: false),
            parameter("status", in: "query", "Only orders in this status.", schema: ["type": "string", "enum": .array(OrderStatus.allCases.map { .string($0.rawValue) })], required: false),
            parameter("from", in: "query", "Only orders placed at or after this time (ISO 8601).", schema: ["type": "string", "format": "date-time"], required: false),
            parameter("to", in: "query", "Only orders placed before this time (ISO 8601).", schema: ["type": "string", "format": "date-time"], required: false),
        ]
        return [
            ("/api/v1/orders", [
                "get": operation("List orders", tag: "Orders", role: .viewer, parameters: filters + paging,
                    responses: [("200", response("A page of orders, newest first.", schema: page("Order"))), ("422", ref422)]),
                "post": operation("Record an order", tag: "Orders", role: .agent, body: ref("OrderInput"),
                    responses: [("201", response("The new order.", schema: ref("Order"))), ("409", ref409), ("422", ref422)]),
            ]),
            ("/api/v1/orders/{id}", [
                "parameters": [id],
                "get": operation("Show an order", tag: "Orders", role: .viewer, responses: [("200", response("The order.", schema: ref("Order"))), ("404", ref404)]),
                "patch": operation("Change an order", tag: "Orders", role: .agent,
                    description: "Fields present change; `lines`, when present, replaces every line.", body: ref("OrderInput"),
                    responses: [("200", response("The order.", schema: ref("Order"))), ("404", ref404), ("409", ref409), ("422", ref422)]),
            ]),
            ("/api/v1/orders/import", ["post": operation(
                "Import orders from CSV", tag: "Orders", role: .agent,
                description: "The request body is the CSV file (Content-Type: text/csv) with a header row. Columns: \(OrderImporter.Column.allCases.map(\.rawValue).joined(separator: ", ")). The customer is found by email or by customer_id; a row whose reference is already stored updates that order. A bad row is reported with its line number; the others are imported. The workspace's value models are fitted again afterwards.",
                rawBody: ("text/csv", ["type": "string"]),
                responses: [("200", response("What the import did.", schema: ref("ImportReport")))])]),
            ("/api/v1/customers/{id}/orders", ["parameters": [id], "get": operation(
                "A customer's orders", tag: "Orders", role: .viewer, parameters: paging,
                responses: [("200", response("A page of the customer's orders, newest first.", schema: page("Order"))), ("404", ref404)])]),
            ("/api/v1/analytics/customer-value", ["get": operation(
                "The fitted customer value models", tag: "Analytics", role: .viewer,
                description: "BG/NBD (r, alpha, a, b; time in weeks) and Gamma-Gamma (p, q, gamma; money in minor units) fitted by maximum likelihood on the workspace's orders, with the period they were fitted on. 404 until a fit has run (after an order import, or `rapport value fit`).",
                responses: [("200", response("The parameters.", schema: ref("CustomerValueFit"))), ("404", ref404)])]),
            ("/api/v1/analytics/customer-value/fit", ["post": operation(
                "Fit the customer value models now", tag: "Analytics", role: .supervisor,
                description: "Fits again on every order and updates each customer's value figures and order-based profile values (an agent's setting is never overridden).",
                responses: [("200", response("The new parameters.", schema: ref("CustomerValueFit"))), ("404", ref404)])]),
        ]
    }
}

extension OpenAPISchemas {
    static var orders: [(String, JSONValue)] {
        let text: JSONValue = ["type": "string"]
        let nullableText: JSONValue = ["type": ["string", "null"]]
        let money: JSONValue = ["type": "string", "pattern": "^-?[0-9]+(\\.[0-9]{1,2})?$", "examples": ["12.34"]]
        let number: JSONValue = ["type": "number"]
        let nullableNumber: JSONValue = ["type": ["number", "null"]]
        let line: JSONValue = ["type": "object", "required": ["product", "unit_price"], "properties": [
            "product": text, "quantity": ["type": "integer", "minimum": 1], "unit_price": money,
        ]]
        let status: JSONValue = ["type": "string", "enum": .array(OrderStatus.allCases.map { .string($0.rawValue) })]
        return [
            ("Order", ["type": "object", "required": ["id", "customer_id", "reference", "ordered_at", "amount", "amount_minor", "currency", "discount_applied", "status", "lines"], "properties": [
                "id": ["type": "string", "format": "uuid"], "customer_id": ["type": "string", "format": "uuid"],
                "reference": text, "ordered_at": ["type": "string", "format": "date-time"],
                "amount": money, "amount_minor": ["type": "integer"], "currency": text,
                "discount_applied": ["type": "boolean"], "discount_amount": ["type": ["string", "null"]],
                "channel": nullableText, "status": status,
                "shipment_carrier": nullableText, "tracking_number": nullableText, "shipment_status": nullableText,
                "lines": ["type": "array", "items": line],
                "created_at": ["type": "string", "format": "date-time"], "updated_at": ["type": "string", "format": "date-time"],
            ]]),
            ("OrderInput", ["type": "object", "description": "Required when creating: customer_id, reference (unique in the workspace), ordered_at, amount, currency.", "properties": [
                "customer_id": ["type": "string", "format": "uuid"], "reference": text, "ordered_at": ["type": "string", "format": "date-time"],
                "amount": money, "currency": ["type": "string", "pattern": "^[A-Za-z]{3}$"],
                "discount_applied": ["type": "boolean"], "discount_amount": money, "channel": text, "status": status,
                "shipment_carrier": text, "tracking_number": text, "shipment_status": text,
                "lines": ["type": "array", "items": line],
            ]]),
            ("CustomerValue", ["type": "object", "description": "Order-based value figures: RFM scores (recency, frequency, monetary quintiles in the workspace, 1 to 5), probability of still being active (BG/NBD), expected purchases and spend over the next 90 days (expected purchases times the Gamma-Gamma expected order value).", "properties": [
                "rfm": ["type": "string", "examples": ["545"]], "p_alive": number, "expected_purchases_90d": number, "expected_value_90d": money,
                "explanations": ["type": "object", "additionalProperties": text, "description": "Why each order-based profile value (lifecycle, shopper_type, value_tier) was derived."],
                "computed_at": ["type": "string", "format": "date-time"],
            ]]),
            ("CustomerValueFit", ["type": "object", "required": ["r", "alpha", "a", "b", "period"], "properties": [
                "r": number, "alpha": number, "a": number, "b": number, "p": nullableNumber, "q": nullableNumber, "gamma": nullableNumber,
                "period": ["type": "object", "properties": [
                    "from": ["type": "string", "format": "date-time"], "to": ["type": "string", "format": "date-time"],
                    "unit_days": ["type": "integer", "description": "The model's time unit in days (7: weeks)."],
                ]],
                "customers": ["type": "integer", "description": "Customers with orders the fit saw."],
                "fitted_at": ["type": "string", "format": "date-time"],
            ]]),
        ]
    }
}
