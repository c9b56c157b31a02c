import Fluent
import Foundation
import RapportCore
import NIOCore
import Testing
import Vapor
import VaporTesting

@testable import Rapport

@Suite("Inbound mail API")
struct InboundAPITests {
    func post(_ app: Application, _ raw: [UInt8], secret: String?, bearer: Bool = false, type: String = "message/rfc822") async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let secret {
            if bearer { headers.bearerAuthorization = BearerAuthorization(token: secret) } else { headers.add(name: "X-Rapport-Inbound-Secret", value: secret) }
        }
        headers.add(name: .contentType, value: type)
        return try await app.testing().sendRequest(.POST, "/api/v1/inbound/email", headers: headers, body: ByteBuffer(bytes: raw))
    }

    @Test("POST /inbound/email needs the workspace's inbound secret, not a user's token; the secret rotates")
    func secret() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            try await app.supportAddress(ws, "help@acme.test")
            #expect(try await post(app, rawMail(), secret: nil).status == .unauthorized)
            #expect(try await post(app, rawMail(), secret: ws.token(.admin), bearer: true).status == .unauthorized)
            #expect(try await post(app, rawMail(), secret: "rin_guess").status == .unauthorized)
            let created = try await app.send(.POST, "/api/v1/inbound/secret", token: ws.token(.admin))
            #expect(created.status == .created)
            let secret = try #require(created.json.string("secret"))
            #expect(try await post(app, rawMail(), secret: secret, type: "text/plain").status == .unsupportedMediaType)
            let accepted = try await post(app, rawMail(), secret: secret)
            #expect(accepted.status == .created)
            #expect(accepted.json.string("status") == "processed")
            let byBearer = try await post(app, rawMail(messageID: "m2@customer.test"), secret: secret, bearer: true, type: "application/octet-stream")
            #expect(byBearer.json.string("status") == "processed")
            let rotated = try await app.send(.POST, "/api/v1/inbound/secret", token: ws.token(.admin)).json.string("secret")
            #expect(rotated != secret)
            #expect(try await post(app, rawMail(), secret: secret).status == .unauthorized)
            // The secret names the workspace: mail to an address of no workspace still lands there.
            let unaddressed = try await post(app, rawMail(to: "someone@else.test", messageID: "m3@customer.test"), secret: rotated)
            #expect(unaddressed.json.string("status") == "processed")
            #expect(unaddressed.json.string("workspace_id") == ws.id.uuidString)
        }
    }

    @Test("support addresses: unique across workspaces, team of the workspace, change and remove")
    func supportAddresses() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let other = try await app.makeWorkspace("other")
            let team = try await app.makeTeam(ws, "Billing")
            let created = try await app.send(.POST, "/api/v1/support-addresses", token: ws.token(.admin), json: JSONBody([
                "address": "Billing@Acme.test", "team_id": team.uuidString, "is_default": true,
            ]))
            #expect(created.status == .created)
            #expect(created.json.string("address") == "billing@acme.test")
            let taken = try await app.send(.POST, "/api/v1/support-addresses", token: other.token(.admin), json: JSONBody(["address": "billing@acme.test"]))
            #expect(taken.status == .conflict)
            let foreignTeam = try await app.send(.POST, "/api/v1/support-addresses", token: other.token(.admin), json: JSONBody([
                "address": "help@other.test", "team_id": team.uuidString,
            ]))
            #expect(foreignTeam.errorFields["team_id"] != nil)
            #expect(try await app.send(.POST, "/api/v1/support-addresses", token: ws.token(.admin), json: JSONBody(["address": "a+b@acme.test"])).status == .unprocessableEntity)
            let outcome = try await app.ingest(rawMail(to: "billing+t99@acme.test"))
            #expect(try await app.ticketJSON(ws, outcome.ticketID).string("team_id") == team.uuidString)
            let patched = try await app.send(.PATCH, "/api/v1/support-addresses/\(created.json.id)", token: ws.token(.admin), json: JSONBody(["team_id": NSNull()]))
            #expect(patched.status == .ok)
            #expect(patched.json["team_id"] == nil)
            #expect(try await app.send(.PATCH, "/api/v1/support-addresses/\(created.json.id)", token: other.token(.admin), json: JSONBody(["display_name": "x"])).status == .notFound)
            #expect(try await app.send(.DELETE, "/api/v1/support-addresses/\(created.json.id)", token: ws.token(.admin)).status == .noContent)
            #expect(try await app.send(.GET, "/api/v1/support-addresses", token: ws.token(.admin)).items.isEmpty)
        }
    }
}
