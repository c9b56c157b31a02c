import Fluent
import Foundation
import RapportCore
import Vapor

/// Checks an email and password, for the API's token exchange and the browser's sign-in alike.
enum StaffCredentials {
    /// The active user with this email and password; `workspace` (a slug) picks one when the email is in several.
    static func check(email: String, password: String, workspace: String?, req: Request) async throws -> User {
        var candidates = User.query(on: req.db).filter(\.$email == email).filter(\.$active == true)
        if let slug = workspace, !slug.isEmpty, let found = try await Workspace.query(on: req.db).filter(\.$slug == slug).first() {
            candidates = candidates.filter(\.$workspaceID == found.id!)
        } else if let slug = workspace, !slug.isEmpty {
            candidates = candidates.filter(\.$workspaceID == UUID())
        }
        let users = try await candidates.limit(2).all()
        if users.count > 1 {
            throw APIError.validation(["workspace": "is required: this email belongs to several workspaces"])
        }
        guard let user = users.first, let hash = user.passwordHash, try await req.password.async.verify(password, created: hash) else {
            throw APIError(.unauthorized, code: "invalid_credentials", message: "That email and password do not match.")
        }
        return user
    }
}
