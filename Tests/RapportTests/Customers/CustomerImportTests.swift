import Fluent
import Foundation
import RapportCore
import Testing
import Vapor
import VaporTesting

@testable import Rapport

@Suite("Customer CSV import and export")
struct CustomerImportTests {
    static let csv = HTTPMediaType(type: "text", subType: "csv")

    func importCSV(_ app: Application, _ ws: TestWorkspace, _ text: String) async throws -> [String: Any] {
        let response = try await app.send(.POST, "/api/v1/customers/import", token: ws.token(.agent), body: text, contentType: Self.csv)
        #expect(response.status == .ok, "\(response.text)")
        return response.json
    }

    func customers(_ app: Application, _ ws: TestWorkspace, _ query: String = "") async throws -> [[String: Any]] {
        try await app.send(.GET, "/api/v1/customers?limit=200&\(query)", token: ws.token(.viewer)).items
    }

    @Test("quoted fields keep their commas, quotes and line breaks; a BOM is ignored")
    func quotedFieldsAndBOM() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let file = "\u{FEFF}Name,Email,Notes,Company\r\n"
                + "\"Smith, Jane\",jane@example.com,\"Said \"\"call me\"\",\nthen hung up\",\"Acme, Inc.\"\r\n"
                + "Ola Nordmann,ola@example.no,,\r\n"
            let report = try await importCSV(app, ws, file)
            #expect(report["created"] as? Int == 2)
            #expect(report["failed"] as? Int == 0)
            let all = try await customers(app, ws)
            let jane = try #require(all.first { $0.string("name") == "Smith, Jane" })
            #expect(jane.string("notes") == "Said \"call me\",\nthen hung up")
            #expect(jane.strings("emails") == ["jane@example.com"])
            let organizations = try await app.send(.GET, "/api/v1/organizations", token: ws.token(.viewer)).items
            #expect(organizations.map { $0.string("name") } == ["Acme, Inc."])
            #expect(jane.string("organization_id") == organizations.first?.id)
            // The header's first column was read as "Name", not "\u{FEFF}Name" (which would have become an attribute).
            #expect(jane.object("attributes").isEmpty)
        }
    }

    @Test("bad rows are reported with their line numbers and the rest are imported")
    func badRows() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let file = """
                name,email,lifecycle,time_zone
                Good One,one@example.com,loyal,Europe/Paris
                ,,,
                Bad Email,not-an-email,,
                "Multi
                Line Name",multi@example.com,,
                Bad Lifecycle,bl@example.com,sleepy,
                Bad Zone,bz@example.com,,Mars/Base
                Good Two,two@example.com,new,

                """
            let report = try await importCSV(app, ws, file)
            #expect(report["rows"] as? Int == 7)
            #expect(report["created"] as? Int == 3)
            #expect(report["failed"] as? Int == 4)
            let errors = report["errors"] as? [[String: Any]] ?? []
            #expect(errors.map { $0["line"] as? Int } == [3, 4, 7, 8])
            #expect(errors.map { $0["field"] as? String } == ["name", "email", "lifecycle", "time_zone"])
            let names = try await customers(app, ws).compactMap { $0.string("name") }
            #expect(names == ["Good One", "Good Two", "Multi\nLine Name"])
        }
    }

    @Test("importing the same file twice updates instead of duplicating; duplicate rows merge")
    func reimportAndDuplicates() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let file = """
                name,email,tags,value_tier,plan
                Ann Example,ann@example.com,vip,high,gold
                Bob Example,bob@example.com,,low,
                Ann Example,ANN@example.com,newsletter,,
                """
            let first = try await importCSV(app, ws, file)
            #expect(first["created"] as? Int == 2)
            #expect(first["updated"] as? Int == 1)
            let second = try await importCSV(app, ws, file)
            #expect(second["created"] as? Int == 0)
            #expect(second["updated"] as? Int == 3)
            let all = try await customers(app, ws)
            #expect(all.count == 2)
            let ann = try #require(all.first { $0.string("name") == "Ann Example" })
            #expect(ann.strings("tags") == ["newsletter", "vip"])
            #expect(ann.object("attributes")["plan"] as? String == "gold")
            let tier = ann.object("profile")["value_tier"] as? [String: Any]
            #expect(tier?["value"] as? String == "high")
            #expect(tier?["source"] as? String == "import")
        }
    }

    @Test("a file with no rows, or an unclosed quote, says so")
    func emptyAndBroken() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let empty = try await importCSV(app, ws, "")
            #expect(empty["failed"] as? Int == 1)
            let broken = try await importCSV(app, ws, "name,email\nOk,ok@example.com\n\"Open,open@example.com\n")
            #expect(broken["created"] as? Int == 1)
            let errors = broken["errors"] as? [[String: Any]] ?? []
            #expect(errors.first?["line"] as? Int == 3)
        }
    }

    @Test("export streams CSV that imports back unchanged")
    func exportRoundTrip() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            try await app.makeOrganization(in: ws, name: "Bellavista, S.A.")
            try await importCSV(app, ws, """
                name,email,phone,organization,buying_role,notes,tags,lifecycle,communication_styles,loyalty_card
                "Lucía García",lucia@example.es,+34 91 123 4567,"Bellavista, S.A.",expert,"Prefers ""WhatsApp"", not calls",vip;b2b,loyal,chatty;analytical,LC-1
                =HYPERLINK("x"),formula@example.com,,,,,,,,
                """)
            let export = try await app.send(.GET, "/api/v1/customers/export", token: ws.token(.supervisor))
            #expect(export.status == .ok)
            #expect(export.headers.contentType?.subType == "csv")
            let lines = export.text.split(separator: "\r\n", omittingEmptySubsequences: false)
            #expect(lines.first == Substring(CustomerCSVColumn.exportHeader.joined(separator: ",")))
            #expect(export.text.contains("'=HYPERLINK"))
            #expect(export.text.contains("\"Prefers \"\"WhatsApp\"\", not calls\""))
            let before = try await customers(app, ws)
            let again = try await importCSV(app, ws, export.text)
            #expect(again["updated"] as? Int == 2)
            #expect(again["failed"] as? Int == 0)
            let after = try await customers(app, ws)
            let lucia = try #require(after.first { $0.string("name") == "Lucía García" })
            let luciaBefore = try #require(before.first { $0.string("name") == "Lucía García" })
            for key in ["emails", "phones", "tags", "organization_id", "buying_role", "notes"] {
                #expect("\(lucia[key] ?? "")" == "\(luciaBefore[key] ?? "")", "\(key) changed in the round trip")
            }
            #expect(lucia.object("attributes")["loyalty_card"] as? String == "LC-1")
            #expect(after.count == 2)
            #expect(after.contains { $0.string("name") == "=HYPERLINK(\"x\")" }, "a neutralised cell imports back as it was")
        }
    }

    @Test("the import accepts real-world spreadsheet exports", arguments: ["excel-semicolon-names.csv", "crm-export.csv"])
    func realWorldFiles(name: String) async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            let url = try #require(Bundle.module.url(forResource: name.replacingOccurrences(of: ".csv", with: ""), withExtension: "csv", subdirectory: "Fixtures"))
            let text = try String(contentsOf: url, encoding: .utf8)
            let report = try await importCSV(app, ws, text)
            #expect(report["failed"] as? Int == 0, "\(report)")
            #expect((report["created"] as? Int ?? 0) >= 3)
        }
    }

    @Test("rows spread over many small batches still match earlier batches and report every bad line in order")
    func manySmallBatches() async throws {
        try await withRapport { app in
            let ws = try await app.makeWorkspace()
            var lines = ["name,email,company"]
            for index in 1...9 { lines.append("Person \(index),p\(index)@example.com,Org \(index % 2)") }
            lines.append("Person 1 again,P1@example.com,")   // line 11: matches a customer written two batches earlier
            lines.append("Nobody,not-an-email,")             // line 12: bad email
            lines.append("Two People,p2@example.com;p3@example.com,") // line 13: addresses of two customers
            lines.append("Person 10,p10@example.com,Org 1")
            let importer = CustomerImporter(
                db: app.db, workspaceID: ws.id, author: .init(source: .import, userID: nil, at: Date()), batchSize: 4)
            let bytes = Array(lines.joined(separator: "\n").utf8)
            let chunks = AsyncStream<[UInt8]> { $0.yield(bytes); $0.finish() }
            let report = try await importer.run(chunks)
            #expect(report.created == 10)
            #expect(report.updated == 1)
            #expect(report.errors.map(\.line) == [12, 13])
            let all = try await customers(app, ws)
            #expect(all.count == 10)
            #expect(all.contains { $0.string("name") == "Person 1 again" })
            let organizations = try await app.send(.GET, "/api/v1/organizations", token: ws.token(.viewer)).items
            #expect(organizations.compactMap { $0.string("name") }.sorted() == ["Org 0", "Org 1"])
        }
    }
}
