import RapportCore

/// The inbound mail part of the OpenAPI document.
extension OpenAPIDocument {
    static func inboundPaths(id: JSONValue, paging: [JSONValue]) -> [(String, JSONValue)] {
        let recipient = parameter("recipient", in: "query", "The envelope recipient, when the mail server knows it.", schema: ["type": "string"], required: false)
        let addressResponse = response("The support address.", schema: ref("SupportAddress"))
        return [
            ("/api/v1/inbound/email", ["post": operation(
                "Hand in one raw message", tag: "Mail", role: nil,
                description: "Authenticated by the workspace's inbound secret (header X-Rapport-Inbound-Secret, or Authorization: Bearer), not a user's token. The raw RFC 5322 bytes are stored durably before anything else; the answer says whether the message became a ticket message (processed), was already received (duplicate), was ignored (an auto-reply answering no ticket, a bounce of unknown mail) or was quarantined, with the reason. 503 means it could not be stored: send it again later.",
                parameters: [recipient], rawBody: ("message/rfc822", ["type": "string", "format": "binary"]),
                responses: [("201", response("What became of the message.", schema: ref("InboundEmail"))), ("401", ref401), ("415", ref422), ("503", ref422)])]),
            ("/api/v1/inbound/secret", ["post": operation(
                "Create or rotate the workspace's inbound secret", tag: "Mail", role: .admin,
                description: "The secret is shown once; only its digest is kept. The previous secret stops working at once.",
                responses: [("201", response("The new secret.", schema: ref("InboundSecret")))])]),
            ("/api/v1/inbound/quarantine", ["get": operation(
                "Messages that could not be parsed or routed", tag: "Mail", role: .admin, description: "Newest first, each with its reason.",
                parameters: paging, responses: [("200", response("A page of quarantined messages.", schema: page("InboundEmail"))), ("422", ref422)])]),
            ("/api/v1/inbound/quarantine/{id}/raw", ["parameters": [id], "get": operation(
                "Download a quarantined message", tag: "Mail", role: .admin,
                responses: [("200", ["description": "The raw message (message/rfc822), as a download."]), ("404", ref404)])]),
            ("/api/v1/inbound/quarantine/{id}/reprocess", ["parameters": [id], "post": operation(
                "Run a quarantined message through the pipeline again", tag: "Mail", role: .admin,
                description: "After a fix (a new support address, say), or routed by hand: team_id sends it to that team of this workspace. A person decided, so the sender rate limit does not apply.",
                body: ref("ReprocessInput"),
                responses: [("200", response("What became of the message.", schema: ref("InboundEmail"))), ("404", ref404), ("409", ref409), ("422", ref422)])]),
            ("/api/v1/inbound/emails/{id}/raw", ["parameters": [id], "get": operation(
                "Download a received message as it arrived", tag: "Mail", role: .agent,
                responses: [("200", ["description": "The raw message (message/rfc822), as a download."]), ("404", ref404)])]),
            ("/api/v1/support-addresses", [
                "get": operation("The workspace's support addresses", tag: "Mail", role: .admin,
                    responses: [("200", response("Every address.", schema: page("SupportAddress")))]),
                "post": operation("Add a support address", tag: "Mail", role: .admin,
                    description: "Mail to the address (or to its plus addresses, help+t123@...) comes to this workspace and, when team_id is set, to that team. An address belongs to one workspace across the installation: 409 when it is taken.",
                    body: ref("SupportAddressInput"), responses: [("201", addressResponse), ("409", ref409), ("422", ref422)]),
            ]),
            ("/api/v1/support-addresses/{id}", ["parameters": [id],
                "patch": operation("Change a support address", tag: "Mail", role: .admin, body: ref("SupportAddressInput"),
                    responses: [("200", addressResponse), ("404", ref404), ("409", ref409), ("422", ref422)]),
                "delete": operation("Remove a support address", tag: "Mail", role: .admin,
                    responses: [("204", ["description": "Removed."]), ("404", ref404)]),
            ]),
        ]
    }
}

extension OpenAPISchemas {
    static var inbound: [(String, JSONValue)] {
        let uuid: JSONValue = ["type": "string", "format": "uuid"]
        let nullableUUID: JSONValue = ["type": ["string", "null"], "format": "uuid"]
        let text: JSONValue = ["type": ["string", "null"]]
        let time: JSONValue = ["type": "string", "format": "date-time"]
        return [
            ("InboundEmail", ["type": "object", "properties": [
                "id": uuid, "status": ["type": "string", "enum": .array(InboundStatus.allCases.map { .string($0.rawValue) })],
                "reason": text, "kind": ["type": ["string", "null"], "description": "normal, auto_reply, bulk or bounce."],
                "received_at": time, "processed_at": ["type": ["string", "null"], "format": "date-time"], "size": ["type": "integer"],
                "sha256": ["type": "string"], "recipient": text, "message_id": text, "from": text, "subject": text,
                "workspace_id": nullableUUID, "ticket_id": nullableUUID, "ticket_message_id": nullableUUID, "raw_url": ["type": "string"],
            ]]),
            ("InboundSecret", ["type": "object", "properties": ["secret": ["type": "string"], "created_at": time]]),
            ("ReprocessInput", ["type": "object", "properties": ["workspace_id": nullableUUID, "team_id": nullableUUID]]),
            ("SupportAddress", ["type": "object", "properties": [
                "id": uuid, "address": ["type": "string", "format": "email"], "display_name": text, "team_id": nullableUUID,
                "is_default": ["type": "boolean"], "created_at": time,
            ]]),
            ("SupportAddressInput", ["type": "object", "properties": [
                "address": ["type": "string", "format": "email"], "display_name": text, "team_id": nullableUUID, "is_default": ["type": "boolean"],
            ]]),
            ("MessageMail", ["type": ["object", "null"], "description": "Only on messages that came in by mail.", "properties": [
                "quoted": text, "signature": text, "html": ["type": ["string", "null"], "description": "Sanitised with a strict allow-list."],
                "raw_url": ["type": "string"],
            ]]),
        ]
    }
}
