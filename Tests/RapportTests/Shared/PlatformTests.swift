import Foundation
import RapportCore
import Testing
import Vapor
import VaporTesting

@testable import Rapport

@Suite("OpenAPI, health and metrics")
struct PlatformTests {
    @Test("every registered API route is in the OpenAPI document, and nothing else is")
    func openAPICoversEveryRoute() async throws {
        try await withRapport { app in
            let registered = Set(AccessTests.apiRoutes(app).map { route in
                let path = route.pattern.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
                return "\(route.method.rawValue) /\(path)"
            })
            #expect(registered == OpenAPIDocument.operations)
            let served = try await app.send(.GET, "/api/v1/openapi.json")
            #expect(served.status == .ok)
            #expect(served.json["openapi"] as? String == "3.1.0")
            #expect((served.json["paths"] as? [String: Any])?.count == Set(OpenAPIDocument.operations.map { $0.split(separator: " ")[1] }).count)
        }
    }

    @Test("health answers 200 while the database answers, and 503 when it does not")
    func health() async throws {
        try await withRapport { app in
            let healthy = try await app.send(.GET, "/health")
            #expect(healthy.status == .ok)
            #expect(healthy.json.string("database") == "ok")
        }
        let broken = try await Application.make(.testing)
        broken.logger.logLevel = .critical
        try await configure(broken, settings: Settings(dataDirectory: "/tmp", database: .postgres(url: "postgres://nobody:nothing@127.0.0.1:1/none")))
        let response = try await broken.send(.GET, "/health")
        #expect(response.status == .serviceUnavailable)
        try await broken.asyncShutdown()
    }

    @Test("metrics count requests by route pattern in Prometheus format")
    func metrics() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            _ = try await app.send(.GET, "/api/v1/customers/\(UUID())", token: ws.token(.viewer))
            _ = try await app.send(.GET, "/api/v1/customers/\(UUID())", token: ws.token(.viewer))
            let metrics = try await app.send(.GET, "/metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.text.contains("# TYPE rapport_http_requests_total counter"))
            #expect(metrics.text.contains("rapport_http_requests_total{method=\"GET\",route=\"/api/v1/customers/:id\",status=\"404\"} 2"))
        }
    }

    @Test("unknown URLs answer JSON under /api and HTML elsewhere")
    func notFoundPages() async throws {
        try await withRapport { app in
            let api = try await app.send(.GET, "/api/v1/nothing-here")
            #expect(api.status == .notFound)
            #expect(api.headers.contentType == .json)
            let page = try await app.send(.GET, "/nothing-here")
            #expect(page.status == .notFound)
            #expect(page.text.contains("<html"))
            let home = try await app.send(.GET, "/")
            #expect(home.status == .ok)
            #expect(home.text.contains("/api/v1/openapi.json"))
        }
    }

    @Test("malformed JSON answers 422 naming the body")
    func malformedJSON() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let response = try await app.send(.POST, "/api/v1/customers", token: ws.token(.agent), body: "{\"name\": ", contentType: .json)
            #expect(response.status == .unprocessableEntity)
            #expect(response.errorFields["body"] != nil)
        }
    }
}
