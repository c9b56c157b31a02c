import Crypto
import Fluent
import Foundation
import RapportCore
import SQLKit

/// Issues and checks API tokens. A token is `rpt_` and 40 random characters; only its SHA-256 is stored.
struct APITokens {
    let db: any Database

    static func hash(_ secret: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(secret.utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        return "rpt_" + String((0..<40).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] })
    }

    /// Creates a token for `user` and returns the secret, which is never shown again.
    func issue(for user: User, name: String) async throws -> String {
        let secret = Self.newSecret()
        let token = APIToken(workspaceID: user.workspaceID, userID: try user.requireID(), name: name, tokenHash: Self.hash(secret))
        try await token.create(on: db)
        return secret
    }

    func actor(forSecret secret: String) async throws -> Actor? {
        guard secret.hasPrefix("rpt_"), secret.count < 200 else { return nil }
        // One query without model reflection: every API request runs it.
        guard let row = try await (db as! any SQLDatabase).select()
            .column(SQLColumn("id", table: "u")).column(SQLColumn("workspace_id", table: "u"))
            .column(SQLColumn("role", table: "u")).column(SQLColumn("name", table: "u"))
            .from(SQLAlias(SQLIdentifier(APIToken.schema), as: SQLIdentifier("t")))
            .join(SQLAlias(SQLIdentifier(User.schema), as: SQLIdentifier("u")), method: SQLJoinMethod.inner,
                on: SQLBinaryExpression(
                    SQLBinaryExpression(SQLColumn("id", table: "u"), .equal, SQLColumn("user_id", table: "t")), .and,
                    SQLBinaryExpression(SQLColumn("workspace_id", table: "u"), .equal, SQLColumn("workspace_id", table: "t"))))
            .where(SQLColumn("token_hash", table: "t"), .equal, SQLBind(Self.hash(secret)))
            .where(SQLColumn("active", table: "u"), .equal, SQLBind(true))
            .first(),
            let role = Role(rawValue: try row.decode(column: "role", as: String.self))
        else { return nil }
        return Actor(
            userID: try row.decode(column: "id", as: UUID.self), workspaceID: try row.decode(column: "workspace_id", as: UUID.self),
            role: role, name: try row.decode(column: "name", as: String.self))
    }
}
