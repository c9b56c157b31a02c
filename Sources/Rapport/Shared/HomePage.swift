import Leaf
import Vapor

/// The landing page: what this server is and where its API lives. The agent workspace comes later.
struct HomePage: RouteCollection {
    struct Page: Encodable {
        var title: String
        var version: String
        var links: [Link]
    }

    struct Link: Encodable {
        var label: String
        var href: String
        var description: String
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: show)
    }

    func show(req: Request) async throws -> View {
        try await req.view.render("home/index", Page(title: "Rapport", version: RapportVersion.current, links: [
            Link(label: "API reference (OpenAPI 3.1)", href: "/api/v1/openapi.json", description: "Every route, its fields and its errors."),
            Link(label: "Health", href: "/health", description: "200 when the server and its database answer."),
            Link(label: "Metrics", href: "/metrics", description: "Request counts and latencies for Prometheus."),
        ]))
    }
}

enum RapportVersion {
    static let current = "0.1.0"
}
