import Crypto
import Fluent
import Foundation
import RapportCore
import SQLKit
import Vapor

/// POST /api/v1/inbound/email: mail handed in over HTTP, authenticated by the workspace's inbound
/// secret rather than a user's token (so it sits outside RequireActor).
struct InboundReceiveAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.POST, "inbound", "email", body: .collect(maxSize: "60mb"), use: receive)
    }


    /// Stores and processes one raw message; answers 503 when it could not be stored, so the sender retries.
    func receive(req: Request) async throws -> Response {
        let given = req.headers.first(name: "X-Rapport-Inbound-Secret") ?? req.headers.bearerAuthorization?.token
        guard let given, let workspaceID = try await InboundSecrets(db: req.db).workspace(forSecret: given) else {
            throw APIError(.unauthorized, code: "invalid_inbound_secret",
                message: "Send the workspace's inbound secret as 'X-Rapport-Inbound-Secret' or 'Authorization: Bearer ...'.")
        }
        let type = req.headers.contentType.map { "\($0.type)/\($0.subType)".lowercased() }
        guard type == "message/rfc822" || type == "application/octet-stream" else {
            throw APIError(.unsupportedMediaType, code: "unsupported_media_type", message: "Send the raw message as message/rfc822 or application/octet-stream.")
        }
        guard let body = req.body.data, body.readableBytes > 0 else { throw APIError.validation(["body": "is empty; send the raw message"]) }
        let recipient: String? = req.query["recipient"]
        let mail = req.application.inboundMail
        let outcome: InboundOutcome
        do {
            let id = try await mail.store(Array(body.readableBytesView), route: InboundRoute(workspaceID: workspaceID, recipient: recipient))
            outcome = await mail.process(id)
        } catch {
            req.logger.error("inbound message could not be stored", metadata: ["error": "\(error)"])
            throw APIError(.serviceUnavailable, code: "storage_failed", message: "The message could not be stored; try again later.")
        }
        guard let row = try await InboundEmail.find(outcome.id, on: req.db) else { throw APIError.notFound("inbound message") }
        return try await InboundEmailResponse(row).encodeResponse(status: .created, for: req)
    }
}

/// /api/v1/inbound for signed-in users: the inbound secret, the quarantine and raw downloads.
struct InboundAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let inbound = routes.grouped("inbound")
        inbound.requiring(.agent).get("emails", ":id", "raw", use: raw)
        let admins = inbound.requiring(.admin)
        admins.post("secret", use: rotateSecret)
        admins.get("quarantine", use: quarantine)
        admins.get("quarantine", ":id", "raw", use: raw)
        admins.post("quarantine", ":id", "reprocess", use: reprocess)
    }

    func rotateSecret(req: Request) async throws -> Response {
        let secret = try await InboundSecrets(db: req.db).rotate(for: try req.workspaceID, at: req.clock.now)
        return try await InboundSecretResponse(secret: secret, createdAt: req.clock.now).encodeResponse(status: .created, for: req)
    }

    func quarantine(req: Request) async throws -> Page<InboundEmailResponse> {
        let page = try PageRequest(req)
        var query = InboundEmail.query(on: req.db).filter(\.$workspaceID == (try req.workspaceID))
            .filter(\.$status == .quarantined).sort(\.$id, .descending).limit(page.limit + 1)
        if let cursor = page.cursor { query = query.filter(\.$id < cursor.id) }
        let rows = try await query.all()
        let shown = Array(rows.prefix(page.limit))
        let next = rows.count > page.limit ? shown.last.map { ListCursor(key: "", id: $0.id!).encoded() } : nil
        return Page(items: shown.map(InboundEmailResponse.init), nextCursor: next)
    }

    func raw(req: Request) async throws -> Response {
        let row = try await find(req)
        if req.url.path.contains("/quarantine/"), row.status != .quarantined { throw APIError.notFound("quarantined message") }
        let bytes = try req.application.inboundMail.raw.read(row)
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "message/rfc822")
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(row.id!).eml\"")
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        return Response(status: .ok, headers: headers, body: .init(data: Data(bytes)))
    }

    /// Runs a quarantined message through the pipeline again, routed by hand when a team (or the workspace) is named.
    func reprocess(req: Request) async throws -> InboundEmailResponse {
        let row = try await find(req)
        let workspaceID = try req.workspaceID
        let input = (try? req.content.decode(ReprocessInput.self)) ?? ReprocessInput()
        var errors = FieldErrors()
        if let asked = input.workspaceID, asked != workspaceID { errors.add("workspace_id", "must be this workspace's id") }
        if let team = input.teamID {
            let found = try await (req.db as! any SQLDatabase).select().column("id").from("teams")
                .where("workspace_id", .equal, workspaceID).where("id", .equal, team).first()
            if found == nil { errors.add("team_id", "is not a team of this workspace") }
        }
        try errors.throwIfAny()
        guard row.status == .quarantined else {
            throw APIError.conflict("Only quarantined messages are re-processed; this one is \(row.status.rawValue).")
        }
        _ = await req.application.inboundMail.process(row.id!, override: InboundRoute(workspaceID: workspaceID, teamID: input.teamID ?? row.teamID))
        return InboundEmailResponse(try await find(req))
    }

    private func find(_ req: Request) async throws -> InboundEmail {
        let id = try req.requireUUID("id")
        guard let row = try await InboundEmail.query(on: req.db).filter(\.$id == id).filter(\.$workspaceID == (try req.workspaceID)).first()
        else { throw APIError.notFound("inbound message") }
        return row
    }
}

struct ReprocessInput: Content {
    var workspaceID: UUID?
    var teamID: UUID?

    init(workspaceID: UUID? = nil, teamID: UUID? = nil) {
        self.workspaceID = workspaceID
        self.teamID = teamID
    }

    enum CodingKeys: String, CodingKey {
        case workspaceID = "workspace_id"
        case teamID = "team_id"
    }
}

/// The new inbound secret, shown once.
struct InboundSecretResponse: Content {
    var secret: String
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case secret
        case createdAt = "created_at"
    }
}

/// A workspace's inbound secrets, stored as SHA-256 digests (the secret is long and random, so a
/// fast hash suffices, as for API tokens).
struct InboundSecrets {
    let db: any Database
    var sql: any SQLDatabase { db as! any SQLDatabase }

    static func digest(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    func workspace(forSecret secret: String) async throws -> UUID? {
        guard secret.hasPrefix("rin_"), secret.count < 200 else { return nil }
        return try await sql.select().column("workspace_id").from("inbound_secrets")
            .where("secret_hash", .equal, Self.digest(secret)).first()?.decode(column: "workspace_id", as: UUID.self)
    }

    /// A new secret replaces the old one at once.
    func rotate(for workspaceID: UUID, at now: Date) async throws -> String {
        let secret = "rin_" + (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        try await db.transaction { tx in
            let sql = tx as! any SQLDatabase
            try await sql.delete(from: "inbound_secrets").where("workspace_id", .equal, workspaceID).run()
            try await sql.insert(into: "inbound_secrets").columns("workspace_id", "secret_hash", "created_at")
                .values(workspaceID, Self.digest(secret), now).run()
        }
        return secret
    }
}
