import Fluent
import Foundation
import NIOCore
import RapportCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import Rapport

/// Runs `test` against a fresh application on a fresh database: a temporary SQLite file, or a
/// schema of its own in the PostgreSQL that DATABASE_URL names, so the same tests cover both.
func withRapport(_ test: (Application) async throws -> Void) async throws {
    let environment = ProcessInfo.processInfo.environment
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-tests-\(UUID().uuidString)")
    var settings: Settings
    var schema: String?
    if let url = environment["DATABASE_URL"], url.hasPrefix("postgres") {
        schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        settings = Settings(dataDirectory: directory.path, database: .postgres(url: url), postgresSchema: schema)
    } else {
        settings = Settings(dataDirectory: directory.path, database: .sqlite(path: directory.appendingPathComponent("test.sqlite").path))
    }
    let app = try await Application.make(.testing)
    app.logger.logLevel = .warning
    do {
        try await configure(app, settings: settings)
        if let schema { _ = try await (app.db as! any SQLDatabase).raw("CREATE SCHEMA \(ident: schema)").all() }
        try await app.autoMigrate()
        try await prepareDatabaseConnections(app)
        try await test(app)
    } catch {
        await cleanUp(app, schema: schema, directory: directory)
        throw error
    }
    await cleanUp(app, schema: schema, directory: directory)
}

private func cleanUp(_ app: Application, schema: String?, directory: URL) async {
    if let schema { _ = try? await (app.db as! any SQLDatabase).raw("DROP SCHEMA \(ident: schema) CASCADE").all() }
    try? await app.asyncShutdown()
    try? FileManager.default.removeItem(at: directory)
}

/// A workspace with one signed-in user per role, made through the same code the product uses.
struct TestWorkspace {
    var workspace: Workspace
    var tokens: [Role: String]
    var users: [Role: User]

    var id: UUID { workspace.id! }
    func token(_ role: Role) -> String { tokens[role]! }
}

extension Application {
    func makeWorkspace(_ slug: String = "acme") async throws -> TestWorkspace {
        let workspace = try await WorkspaceStore(db: db).create(slug: slug, name: slug.capitalized)
        var tokens: [Role: String] = [:]
        var users: [Role: User] = [:]
        for role in Role.allCases {
            let user = User(workspaceID: workspace.id!, email: "\(role.rawValue)@\(slug).test", name: "\(role.rawValue.capitalized) of \(slug)", role: role, passwordHash: nil)
            try await user.create(on: db)
            users[role] = user
            tokens[role] = try await APITokens(db: db).issue(for: user, name: "test")
        }
        return TestWorkspace(workspace: workspace, tokens: tokens, users: users)
    }

    /// Sends a request and returns the response; `json` is encoded as the body.
    func send(
        _ method: HTTPMethod, _ path: String, token: String? = nil, json: (any Encodable)? = nil,
        body: String? = nil, contentType: HTTPMediaType? = nil
    ) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        var buffer: ByteBuffer?
        if let json {
            headers.contentType = .json
            buffer = ByteBuffer(bytes: Array(try JSONEncoder().encode(json)))
        } else if let body {
            headers.contentType = contentType ?? .plainText
            buffer = ByteBuffer(string: body)
        }
        return try await testing().sendRequest(method, path, headers: headers, body: buffer)
    }
}

extension TestingHTTPResponse {
    /// The body as a JSON object, for asserting on exactly the fields a client sees.
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
    }

    var items: [[String: Any]] { json["items"] as? [[String: Any]] ?? [] }

    var errorFields: [String: String] {
        ((json["error"] as? [String: Any])?["fields"] as? [String: String]) ?? [:]
    }

    var text: String { String(decoding: body.readableBytesView, as: UTF8.self) }
}

/// A JSON body built from a dictionary literal, for requests with exactly the keys a test wants.
struct JSONBody: Encodable {
    let object: [String: Any]
    init(_ object: [String: Any]) { self.object = object }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(RawJSON(object))
    }

    private struct RawJSON: Encodable {
        let value: Any
        init(_ value: Any) { self.value = value }
        func encode(to encoder: any Encoder) throws {
            switch value {
            case let dictionary as [String: Any]:
                var container = encoder.container(keyedBy: AnyKey.self)
                for (key, item) in dictionary { try container.encode(RawJSON(item), forKey: AnyKey(key)) }
            case let array as [Any]:
                var container = encoder.unkeyedContainer()
                for item in array { try container.encode(RawJSON(item)) }
            case let text as String:
                var container = encoder.singleValueContainer()
                try container.encode(text)
            case let flag as Bool:
                var container = encoder.singleValueContainer()
                try container.encode(flag)
            case let number as Int:
                var container = encoder.singleValueContainer()
                try container.encode(number)
            case let number as Double:
                var container = encoder.singleValueContainer()
                try container.encode(number)
            case is NSNull:
                var container = encoder.singleValueContainer()
                try container.encodeNil()
            default:
                var container = encoder.singleValueContainer()
                try container.encode("\(value)")
            }
        }
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
