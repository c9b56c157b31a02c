import Fluent
import Foundation
import RapportCore
import Vapor

/// Who is making a request: a signed-in user of one workspace.
struct Actor: Sendable {
    var userID: UUID
    var workspaceID: UUID
    var role: Role
    var name: String
}

extension Request {
    private struct ActorKey: StorageKey { typealias Value = Actor }

    /// The signed-in user; only routes behind `RequireActor` may call this.
    var actor: Actor {
        get throws {
            guard let actor = storage[ActorKey.self] else { throw APIError.unauthenticated }
            return actor
        }
    }

    /// The workspace every query of this request is scoped to.
    var workspaceID: UUID {
        get throws { try actor.workspaceID }
    }

    func signIn(_ actor: Actor) { storage[ActorKey.self] = actor }
}

/// Turns `Authorization: Bearer ...` into an `Actor`, or answers 401.
struct RequireActor: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let bearer = request.headers.bearerAuthorization else { throw APIError.unauthenticated }
        let secret = bearer.token
        let tokens = APITokens(db: request.db)
        guard let actor = try await request.application.actorCache.actor(forHash: APITokens.hash(secret), load: { try await tokens.actor(forSecret: secret) }) else {
            throw APIError(.unauthorized, code: "invalid_token", message: "That API token is not valid (revoked, mistyped or its user is deactivated).")
        }
        request.signIn(actor)
        return try await next.respond(to: request)
    }
}

/// Lets through only users whose role is at least `minimum`; others get 403.
struct RequireRole: AsyncMiddleware {
    let minimum: Role

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard try request.actor.role >= minimum else { throw APIError.forbidden(needs: minimum.rawValue) }
        return try await next.respond(to: request)
    }
}

extension RoutesBuilder {
    func requiring(_ role: Role) -> any RoutesBuilder { grouped(RequireRole(minimum: role)) }
}
