import Fluent
import Foundation
import RapportCore
import Testing
import Vapor
import VaporTesting

@testable import Rapport

@Suite("Users, teams and sign-in")
struct PeopleAPITests {
    @Test("an admin creates a user who signs in with a password and gets a working token")
    func createAndSignIn() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let created = try await app.send(.POST, "/api/v1/users", token: ws.token(.admin), json: JSONBody([
                "email": "New.Agent@Acme.test", "name": "New Agent", "role": "agent", "password": "correct horse battery",
            ]))
            #expect(created.status == .created)
            #expect(created.json.string("email") == "new.agent@acme.test")
            #expect(created.json["password"] == nil && created.json["password_hash"] == nil)
            let stored = try #require(try await User.query(on: app.db).filter(\.$email == "new.agent@acme.test").first())
            #expect(stored.passwordHash?.hasPrefix("$2") == true, "passwords are stored as bcrypt hashes")
            let wrong = try await app.send(.POST, "/api/v1/auth/token", json: JSONBody(["email": "new.agent@acme.test", "password": "wrong password!"]))
            #expect(wrong.status == .unauthorized)
            let signIn = try await app.send(.POST, "/api/v1/auth/token", json: JSONBody(["email": "NEW.AGENT@acme.test", "password": "correct horse battery"]))
            #expect(signIn.status == .created)
            let token = try #require(signIn.json.string("token"))
            let tokens = try await APIToken.query(on: app.db).all()
            #expect(!tokens.contains { $0.tokenHash == token }, "tokens are stored hashed")
            let me = try await app.send(.GET, "/api/v1/me", token: token)
            #expect(me.json.string("role") == "agent")
            let duplicate = try await app.send(.POST, "/api/v1/users", token: ws.token(.admin), json: JSONBody([
                "email": "new.agent@acme.test", "name": "Again", "role": "agent",
            ]))
            #expect(duplicate.status == .conflict)
        }
    }

    @Test("user input is validated field by field")
    func userValidation() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let bad = try await app.send(.POST, "/api/v1/users", token: ws.token(.admin), json: JSONBody([
                "email": "nope", "name": "", "role": "overlord", "password": "short",
            ]))
            #expect(bad.status == .unprocessableEntity)
            #expect(Set(bad.errorFields.keys) == ["email", "name", "role", "password"])
            let selfDemotion = try await app.send(.PATCH, "/api/v1/users/\(ws.users[.admin]!.id!)", token: ws.token(.admin), json: JSONBody(["role": "agent"]))
            #expect(selfDemotion.status == .unprocessableEntity)
        }
    }

    @Test("teams hold members of their own workspace only")
    func teams() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let other = try await app.makeWorkspace("other")
            let agent = ws.users[.agent]!.id!.uuidString
            let created = try await app.send(.POST, "/api/v1/teams", token: ws.token(.admin), json: JSONBody(["name": "Returns", "member_ids": [agent]]))
            #expect(created.status == .created)
            #expect(created.json.strings("member_ids") == [agent])
            let user = try await app.send(.GET, "/api/v1/users/\(agent)", token: ws.token(.admin))
            #expect(user.json.strings("team_ids") == [created.json.id])
            let foreign = try await app.send(.PATCH, "/api/v1/teams/\(created.json.id)", token: ws.token(.admin), json: JSONBody([
                "member_ids": [other.users[.agent]!.id!.uuidString],
            ]))
            #expect(foreign.status == .unprocessableEntity)
            #expect(foreign.errorFields["member_ids"] != nil)
            let clash = try await app.send(.POST, "/api/v1/teams", token: ws.token(.admin), json: JSONBody(["name": "Returns"]))
            #expect(clash.status == .conflict)
            #expect(try await app.send(.DELETE, "/api/v1/teams/\(created.json.id)", token: ws.token(.admin)).status == .noContent)
            #expect(try await app.send(.GET, "/api/v1/teams", token: ws.token(.admin)).items.isEmpty)
        }
    }
}
