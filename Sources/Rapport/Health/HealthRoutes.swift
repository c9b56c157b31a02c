import Fluent
import SQLKit
import Vapor

/// /health answers 200 only when the database answers; /metrics is for Prometheus.
struct HealthRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("health", use: health)
        routes.get("metrics", use: metrics)
    }

    struct HealthResponse: Content {
        var status: String
        var database: String
    }

    func health(req: Request) async throws -> Response {
        do {
            _ = try await (req.db as! any SQLDatabase).raw("SELECT 1").all()
            return try await HealthResponse(status: "ok", database: "ok").encodeResponse(status: .ok, for: req)
        } catch {
            req.logger.error("health check: database does not answer", metadata: ["error": "\(String(reflecting: error))"])
            return try await HealthResponse(status: "unavailable", database: "unreachable").encodeResponse(status: .serviceUnavailable, for: req)
        }
    }

    func metrics(req: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "plain", parameters: ["version": "0.0.4", "charset": "utf-8"])
        return Response(status: .ok, headers: headers, body: .init(string: req.application.requestMetrics.render(now: req.clock.now)))
    }
}
