import Foundation
import RapportCore
import Vapor

/// The single error middleware: JSON under /api, a plain HTML page elsewhere. Installed
/// globally so that unknown URLs get the same treatment; 5xx details never reach the client.
struct RapportErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let apiError = Self.classify(error)
            if apiError.status.code >= 500 {
                request.logger.error(
                    "request failed",
                    metadata: ["error": "\(String(reflecting: error))", "path": "\(request.url.path)"])
            }
            return Self.render(apiError, for: request)
        }
    }

    static func classify(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as DecodingError:
            return decodingProblem(error)
        case let error as any AbortError:
            let code = error.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_")
            let message = error.status.code >= 500 ? "Something went wrong on our side." : error.reason
            return APIError(error.status, code: code, message: message)
        default:
            return APIError(.internalServerError, code: "internal_error", message: "Something went wrong on our side.")
        }
    }

    /// Names the JSON field that could not be read, so a client knows what to fix.
    static func decodingProblem(_ error: DecodingError) -> APIError {
        func path(_ keys: [any CodingKey]) -> String {
            let names = keys.map { key in key.intValue.map { "[\($0)]" } ?? key.stringValue }
            return names.isEmpty ? "body" : names.joined(separator: ".").replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return .validation([path(context.codingPath + [key]): "is required"])
        case .typeMismatch(let type, let context):
            return .validation([path(context.codingPath): "must be \(describe(type))"])
        case .valueNotFound(let type, let context):
            return .validation([path(context.codingPath): "must be \(describe(type)), not null"])
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            return .validation([field: field == "body" ? "is not valid JSON" : "has an invalid value"])
        @unknown default:
            return .validation(["body": "could not be read"])
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Double.Type: "a number"
        case is Bool.Type: "true or false"
        case is [String].Type: "a list of strings"
        default:
            String(describing: type).hasPrefix("Array") ? "a list" : (String(describing: type).hasPrefix("Dictionary") ? "an object" : "a \(type)")
        }
    }

    static func render(_ error: APIError, for request: Request) -> Response {
        var headers = HTTPHeaders()
        if request.url.path.hasPrefix("/api/") || request.url.path == "/api" {
            headers.contentType = .json
            let body = APIErrorBody(error: .init(code: error.code, message: error.message, fields: error.fields.isEmpty ? nil : error.fields))
            let data = (try? JSONEncoder().encode(body)) ?? Data("{}".utf8)
            if error.status == .unauthorized { headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer") }
            return Response(status: error.status, headers: headers, body: .init(data: data))
        }
        headers.contentType = .html
        let html = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>\(error.status.code) · Rapport</title>
            <link rel="stylesheet" href="/css/rapport.css"></head>
            <body><main class="narrow"><h1>\(error.status.code) \(error.status.reasonPhrase.htmlEscaped)</h1>
            <p>\(error.message.htmlEscaped)</p><p><a href="/">Back to Rapport</a></p></main></body></html>
            """
        return Response(status: error.status, headers: headers, body: .init(string: html))
    }
}
