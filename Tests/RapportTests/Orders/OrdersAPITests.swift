import Foundation
import RapportCore
import Testing
import Vapor
import VaporTesting

@testable import Rapport

@Suite("Orders API and import")
struct OrdersAPITests {
    static let csv = HTTPMediaType(type: "text", subType: "csv")

    @Test("create, show, change and list orders with filters; validation names the field; a reused reference is a conflict")
    func crud() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let ann = try await app.makeCustomer(in: ws, name: "Ann", emails: ["ann@example.com"])
            let bob = try await app.makeCustomer(in: ws, name: "Bob", emails: ["bob@example.com"])
            let created = try await app.send(.POST, "/api/v1/orders", token: ws.token(.agent), json: JSONBody([
                "customer_id": ann.id, "reference": "A-1", "ordered_at": "2026-10-01T10:00:00Z", "amount": "59.90", "currency": "eur",
                "discount_amount": "5", "channel": "web", "status": "shipped", "shipment_carrier": "DHL", "tracking_number": "JJD0001",
                "lines": [["product": "Kettle", "quantity": 2, "unit_price": "29.95"]],
            ]))
            #expect(created.status == .created, "\(created.text)")
            #expect(created.json.string("amount") == "59.90")
            #expect(created.json["amount_minor"] as? Int == 5990)
            #expect(created.json.string("currency") == "EUR")
            #expect(created.json["discount_applied"] as? Bool == true)
            #expect(created.json.string("discount_amount") == "5.00")
            #expect((created.json["lines"] as? [[String: Any]])?.first?["unit_price"] as? String == "29.95")
            _ = try await app.send(.POST, "/api/v1/orders", token: ws.token(.agent), json: JSONBody([
                "customer_id": bob.id, "reference": "B-1", "ordered_at": "2026-11-01T10:00:00Z", "amount": "10", "currency": "EUR",
            ]))

            let shown = try await app.send(.GET, "/api/v1/orders/\(created.json.id)", token: ws.token(.viewer))
            #expect(shown.json.string("tracking_number") == "JJD0001")
            let patched = try await app.send(.PATCH, "/api/v1/orders/\(created.json.id)", token: ws.token(.agent), json: JSONBody([
                "status": "delivered", "shipment_status": "delivered", "lines": [["product": "Kettle", "unit_price": "59.90"]],
            ]))
            #expect(patched.status == .ok)
            #expect(patched.json.string("status") == "delivered")
            #expect((patched.json["lines"] as? [[String: Any]])?.count == 1)
            #expect(patched.json.string("reference") == "A-1")

            let all = try await app.send(.GET, "/api/v1/orders", token: ws.token(.viewer)).items
            #expect(all.map { $0.string("reference") } == ["B-1", "A-1"])
            #expect(try await app.send(.GET, "/api/v1/orders?customer_id=\(ann.id)", token: ws.token(.viewer)).items.map { $0.string("reference") } == ["A-1"])
            #expect(try await app.send(.GET, "/api/v1/orders?status=delivered", token: ws.token(.viewer)).items.count == 1)
            #expect(try await app.send(.GET, "/api/v1/orders?from=2026-10-15T00:00:00Z", token: ws.token(.viewer)).items.map { $0.string("reference") } == ["B-1"])
            #expect(try await app.send(.GET, "/api/v1/orders?to=2026-10-15T00:00:00Z", token: ws.token(.viewer)).items.map { $0.string("reference") } == ["A-1"])
            #expect(try await app.send(.GET, "/api/v1/customers/\(bob.id)/orders", token: ws.token(.viewer)).items.map { $0.string("reference") } == ["B-1"])
            let badFilter = try await app.send(.GET, "/api/v1/orders?status=lost&from=yesterday", token: ws.token(.viewer))
            #expect(badFilter.status == .unprocessableEntity)
            #expect(Set(badFilter.errorFields.keys) == ["status", "from"])

