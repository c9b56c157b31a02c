import RapportCore

/// The component schemas of the OpenAPI document: the API's bodies, field by field.
enum OpenAPISchemas {
    private static func enumeration(_ values: [String], nullable: Bool = false) -> JSONValue {
        nullable
            ? ["type": ["string", "null"], "enum": .array(values.map { .string($0) } + [.null])]
            : ["type": "string", "enum": .array(values.map { .string($0) })]
    }

    private static let uuid: JSONValue = ["type": "string", "format": "uuid"]
    private static let nullableUUID: JSONValue = ["type": ["string", "null"], "format": "uuid"]
    private static let text: JSONValue = ["type": "string"]
    private static let nullableText: JSONValue = ["type": ["string", "null"]]
    private static let time: JSONValue = ["type": "string", "format": "date-time"]
    private static let strings: JSONValue = ["type": "array", "items": ["type": "string"]]
    private static let attributes: JSONValue = [
        "type": "object", "description": "Custom attributes: text, numbers or true/false.",
        "additionalProperties": ["type": ["string", "number", "boolean"]],
    ]
    private static let address: JSONValue = ["type": ["object", "null"], "properties": [
        "street": nullableText, "city": nullableText, "postal_code": nullableText, "region": nullableText, "country": nullableText,
    ]]

