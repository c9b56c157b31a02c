import Crypto
import Fluent
import Foundation
import RapportCore

/// Issues and checks API tokens. A token is `rpt_` and 40 random characters; only its SHA-256 is stored.
struct APITokens {
    let db: any Database

    static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
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
        guard let token = try await APIToken.query(on: db).filter(\.$tokenHash == Self.hash(secret)).first(),
            let user = try await User.query(on: db)
                .filter(\.$id == token.userID).filter(\.$workspaceID == token.workspaceID).first(),
            user.active
        else { return nil }
        return Actor(userID: try user.requireID(), workspaceID: user.workspaceID, role: user.role, name: user.name)
    }
}