            let invalid = try await app.send(.POST, "/api/v1/orders", token: ws.token(.agent), json: JSONBody([
                "customer_id": ann.id, "reference": "A-2", "ordered_at": "soon", "amount": "12.345", "currency": "euro",
            ]))
            #expect(invalid.status == .unprocessableEntity)
            #expect(Set(invalid.errorFields.keys) == ["ordered_at", "amount", "currency"])
            let missing = try await app.send(.POST, "/api/v1/orders", token: ws.token(.agent), json: JSONBody(["reference": "A-3"]))
            #expect(missing.errorFields["customer_id"] == "is required")
            let duplicate = try await app.send(.POST, "/api/v1/orders", token: ws.token(.agent), json: JSONBody([
                "customer_id": bob.id, "reference": "A-1", "ordered_at": "2026-10-01T10:00:00Z", "amount": "1", "currency": "EUR",
            ]))
            #expect(duplicate.status == .conflict)
            let stranger = try await app.send(.POST, "/api/v1/orders", token: ws.token(.agent), json: JSONBody([
                "customer_id": UUID().uuidString, "reference": "X-1", "ordered_at": "2026-10-01T10:00:00Z", "amount": "1", "currency": "EUR",
            ]))
            #expect(stranger.errorFields["customer_id"] == "is not a customer of this workspace")
        }
    }

    @Test("CSV import: bad rows reported by line, customers matched by email or id, re-import updates by reference")
    func csvImport() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let ann = try await app.makeCustomer(in: ws, name: "Ann", emails: ["ann@example.com"])
            _ = try await app.makeCustomer(in: ws, name: "Bob", emails: ["bob@example.com"])
            let file = """
                reference,email,customer_id,ordered_at,amount,currency,discount_applied,status,product,quantity,unit_price
                A-1,ANN@example.com,,2026-09-01,20.00,EUR,yes,delivered,Tea,2,10.00
                A-2,,\(ann.id),2026-10-01T08:00:00Z,30.00,EUR,no,paid,,,
                B-1,bob@example.com,,2026-10-02,12.5,EUR,,paid,,,
                X-1,nobody@example.com,,2026-10-02,12.5,EUR,,paid,,,
                B-2,bob@example.com,,2026-10-03,twelve,EUR,,paid,,,
                """
            let first = try await app.send(.POST, "/api/v1/orders/import", token: ws.token(.agent), body: file, contentType: Self.csv)
            #expect(first.status == .ok, "\(first.text)")
            #expect(first.json["rows"] as? Int == 5)
            #expect(first.json["created"] as? Int == 3)
            #expect(first.json["failed"] as? Int == 2)
            let errors = first.json["errors"] as? [[String: Any]] ?? []
            #expect(errors.map { $0["line"] as? Int } == [5, 6])
            #expect(errors.map { $0["field"] as? String } == ["email", "amount"])
            let annOrders = try await app.send(.GET, "/api/v1/customers/\(ann.id)/orders", token: ws.token(.viewer)).items
            #expect(annOrders.map { $0.string("reference") } == ["A-2", "A-1"])
            #expect((annOrders[1]["lines"] as? [[String: Any]])?.first?["product"] as? String == "Tea")

            let again = try await app.send(.POST, "/api/v1/orders/import", token: ws.token(.agent), body: """
                reference,email,ordered_at,amount,currency,status
                A-1,ann@example.com,2026-09-01,25.00,EUR,refunded
                """, contentType: Self.csv)
            #expect(again.json["updated"] as? Int == 1)
            #expect(again.json["created"] as? Int == 0)
            let orders = try await app.send(.GET, "/api/v1/orders", token: ws.token(.viewer)).items
            #expect(orders.count == 3)
            let updated = try #require(orders.first { $0.string("reference") == "A-1" })
            #expect(updated.string("amount") == "25.00")
            #expect(updated.string("status") == "refunded")
            #expect((updated["lines"] as? [[String: Any]])?.count == 1)
        }
    }
}
