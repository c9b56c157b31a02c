import Foundation
import RapportCore
import Testing
import Vapor
import VaporTesting

@testable import Rapport

@Suite("Follow-ups and notifications")
struct FollowUpsAPITests {
    @Test("overdue follow-ups surface in the follow_ups_due view and its count, per owner, until done")
    func overdueInViews() async throws {
        try await withRapport { app in
            let clock = app.useClock(TestClock(utc("2026-11-02T09:00:00Z")))
            let ws = try await app.makeWorkspace()
            let customer = try await app.makeCustomer(in: ws, name: "Nora Nilsen", emails: ["nora@example.no"])
            let soon = try await app.makeTicket(in: ws, requester: customer.id, subject: "Call back tomorrow")
            let late = try await app.makeTicket(in: ws, requester: customer.id, subject: "Promised a call")
            let others = try await app.makeTicket(in: ws, requester: customer.id, subject: "The supervisor's")
            func schedule(_ ticket: [String: Any], _ body: [String: Any]) async throws -> [String: Any] {
                let response = try await app.send(.POST, "/api/v1/tickets/\(ticket.id)/follow-ups", token: ws.token(.agent), json: JSONBody(body))
                #expect(response.status == .created, "\(response.text)")
                return response.json
            }
            let dueSoon = try await schedule(soon, ["kind": "call", "due_at": "2026-11-02T11:00:00Z", "note": "Ask about the delivery"])
            let overdue = try await schedule(late, ["kind": "progress_update", "due_at": "2026-11-02T08:00:00Z"])
            _ = try await schedule(others, ["kind": "visit", "due_at": "2026-11-02T07:00:00Z", "owner_id": ws.users[.supervisor]!.id!.uuidString])
            #expect(dueSoon.string("owner_id") == ws.users[.agent]!.id!.uuidString)
            #expect(dueSoon["overdue"] as? Bool == false)
            #expect(overdue["overdue"] as? Bool == true)

            let view = try await app.send(.GET, "/api/v1/tickets?view=follow_ups_due", token: ws.token(.agent)).items
            #expect(view.map { $0.string("subject") } == ["Promised a call"])
            #expect(try await app.viewCounts(ws)["follow_ups_due"] == 1)
            #expect(try await app.viewCounts(ws, as: .supervisor)["follow_ups_due"] == 1)
            let mineOverdue = try await app.send(.GET, "/api/v1/follow-ups?due=overdue", token: ws.token(.agent)).items
            #expect(mineOverdue.map { $0.string("id") } == [overdue.id])
            #expect(mineOverdue.first?["ticket_number"] as? Int == late["number"] as? Int)
            #expect(try await app.send(.GET, "/api/v1/follow-ups?due=today", token: ws.token(.agent)).items.count == 2)
            #expect(try await app.send(.GET, "/api/v1/follow-ups?owner_id=any&due=overdue", token: ws.token(.agent)).items.count == 2)

            // Two hours on, the call is overdue too.
            clock.advance(hours: 2)
            #expect(try await app.viewCounts(ws)["follow_ups_due"] == 2)
            // Done, it leaves the view; the history says who did what.
            let done = try await app.send(.PATCH, "/api/v1/follow-ups/\(overdue.id)", token: ws.token(.agent), json: JSONBody(["done": true]))
            #expect(done.status == .ok)
            #expect(done.json["done"] as? Bool == true)
            #expect(done.json["overdue"] as? Bool == false)
            #expect(done.json.string("done_by") == ws.users[.agent]!.id!.uuidString)
            #expect(try await app.viewCounts(ws)["follow_ups_due"] == 1)
            #expect(try await app.send(.GET, "/api/v1/follow-ups?done=true", token: ws.token(.agent)).items.map { $0.string("id") } == [overdue.id])
            let events = try await app.events(of: late.id, in: ws)
            #expect(events.map { $0.string("action") }.filter { $0?.hasPrefix("follow_up") == true } == ["follow_up_added", "follow_up_done"])
            #expect(events.last?.string("actor_id") == ws.users[.agent]!.id!.uuidString)

            // Moving the due time and the owner are events too; the new owner is told.
            let moved = try await app.send(.PATCH, "/api/v1/follow-ups/\(dueSoon.id)", token: ws.token(.agent), json: JSONBody([
                "due_at": "2026-11-03T09:00:00Z", "owner_id": ws.users[.admin]!.id!.uuidString, "note": NSNull(),
            ]))
            #expect(moved.status == .ok)
            #expect(moved.json["note"] == nil || moved.json["note"] is NSNull)
            let movedEvents = try await app.events(of: soon.id, in: ws).compactMap { $0.string("field") }
            #expect(movedEvents.contains { $0.hasSuffix(" due_at") } && movedEvents.contains { $0.hasSuffix(" owner_id") } && movedEvents.contains { $0.hasSuffix(" note") })
            #expect(try await app.notifications(of: .admin, in: ws).map { $0.string("kind") } == ["follow_up_assigned"])
            #expect(try await app.viewCounts(ws)["follow_ups_due"] == 0)
        }
    }

