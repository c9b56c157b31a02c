import Vapor

/// The one error type the API answers with, rendered as
/// `{"error": {"code": ..., "message": ..., "fields": {...}}}`.
struct APIError: AbortError, Sendable {
    var status: HTTPResponseStatus
    var code: String
    var message: String
    var fields: [String: String]

    init(_ status: HTTPResponseStatus, code: String, message: String, fields: [String: String] = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields
    }

    var reason: String { message }

    static func validation(_ fields: [String: String]) -> APIError {
        let summary = fields.keys.sorted().map { "\($0) \(fields[$0]!)" }.joined(separator: "; ")
        return APIError(.unprocessableEntity, code: "validation_failed", message: "Invalid input: \(summary)", fields: fields)
    }

    static func notFound(_ what: String) -> APIError {
        APIError(.notFound, code: "not_found", message: "No such \(what).")
    }

    static let unauthenticated = APIError(
        .unauthorized, code: "unauthenticated",
        message: "Sign in first: send an API token as 'Authorization: Bearer ...'.")

    static func forbidden(needs role: String) -> APIError {
        APIError(.forbidden, code: "forbidden", message: "This needs the \(role) role or higher.")
    }

    static func conflict(_ message: String, field: String? = nil) -> APIError {
        APIError(.conflict, code: "conflict", message: message, fields: field.map { [$0: message] } ?? [:])
    }
}

/// The JSON body of an error answer.
struct APIErrorBody: Content {
    struct Detail: Content {
        var code: String
        var message: String
        var fields: [String: String]?
    }
    var error: Detail
}
