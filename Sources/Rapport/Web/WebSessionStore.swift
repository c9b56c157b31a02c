import Fluent
import Foundation
import RapportCore
import SQLKit

/// Who a browser session belongs to: a member of staff, or a customer in the portal.
enum WebSessionKind: String, Sendable {
    case staff, customer
}

/// A customer signed in to the portal.
struct PortalVisitor: Sendable {
    var customerID: UUID
    var workspaceID: UUID
    var name: String
}

/// Browser sessions and emailed sign-in links. Secrets are random; only their SHA-256 is stored,
/// so a copy of the database signs nobody in.
struct WebSessionStore {
    let db: any Database
    var sql: any SQLDatabase { db as! any SQLDatabase }

    static let staffLifetime: TimeInterval = 12 * 3600
    static let customerLifetime: TimeInterval = 7 * 86400

    static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<43).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] })
    }

    /// Starts a session and returns the secret for the cookie.
    func start(_ kind: WebSessionKind, workspaceID: UUID, userID: UUID?, customerID: UUID?, now: Date) async throws -> String {
        let secret = Self.newSecret()
        let lifetime = kind == .staff ? Self.staffLifetime : Self.customerLifetime
        try await sql.insert(into: "web_sessions")
            .columns("id", "workspace_id", "kind", "user_id", "customer_id", "token_hash", "created_at", "expires_at")
            .values(SQLBind(TimeOrderedID.make(now: now)), SQLBind(workspaceID), SQLBind(kind.rawValue), SQLBind(userID),
                SQLBind(customerID), SQLBind(APITokens.hash(secret)), SQLBind(now), SQLBind(now.addingTimeInterval(lifetime)))
            .run()
        return secret
    }

    /// The signed-in member of staff, when the secret is a live session of an active user.
    func staff(secret: String, now: Date) async throws -> Actor? {
        guard secret.count < 200 else { return nil }
        guard let row = try await sql.select()
            .column(SQLColumn("id", table: "u")).column(SQLColumn("workspace_id", table: "u"))
            .column(SQLColumn("role", table: "u")).column(SQLColumn("name", table: "u"))
            .from(SQLAlias(SQLIdentifier("web_sessions"), as: SQLIdentifier("s")))
            .join(SQLAlias(SQLIdentifier(User.schema), as: SQLIdentifier("u")), method: SQLJoinMethod.inner,
                on: SQLBinaryExpression(
                    SQLBinaryExpression(SQLColumn("id", table: "u"), .equal, SQLColumn("user_id", table: "s")), .and,
                    SQLBinaryExpression(SQLColumn("workspace_id", table: "u"), .equal, SQLColumn("workspace_id", table: "s"))))
            .where(SQLColumn("token_hash", table: "s"), .equal, SQLBind(APITokens.hash(secret)))
            .where(SQLColumn("kind", table: "s"), .equal, SQLBind(WebSessionKind.staff.rawValue))
            .where(SQLColumn("expires_at", table: "s"), .greaterThan, SQLBind(now))
            .where(SQLColumn("active", table: "u"), .equal, SQLBind(true))
            .first(),
            let role = Role(rawValue: try row.decode(column: "role", as: String.self))
        else { return nil }
        return Actor(
            userID: try row.decode(column: "id", as: UUID.self), workspaceID: try row.decode(column: "workspace_id", as: UUID.self),
            role: role, name: try row.decode(column: "name", as: String.self))
    }

    /// The signed-in portal customer, when the secret is a live customer session.
    func customer(secret: String, now: Date) async throws -> PortalVisitor? {
        guard secret.count < 200 else { return nil }
        guard let row = try await sql.select()
            .column(SQLColumn("id", table: "c")).column(SQLColumn("workspace_id", table: "c")).column(SQLColumn("name", table: "c"))
            .from(SQLAlias(SQLIdentifier("web_sessions"), as: SQLIdentifier("s")))
            .join(SQLAlias(SQLIdentifier("customers"), as: SQLIdentifier("c")), method: SQLJoinMethod.inner,
                on: SQLBinaryExpression(
                    SQLBinaryExpression(SQLColumn("id", table: "c"), .equal, SQLColumn("customer_id", table: "s")), .and,
                    SQLBinaryExpression(SQLColumn("workspace_id", table: "c"), .equal, SQLColumn("workspace_id", table: "s"))))
            .where(SQLColumn("token_hash", table: "s"), .equal, SQLBind(APITokens.hash(secret)))
            .where(SQLColumn("kind", table: "s"), .equal, SQLBind(WebSessionKind.customer.rawValue))
            .where(SQLColumn("expires_at", table: "s"), .greaterThan, SQLBind(now))
            .first()
        else { return nil }
        return PortalVisitor(
            customerID: try row.decode(column: "id", as: UUID.self), workspaceID: try row.decode(column: "workspace_id", as: UUID.self),
            name: try row.decode(column: "name", as: String.self))
    }

    func end(secret: String) async throws {
        try await sql.delete(from: "web_sessions").where("token_hash", .equal, APITokens.hash(secret)).run()
    }

    /// Ends every session of a user, after a password change.
    func endAll(userID: UUID, workspaceID: UUID) async throws {
        try await sql.delete(from: "web_sessions").where("workspace_id", .equal, workspaceID).where("user_id", .equal, userID).run()
    }
}

