import Foundation
import RapportCore
import Testing
import Vapor
import VaporTesting

@testable import Rapport

@Suite("Customer value from orders")
struct CustomerValueTests {
    static let csv = HTTPMediaType(type: "text", subType: "csv")

    /// Orders for a small shop as of 2026-12-01: some steady customers, some who went quiet.
    static func orderFile() -> String {
        var lines = ["reference,email,ordered_at,amount,currency,discount_applied"]
        let start = instant("2026-01-05T10:00:00Z")
        for (index, name) in ["ann", "amy", "abe", "al"].enumerated() {
            // Every two to five weeks all year, the last order within the past month.
            var at = start.addingTimeInterval(Double(index) * 86_400)
            var number = 0
            while at < instant("2026-11-28T00:00:00Z") {
                lines.append("\(name)-\(number),\(name)@example.com,\(at.formatted(.iso8601)),\(20 + index * 7).00,EUR,\(name == "ann" ? "yes" : "no")")
                at = at.addingTimeInterval(Double(14 + 7 * index) * 86_400)
                number += 1
            }
        }
        // Quiet: bought often early in the year, nothing since March.
        for (index, name) in ["cat", "cal"].enumerated() {
            for month in 1...3 { lines.append("\(name)-\(month),\(name)@example.com,2026-0\(month)-1\(index),15.00,EUR,no") }
        }
        lines.append("bob-1,bob@example.com,2026-11-20,40.00,EUR,no")
        lines.append("eve-1,eve@example.com,2026-02-01,30.00,EUR,no")
        lines.append("eve-2,eve@example.com,2026-03-01,35.00,EUR,no")
        return lines.joined(separator: "\n")
    }

    @Test("an order import fits the models, writes each customer's figures and order-based profile values, and an agent's setting wins")
    func fitAfterImport() async throws {
        try await withRapport { app in
            app.clock = AppClock(read: { instant("2026-12-01T12:00:00Z") })
            let ws = try await app.makeWorkspace()
            var ids: [String: String] = [:]
            for name in ["ann", "amy", "abe", "al", "cat", "cal", "bob", "dan"] {
                ids[name] = try await app.makeCustomer(in: ws, name: name.capitalized, emails: ["\(name)@example.com"]).id
            }
            ids["eve"] = try await app.makeCustomer(in: ws, name: "Eve", emails: ["eve@example.com"], profile: ["lifecycle": "loyal"]).id
            #expect(try await app.send(.GET, "/api/v1/analytics/customer-value", token: ws.token(.viewer)).status == .notFound)

            let report = try await app.send(.POST, "/api/v1/orders/import", token: ws.token(.agent), body: Self.orderFile(), contentType: Self.csv)
            #expect(report.status == .ok, "\(report.text)")
            #expect(report.json["failed"] as? Int == 0, "\(report.text)")

            let fit = try await app.send(.GET, "/api/v1/analytics/customer-value", token: ws.token(.viewer))
            #expect(fit.status == .ok, "\(fit.text)")
            for parameter in ["r", "alpha", "a", "b"] {
                let value = try #require(fit.json[parameter] as? Double, "\(parameter) in \(fit.text)")
                #expect(value > 0 && value.isFinite)
            }
            #expect(fit.json["customers"] as? Int == 8)
            #expect((fit.json["period"] as? [String: Any])?["unit_days"] as? Int == 7)

            func customer(_ name: String) async throws -> [String: Any] {
                try await app.send(.GET, "/api/v1/customers/\(ids[name]!)", token: ws.token(.viewer)).json
            }
            func profile(_ name: String, _ field: String) async throws -> [String: Any] {
                (try await customer(name)).object("profile")[field] as? [String: Any] ?? [:]
            }
            #expect(try await profile("dan", "lifecycle")["value"] as? String == "potential")
            #expect(try await profile("bob", "lifecycle")["value"] as? String == "new")
            #expect(try await profile("bob", "lifecycle")["source"] as? String == "orders")
            #expect(try await profile("ann", "lifecycle")["value"] as? String == "loyal")
            #expect(try await profile("ann", "shopper_type")["value"] as? String == "discount")
            #expect(try await profile("amy", "shopper_type").isEmpty)
            let quiet = try await profile("cat", "lifecycle")["value"] as? String
            #expect(quiet == "at_risk" || quiet == "lost")
            // Eve's lifecycle was set by an agent: it stays.
            let eve = try await profile("eve", "lifecycle")
            #expect(eve["value"] as? String == "loyal")
            #expect(eve["source"] as? String == "agent")

            let ann = try await customer("ann").object("value")
            let cat = try await customer("cat").object("value")
            let annAlive = try #require(ann["p_alive"] as? Double)
            let catAlive = try #require(cat["p_alive"] as? Double)
            #expect(annAlive > catAlive)
            #expect((ann["expected_purchases_90d"] as? Double ?? 0) > (cat["expected_purchases_90d"] as? Double ?? 0))
            #expect((ann["rfm"] as? String)?.count == 3)
            #expect((ann["explanations"] as? [String: Any])?["lifecycle"] != nil)
            #expect(try await customer("dan")["value"] == nil)
            #expect(try await profile("ann", "value_tier")["value"] as? String != nil)

            // Once the agent clears Eve's lifecycle, the next fit fills it in.
            let cleared = try await app.send(.PATCH, "/api/v1/customers/\(ids["eve"]!)", token: ws.token(.agent), json: JSONBody(["profile": ["lifecycle": NSNull()]]))
            #expect(cleared.status == .ok, "\(cleared.text)")
            let refit = try await app.send(.POST, "/api/v1/analytics/customer-value/fit", token: ws.token(.supervisor))
            #expect(refit.status == .ok)
            #expect(try await profile("eve", "lifecycle")["source"] as? String == "orders")
        }
    }
}