    static var all: [(String, JSONValue)] {
        let profileValue: JSONValue = ["type": "object", "required": ["value", "source", "manual", "set_at", "confidence"], "properties": [
            "dimension": ["type": "string", "description": "Only in `derived`: the dimension the value belongs to.",
                          "enum": .array(ProfileDimension.profileDimensions.map { .string($0.rawValue) })],
            "value": text,
            "source": ["type": "string", "enum": .array(ProfileSource.allCases.map { .string($0.rawValue) }),
                       "description": "`agent` and `import` are manual settings, which win until an agent clears them (DELETE /api/v1/customers/{id}/profile/{dimension}); `messages` (communication styles from the customer's messages), `orders` (lifecycle, value tier and the `discount` shopper type from orders) and `behaviour` (`high_maintenance` from contacts per order, reopens and escalations) are derived. `system` is an older word for `orders`."],
            "manual": ["type": "boolean", "description": "True for an agent's or an import's setting."],
            "set_by_user_id": nullableUUID,
            "set_at": ["type": "string", "format": "date-time", "description": "When it was set, or for derived values computed."],
            "confidence": ["type": "number", "minimum": 0, "maximum": 1, "description": "1 for manual settings; for derived values how sure the rule is."],
            "explanation": ["type": ["string", "null"], "description": "For derived values, why, in words (\"3 of the customer's last 4 messages were brief and to the point ...\"); null for manual settings."],
        ]]
        let nullableProfileValue: JSONValue = ["oneOf": [["type": "null"], ["$ref": "#/components/schemas/ProfileValue"]]]
        return [
            ("Error", ["type": "object", "required": ["error"], "properties": ["error": [
                "type": "object", "required": ["code", "message"], "properties": [
                    "code": text, "message": text,
                    "fields": ["type": "object", "additionalProperties": ["type": "string"], "description": "A message per invalid field."],
                ],
            ]]]),
            ("ProfileValue", profileValue),
            ("Profile", ["type": "object", "properties": [
                "lifecycle": nullableProfileValue,
                "communication_styles": ["type": "array", "items": ["$ref": "#/components/schemas/ProfileValue"]],
                "shopper_type": nullableProfileValue,
                "relationship": nullableProfileValue,
                "value_tier": nullableProfileValue,
                "derived": ["type": "array", "items": ["$ref": "#/components/schemas/ProfileValue"],
                            "description": "Every derived value with its dimension, also those an agent's setting hides; the background profile job keeps them up to date."],
            ]]),
            ("Customer", ["type": "object", "required": ["id", "name", "emails", "phones", "tags", "attributes", "profile", "archived"], "properties": [
                "id": uuid, "name": text, "emails": strings, "phones": strings,
                "organization_id": nullableUUID, "value": ["$ref": "#/components/schemas/CustomerValue"],
                "buying_role": enumeration(BuyingRole.allCases.map(\.rawValue), nullable: true),
                "language": nullableText, "time_zone": nullableText, "address": address, "notes": nullableText,
                "tags": strings, "attributes": attributes,
                "consent": ["type": "object", "properties": ["service_email": ["type": "boolean"], "marketing": ["type": "boolean"]]],
                "profile": ["$ref": "#/components/schemas/Profile"],
                "archived": ["type": "boolean"], "archived_at": ["type": ["string", "null"], "format": "date-time"],
                "created_at": time, "updated_at": time,
            ]]),
            ("CustomerInput", ["type": "object", "description": "On create `name` is required. On update only the fields sent change; null clears.", "properties": [
                "name": ["type": "string", "minLength": 1, "maxLength": 200],
                "emails": strings, "phones": strings, "organization_id": nullableUUID,
                "buying_role": enumeration(BuyingRole.allCases.map(\.rawValue), nullable: true),
                "language": ["type": ["string", "null"], "description": "A language code such as en, de or pt-BR."],
                "time_zone": ["type": ["string", "null"], "description": "An IANA time zone such as Europe/Berlin."],
                "address": address, "notes": nullableText, "tags": strings, "attributes": attributes,
                "consent": ["type": "object", "properties": ["service_email": ["type": "boolean"], "marketing": ["type": "boolean"]]],
                "profile": ["type": "object", "properties": [
                    "lifecycle": enumeration(Lifecycle.allCases.map(\.rawValue), nullable: true),
                    "communication_styles": ["type": "array", "items": enumeration(CommunicationStyle.allCases.map(\.rawValue))],
                    "shopper_type": enumeration(ShopperType.allCases.map(\.rawValue), nullable: true),
                    "relationship": enumeration(Relationship.allCases.map(\.rawValue), nullable: true),
                    "value_tier": enumeration(ValueTier.allCases.map(\.rawValue), nullable: true),
                ]],
            ]]),
            ("Organization", ["type": "object", "required": ["id", "name", "domains", "tags", "attributes", "archived"], "properties": [
                "id": uuid, "name": text, "domains": strings, "notes": nullableText, "tags": strings, "attributes": attributes,
                "archived": ["type": "boolean"], "created_at": time, "updated_at": time,
            ]]),
            ("OrganizationInput", ["type": "object", "properties": [
                "name": ["type": "string", "minLength": 1, "maxLength": 200], "domains": strings, "notes": nullableText,
                "tags": strings, "attributes": attributes,
            ]]),
            ("PlaybookEntry", ["type": "object", "required": ["dimension", "value", "title", "summary", "actions", "tone", "offer", "avoid", "follow_up", "importance", "customized"], "properties": [
                "dimension": enumeration(ProfileDimension.allCases.map(\.rawValue)), "value": text,
                "title": text, "summary": text, "actions": strings, "tone": text, "offer": strings, "avoid": strings, "follow_up": strings,
                "importance": ["type": "integer", "minimum": 1, "maximum": 100],
                "customized": ["type": "boolean", "description": "True when this workspace has edited the entry."],
            ]]),
            ("PlaybookEntryInput", ["type": "object", "required": ["title", "summary", "actions", "tone", "importance"], "properties": [
                "title": ["type": "string", "maxLength": 80], "summary": ["type": "string", "maxLength": 1000],
                "actions": ["type": "array", "items": ["type": "string"], "minItems": 1, "maxItems": 20],
                "tone": ["type": "string", "maxLength": 500], "offer": strings, "avoid": strings, "follow_up": strings,
                "importance": ["type": "integer", "minimum": 1, "maximum": 100],
            ]]),
            ("CustomerPlaybook", ["type": "object", "required": ["customer_id", "name", "checklist", "avoid", "entries"], "properties": [
                "customer_id": uuid, "name": text,
                "checklist": ["type": "array", "items": ["type": "string"], "description": "The first action of each entry, most important first."],
                "avoid": strings,
                "hint": nullableText,
                "entries": ["type": "array", "items": ["type": "object", "properties": [
                    "entry": ["$ref": "#/components/schemas/PlaybookEntry"],
                    "weight": ["type": "number"],
                    "brought_in_by": ["type": "object", "properties": [
                        "dimension": text, "value": text, "source": text, "set_by_user_id": nullableUUID,
                        "set_at": ["type": ["string", "null"], "format": "date-time"], "confidence": ["type": "number"],
                    ]],
                ]]],
            ]]),
            ("ImportReport", ["type": "object", "required": ["rows", "created", "updated", "failed", "errors"], "properties": [
                "rows": ["type": "integer"], "created": ["type": "integer"], "updated": ["type": "integer"], "failed": ["type": "integer"],
                "errors": ["type": "array", "items": ["type": "object", "properties": [
                    "line": ["type": "integer", "description": "The line of the file the row starts on; the header is line 1."],
                    "field": nullableText, "message": text,
                ]]],
                "errors_truncated": ["type": "boolean"],
            ]]),
            ("User", ["type": "object", "required": ["id", "email", "name", "role", "active", "team_ids"], "properties": [
                "id": uuid, "email": text, "name": text, "role": enumeration(Role.allCases.map(\.rawValue)),
                "active": ["type": "boolean"], "team_ids": ["type": "array", "items": uuid], "created_at": time,
                "availability": enumeration(AgentAvailability.allCases.map(\.rawValue)), "skills": ["$ref": "#/components/schemas/AgentSkills"],
            ]]),
            ("UserInput", ["type": "object", "required": ["email", "name", "role"], "properties": [
                "email": ["type": "string", "format": "email"], "name": text, "role": enumeration(Role.allCases.map(\.rawValue)),
                "password": ["type": "string", "minLength": 10],
            ]]),
            ("UserUpdate", ["type": "object", "properties": [
                "name": text, "role": enumeration(Role.allCases.map(\.rawValue)), "active": ["type": "boolean"],
                "password": ["type": "string", "minLength": 10],
            ]]),
            ("Team", ["type": "object", "required": ["id", "name", "member_ids"], "properties": [
                "id": uuid, "name": text, "description": nullableText, "member_ids": ["type": "array", "items": uuid],
                "routing": ["$ref": "#/components/schemas/TeamRouting"],
            ]]),
            ("TeamInput", ["type": "object", "properties": [
                "name": ["type": "string", "maxLength": 100], "description": nullableText, "member_ids": ["type": "array", "items": uuid],
                "routing": ["$ref": "#/components/schemas/TeamRouting"],
            ]]),
            ("TokenRequest", ["type": "object", "required": ["email", "password"], "properties": [
                "email": text, "password": text, "workspace": ["type": "string", "description": "The workspace slug, when the email is in several."],
            ]]),
            ("TokenResponse", ["type": "object", "required": ["token", "user"], "properties": [
                "token": ["type": "string", "description": "Shown once; send as Authorization: Bearer ..."],
                "user": ["$ref": "#/components/schemas/User"],
            ]]),
        ]
    }
}