/// What an emailed link is for.
enum SignInLinkPurpose: String, Sendable {
    case passwordReset = "password_reset"
    case portal

    var lifetime: TimeInterval { self == .passwordReset ? 3600 : 1800 }
}

/// The owner of a link that was redeemed.
struct RedeemedLink: Sendable {
    var workspaceID: UUID
    var userID: UUID?
    var customerID: UUID?
}

extension WebSessionStore {
    /// Issues a link secret; it expires after the purpose's lifetime.
    func issueLink(_ purpose: SignInLinkPurpose, workspaceID: UUID, userID: UUID?, customerID: UUID?, now: Date) async throws -> String {
        let secret = Self.newSecret()
        try await sql.insert(into: "web_sign_in_links")
            .columns("id", "workspace_id", "purpose", "user_id", "customer_id", "token_hash", "created_at", "expires_at", "used_at")
            .values(SQLBind(TimeOrderedID.make(now: now)), SQLBind(workspaceID), SQLBind(purpose.rawValue), SQLBind(userID),
                SQLBind(customerID), SQLBind(APITokens.hash(secret)), SQLBind(now), SQLBind(now.addingTimeInterval(purpose.lifetime)),
                SQLBind(Date?.none))
            .run()
        return secret
    }

    /// Whether a link is still good, without using it (to show the form it leads to).
    func linkIsLive(_ purpose: SignInLinkPurpose, secret: String, now: Date) async throws -> Bool {
        guard secret.count < 200 else { return false }
        return try await sql.select().column("id").from("web_sign_in_links")
            .where("token_hash", .equal, APITokens.hash(secret)).where("purpose", .equal, purpose.rawValue)
            .where("used_at", .is, SQLLiteral.null).where("expires_at", .greaterThan, now).first() != nil
    }

    /// Uses a link once: a single conditional update, so two tabs racing cannot both redeem it.
    func redeemLink(_ purpose: SignInLinkPurpose, secret: String, now: Date) async throws -> RedeemedLink? {
        guard secret.count < 200 else { return nil }
        guard let row = try await sql.update("web_sign_in_links").set("used_at", to: SQLBind(now))
            .where("token_hash", .equal, APITokens.hash(secret)).where("purpose", .equal, purpose.rawValue)
            .where("used_at", .is, SQLLiteral.null).where("expires_at", .greaterThan, now)
            .returning("workspace_id", "user_id", "customer_id").first()
        else { return nil }
        return RedeemedLink(
            workspaceID: try row.decode(column: "workspace_id", as: UUID.self), userID: try row.decode(column: "user_id", as: UUID?.self),
            customerID: try row.decode(column: "customer_id", as: UUID?.self))
    }
}