    @Test("bad follow-ups are refused naming the field")
    func validation() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let customer = try await app.makeCustomer(in: ws, name: "Ada", emails: ["ada@example.com"])
            let ticket = try await app.makeTicket(in: ws, requester: customer.id, subject: "Hello")
            let path = "/api/v1/tickets/\(ticket.id)/follow-ups"
            let missing = try await app.send(.POST, path, token: ws.token(.agent), json: JSONBody([:]))
            #expect(missing.status == .unprocessableEntity)
            #expect(Set(missing.errorFields.keys) == ["kind", "due_at"])
            let bad = try await app.send(.POST, path, token: ws.token(.agent), json: JSONBody(["kind": "fax", "due_at": "tomorrow"]))
            #expect(Set(bad.errorFields.keys) == ["kind", "due_at"])
            let viewer = try await app.send(.POST, path, token: ws.token(.agent), json: JSONBody([
                "kind": "email", "due_at": "2026-11-02T08:00:00Z", "owner_id": ws.users[.viewer]!.id!.uuidString,
            ]))
            #expect(viewer.status == .unprocessableEntity)
            #expect(viewer.errorFields["owner_id"]?.contains("viewer") == true)
            let stranger = try await app.send(.POST, path, token: ws.token(.agent), json: JSONBody([
                "kind": "email", "due_at": "2026-11-02T08:00:00Z", "owner_id": UUID().uuidString,
            ]))
            #expect(stranger.errorFields["owner_id"] == "is not a user of this workspace")
            #expect(try await app.send(.GET, "/api/v1/follow-ups?due=someday", token: ws.token(.agent)).errorFields.keys.contains("due"))
            #expect(try await app.send(.GET, path, token: ws.token(.viewer)).items.isEmpty)
        }
    }

    @Test("notifications: only your own, unread first; reading one marks it")
    func notifications() async throws {
        try await withRapport { app in
            let clock = app.useClock(TestClock(utc("2026-11-02T09:00:00Z")))
            let ws = try await app.makeWorkspace()
            let customer = try await app.makeCustomer(in: ws, name: "Ada", emails: ["ada@example.com"])
            let ticket = try await app.makeTicket(in: ws, requester: customer.id, subject: "Hello")
            let supervisor = ws.users[.supervisor]!.id!.uuidString
            for hour in ["10", "11", "12"] {
                clock.advance(minutes: 1)
                let response = try await app.send(.POST, "/api/v1/tickets/\(ticket.id)/follow-ups", token: ws.token(.agent), json: JSONBody([
                    "kind": "call", "due_at": "2026-11-02T\(hour):00:00Z", "owner_id": supervisor,
                ]))
                #expect(response.status == .created)
            }
            let list = try await app.notifications(of: .supervisor, in: ws)
            #expect(list.count == 3)
            #expect(list.allSatisfy { $0["read"] as? Bool == false && $0.string("ticket_id") == ticket.id })
            #expect(list.first?.string("text")?.contains("12:00") == true)
            #expect(try await app.notifications(of: .agent, in: ws).isEmpty)
            // Someone else's notification is not there for you.
            let oldest = list[2].id
            #expect(try await app.send(.POST, "/api/v1/notifications/\(oldest)/read", token: ws.token(.agent)).status == .notFound)
            let read = try await app.send(.POST, "/api/v1/notifications/\(oldest)/read", token: ws.token(.supervisor))
            #expect(read.status == .ok)
            #expect(read.json["read"] as? Bool == true)
            let newest = list[0].id
            #expect(try await app.send(.POST, "/api/v1/notifications/\(newest)/read", token: ws.token(.supervisor)).status == .ok)
            let after = try await app.notifications(of: .supervisor, in: ws)
            #expect(after.map { $0["read"] as? Bool } == [false, true, true])
            #expect(after.first?.id == list[1].id)
            #expect(try await app.send(.GET, "/api/v1/notifications?unread=true", token: ws.token(.supervisor)).items.count == 1)
        }
    }
}
