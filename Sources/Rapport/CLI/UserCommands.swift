import ArgumentParser
import Fluent
import Foundation
import RapportCore
import Vapor

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage users.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a user (and the workspace, when it does not exist).")

        @ArgumentParser.Option(help: "The user's email address.") var email: String
        @ArgumentParser.Option(help: "The user's name.") var name: String
        @ArgumentParser.Option(help: "admin, supervisor, agent or viewer.") var role: String
        @ArgumentParser.Option(help: "A password for signing in (at least 10 characters); without one the user signs in with API tokens only.") var password: String?
        @ArgumentParser.Option(help: "The workspace's slug; without it, the only workspace or the one named 'default'.") var workspace: String?

        func run() async throws {
            guard let role = Role(rawValue: role) else {
                throw ValidationError("--role must be one of: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let email = EmailAddress.normalize(email)
            guard EmailAddress.isValid(email) else { throw ValidationError("--email is not an email address") }
            var errors = FieldErrors()
            if let password { PasswordRule.check(password, into: &errors) }
            if let message = errors.messages["password"] { throw ValidationError("--password \(message)") }
            try await withConfiguredApp { app in
                let workspace = try await WorkspaceStore(db: app.db).resolve(slug: self.workspace, createIfMissing: true)
                let people = PeopleStore(db: app.db, workspaceID: workspace.id!)
                guard try await people.user(email: email) == nil else {
                    throw CommandError("A user with email \(email) already exists in workspace '\(workspace.slug)'.")
                }
                let hash = try password.map { try Bcrypt.hash($0) }
                let user = User(workspaceID: workspace.id!, email: email, name: name, role: role, passwordHash: hash)
                try await user.create(on: app.db)
                say("Created \(role.rawValue) \(email) in workspace '\(workspace.slug)' (id \(user.id!.uuidString.lowercased())).")
            }
        }
    }
}

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "Manage API tokens.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an API token for a user and print it once.")

        @ArgumentParser.Option(help: "The user's email address.") var email: String
        @ArgumentParser.Option(help: "The workspace's slug, when the email is in several.") var workspace: String?
        @ArgumentParser.Option(help: "A name to recognise the token by.") var name = "command line"

        func run() async throws {
            try await withConfiguredApp { app in
                var query = User.query(on: app.db).filter(\.$email == EmailAddress.normalize(email))
                if let slug = workspace {
                    let found = try await WorkspaceStore(db: app.db).resolve(slug: slug, createIfMissing: false)
                    query = query.filter(\.$workspaceID == found.id!)
                }
                let users = try await query.limit(2).all()
                guard users.count < 2 else { throw CommandError("\(email) is in several workspaces: add --workspace SLUG.") }
                guard let user = users.first else { throw CommandError("No user with email \(email).") }
                guard user.active else { throw CommandError("\(email) is deactivated.") }
                say(try await APITokens(db: app.db).issue(for: user, name: name))
            }
        }
    }
}
