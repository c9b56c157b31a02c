import RapportCore

/// The outbound mail part of the OpenAPI document.
extension OpenAPIDocument {
    static func outboundPaths() -> [(String, JSONValue)] {
        [
            ("/api/v1/settings/outbound-mail", [
                "get": operation("The outbound mail server", tag: "Mail", role: .admin,
                    description: "The password is never returned; password_set says whether one is stored (sealed with AES-GCM).",
                    responses: [("200", response("The settings; configured is false until they are saved.", schema: ref("OutboundMailSettings")))]),
                "put": operation("Set the outbound mail server", tag: "Mail", role: .admin,
                    description: "tls_mode none: plain; starttls: STARTTLS required (port 587 by default); tls: TLS from the start (port 465 by default). password left out keeps the stored one; null clears it.",
                    body: ref("OutboundMailSettingsInput"),
                    responses: [("200", response("The settings.", schema: ref("OutboundMailSettings"))), ("422", ref422)]),
            ]),
            ("/api/v1/settings/outbound-mail/test", ["post": operation(
                "Send a test message now", tag: "Mail", role: .admin,
                description: "Sends straight away, not through the outbox, and answers with what the server said.",
                body: ["type": "object", "required": ["to"], "properties": ["to": ["type": "string", "format": "email"]]],
                responses: [("200", response("Whether the server took it, with its reply or the error.", schema: ref("OutboundMailTest"))),
                    ("409", ref409), ("422", ref422)])]),
            ("/api/v1/settings/acknowledgement", [
                "get": operation("The acknowledgement of new tickets", tag: "Mail", role: .admin,
                    responses: [("200", response("The settings and the placeholders the templates may use.", schema: ref("Acknowledgement")))]),
                "put": operation("Set the acknowledgement of new tickets", tag: "Mail", role: .admin,
                    description: "When enabled, a new ticket from a customer with an email address (channel email or web) gets this message, marked Auto-Submitted: auto-replied; never one opened by an auto-reply or bulk mail. Fields left out stay as they are.",
                    body: ref("Acknowledgement"),
                    responses: [("200", response("The settings.", schema: ref("Acknowledgement"))), ("422", ref422)]),
            ]),
        ]
    }
}

extension OpenAPISchemas {
    static var outbound: [(String, JSONValue)] {
        let tlsModes: JSONValue = ["type": "string", "enum": .array(SMTPTLSMode.allCases.map { .string($0.rawValue) })]
        let nullableText: JSONValue = ["type": ["string", "null"]]
        return [
            ("OutboundMailSettings", ["type": "object", "properties": [
                "configured": ["type": "boolean"], "host": ["type": "string"], "port": ["type": "integer"], "tls_mode": tlsModes,
                "username": nullableText, "password_set": ["type": "boolean"], "verify_certificate": ["type": "boolean"], "from_name": nullableText,
            ]]),
            ("OutboundMailSettingsInput", ["type": "object", "required": ["host"], "properties": [
                "host": ["type": "string"], "port": ["type": "integer", "minimum": 1, "maximum": 65535], "tls_mode": tlsModes,
                "username": nullableText, "password": ["type": ["string", "null"], "writeOnly": true],
                "verify_certificate": ["type": "boolean", "description": "Check the server's certificate (default true)."],
                "from_name": ["type": ["string", "null"], "description": "The display name of outgoing mail; default: the support address's."],
            ]]),
            ("OutboundMailTest", ["type": "object", "required": ["delivered"], "properties": [
                "delivered": ["type": "boolean"], "reply": nullableText, "error": nullableText, "temporary": ["type": ["boolean", "null"]],
            ]]),
            ("Acknowledgement", ["type": "object", "properties": [
                "enabled": ["type": "boolean"], "subject_template": ["type": "string"], "body_template": ["type": "string"],
                "placeholders": ["type": "array", "readOnly": true, "items": ["type": "string"],
                    "examples": .array(Acknowledgement.placeholders.map { .string("{{\($0.rawValue)}}") })],
            ]]),
            ("Delivery", ["type": "object", "description": "The email of an agent's public reply.", "properties": [
                "status": ["type": "string", "enum": .array(OutboxStatus.allCases.map { .string($0.rawValue) })],
                "attempts": ["type": "integer"], "last_error": nullableText, "sent_at": ["type": ["string", "null"], "format": "date-time"],
            ]]),
        ]
    }
}
