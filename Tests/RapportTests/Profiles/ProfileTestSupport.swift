import Foundation
import RapportCore
import Testing
import Vapor
import VaporTesting

@testable import Rapport

/// Steps the profile tests share: customer messages, orders, and reading the profile back.
struct ProfileDesk {
    let app: Application
    let ws: TestWorkspace
    let clock: ManualClock

    static func make(_ app: Application, slug: String = "acme", at start: Date = instant("2026-12-01T12:00:00Z")) async throws -> ProfileDesk {
        let clock = ManualClock(start)
        app.clock = clock.appClock
        return ProfileDesk(app: app, ws: try await app.makeWorkspace(slug), clock: clock)
    }

    func customer(_ name: String) async throws -> String {
        try await app.makeCustomer(in: ws, name: name, emails: ["\(name.lowercased())@example.com"]).id
    }

    /// A new ticket whose first message the customer wrote (an agent logging it); returns the ticket id.
    @discardableResult
    func ticket(for customerID: String, saying body: String) async throws -> String {
        let response = try await app.send(.POST, "/api/v1/tickets", token: ws.token(.agent), json: JSONBody([
            "requester_id": customerID, "subject": "Help", "message": ["body": body, "author": "customer"],
        ]))
        guard response.status == .created else { throw TestFailure("ticket: \(response.status) \(response.text)") }
        return response.json.id
    }

    func customerWrites(_ body: String, on ticketID: String) async throws {
        let response = try await app.send(.POST, "/api/v1/tickets/\(ticketID)/messages", token: ws.token(.agent), json: JSONBody(["body": body, "author": "customer"]))
        guard response.status == .created || response.status == .ok else { throw TestFailure("message: \(response.status) \(response.text)") }
    }

    func patchTicket(_ ticketID: String, _ body: [String: Any]) async throws {
        let response = try await app.send(.PATCH, "/api/v1/tickets/\(ticketID)", token: ws.token(.agent), json: JSONBody(body))
        guard response.status == .ok else { throw TestFailure("patch ticket: \(response.status) \(response.text)") }
    }

    func order(for customerID: String, reference: String, at: String, amount: String = "20.00", discounted: Bool = false) async throws {
        let response = try await app.send(.POST, "/api/v1/orders", token: ws.token(.agent), json: JSONBody([
            "customer_id": customerID, "reference": reference, "ordered_at": at, "amount": amount, "currency": "EUR", "discount_applied": discounted,
        ]))
        guard response.status == .created else { throw TestFailure("order: \(response.status) \(response.text)") }
    }

    /// The styles and scores the classifier gives a text, as the API answers them.
    func analyze(_ text: String) async throws -> [String: Double] {
        let response = try await app.send(.POST, "/api/v1/triage/analyze", token: ws.token(.agent), json: JSONBody(["text": text]))
        guard response.status == .ok else { throw TestFailure("analyze: \(response.status) \(response.text)") }
        var scores: [String: Double] = [:]
        for style in response.json["styles"] as? [[String: Any]] ?? [] {
            if let label = style["label"] as? String, let score = style["score"] as? Double { scores[label] = score }
        }
        return scores
    }

    func profile(_ customerID: String) async throws -> [String: Any] {
        let response = try await app.send(.GET, "/api/v1/customers/\(customerID)", token: ws.token(.viewer))
        guard response.status == .ok else { throw TestFailure("customer: \(response.status) \(response.text)") }
        return response.json.object("profile")
    }

    func styles(_ customerID: String) async throws -> [[String: Any]] {
        try await profile(customerID)["communication_styles"] as? [[String: Any]] ?? []
    }

    @discardableResult
    func runJob() async throws -> ProfileRefresh.Report {
        try await ProfileRefresh.run(app, now: clock.now)
    }
}

/// A message whose wording shows styles clearly enough for any reasonable classifier.
let impatientMessage = "I need this fixed TODAY. Hurry up!!! I have waited far too long already, answer me NOW, this is urgent!!!"
let analyticalMessage = "Could you send me the exact specifications: the dimensions in mm, the weight in kg and the battery capacity in mAh? I want to compare the figures with model X200 before I decide."
