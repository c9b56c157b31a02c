import Fluent
import Foundation
import RapportCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import Rapport

@Suite("Outbound mail settings")
struct OutboundSettingsTests {
    @Test("each workspace sees and changes only its own settings; the password is write-only")
    func isolation() async throws {
        try await withRapport { app in
            let a = try await app.makeWorkspace("acme")
            let b = try await app.makeWorkspace("globex")
            let saved = try await app.send(.PUT, "/api/v1/settings/outbound-mail", token: a.token(.admin), json: JSONBody([
                "host": "smtp.acme.example", "tls_mode": "tls", "username": "acme", "password": "hunter2"]))
            #expect(saved.status == .ok)
            #expect(saved.json["port"] as? Int == 465)
            #expect(saved.json["password_set"] as? Bool == true && !saved.text.contains("hunter2"))
            let other = try await app.send(.GET, "/api/v1/settings/outbound-mail", token: b.token(.admin))
            #expect(other.json["configured"] as? Bool == false && other.json["host"] as? String == "")
            _ = try await app.send(.PUT, "/api/v1/settings/outbound-mail", token: b.token(.admin), json: JSONBody(["host": "smtp.globex.example"]))
            _ = try await app.send(.PUT, "/api/v1/settings/acknowledgement", token: b.token(.admin), json: JSONBody(["enabled": true]))
            let mine = try await app.send(.GET, "/api/v1/settings/outbound-mail", token: a.token(.admin))
            #expect(mine.json["host"] as? String == "smtp.acme.example" && mine.json["password_set"] as? Bool == true)
            #expect(try await app.send(.GET, "/api/v1/settings/acknowledgement", token: a.token(.admin)).json["enabled"] as? Bool == false)
            // Leaving the password out keeps it; null clears it.
            let kept = try await app.send(.PUT, "/api/v1/settings/outbound-mail", token: a.token(.admin), json: JSONBody(["host": "smtp2.acme.example"]))
            #expect(kept.json["password_set"] as? Bool == true)
            let cleared = try await app.send(.PUT, "/api/v1/settings/outbound-mail", token: a.token(.admin), json: JSONBody(["host": "smtp2.acme.example", "password": NSNull()]))
            #expect(cleared.json["password_set"] as? Bool == false)
        }
    }

    @Test("invalid settings answer 422 naming the field; a test mail without settings is a conflict")
    func validation() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let bad = try await app.send(.PUT, "/api/v1/settings/outbound-mail", token: ws.token(.admin), json: JSONBody([
                "host": "", "tls_mode": "ssl", "port": 70000]))
            #expect(bad.status == .unprocessableEntity)
            #expect(Set(bad.errorFields.keys) == ["host", "tls_mode", "port"])
            let noAddress = try await app.send(.POST, "/api/v1/settings/outbound-mail/test", token: ws.token(.admin), json: JSONBody(["to": "nope"]))
            #expect(noAddress.errorFields["to"] != nil)
            let unset = try await app.send(.POST, "/api/v1/settings/outbound-mail/test", token: ws.token(.admin), json: JSONBody(["to": "a@b.example"]))
            #expect(unset.status == .conflict)
        }
    }

    @Test("only public agent replies on email or web tickets to a customer with an email are queued")
    func whatIsQueued() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            try await (app.db as! any SQLDatabase).insert(into: "support_addresses")
                .columns("id", "workspace_id", "address", "display_name", "team_id", "is_default", "created_at")
                .values(SQLBind(UUID()), SQLBind(ws.id), SQLBind("help@shop.example"), SQLBind(String?.none), SQLBind(UUID?.none), SQLBind(true), SQLBind(Date()))
                .run()
            let withEmail = try await app.makeCustomer(in: ws, name: "Ada", emails: ["ada@example.com"])
            let withoutEmail = try await app.makeCustomer(in: ws, name: "Bob")
            func ticket(_ requester: String, _ channel: String) async throws -> String {
                try await app.send(.POST, "/api/v1/tickets", token: ws.token(.agent), json: JSONBody([
                    "requester_id": requester, "subject": "Hi", "channel": channel, "message": ["body": "Hello", "author": "customer"]])).json.id
            }
            for (requester, channel) in [(withEmail.id, "email"), (withEmail.id, "web"), (withEmail.id, "phone"), (withoutEmail.id, "email")] {
                let id = try await ticket(requester, channel)
                _ = try await app.send(.POST, "/api/v1/tickets/\(id)/messages", token: ws.token(.agent), json: JSONBody(["body": "Answer"]))
                _ = try await app.send(.POST, "/api/v1/tickets/\(id)/messages", token: ws.token(.agent), json: JSONBody(["body": "Note", "visibility": "internal"]))
            }
            let rows = try await (app.db as! any SQLDatabase).select().columns("kind", "recipients").from("outbox").all()
            #expect(try rows.map { try $0.decode(column: "recipients", as: String.self) } == ["ada@example.com", "ada@example.com"])
        }
    }
}
