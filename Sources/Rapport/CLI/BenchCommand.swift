import ArgumentParser
import Fluent
import Foundation
import RapportCore
import Vapor

/// Benchmarks print figures; they never pass or fail on time.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure Rapport's speed and print the figures.", subcommands: [ImportBench.self, TicketsBench.self, SLABench.self, KillBench.self, MailBench.self, ValueBench.self, TriageBench.self, MetricsBench.self])

    struct ImportBench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Generate a customer CSV, import it into a fresh workspace, then import it again (all updates).")

        @ArgumentParser.Option(help: "Rows to generate.") var rows = 100_000

        func run() async throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-bench-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let file = directory.appendingPathComponent("customers.csv")
            try Self.generate(rows: rows, to: file)
            let size = (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
            say("Generated \(rows) rows, \(size / 1024) KiB: \(file.lastPathComponent)")

            try await withConfiguredApp { app in
                let workspace = try await WorkspaceStore(db: app.db).create(slug: "bench-\(UUID().uuidString.prefix(8).lowercased())", name: "Benchmark")
                say("Database: \(app.settings.database.label)")
                for pass in ["first import (creates)", "second import (updates)"] {
                    let importer = CustomerImporter(db: app.db, workspaceID: workspace.id!, author: .init(source: .import, userID: nil, at: Date()))
                    guard let handle = FileHandle(forReadingAtPath: file.path) else { throw CommandError("cannot read \(file.path)") }
                    let start = ContinuousClock.now
                    let report = try await importer.run(FileChunks(handle: handle))
                    let seconds = (ContinuousClock.now - start).seconds
                    say(String(format: "%@: %.2f s, %.0f rows/s (created %d, updated %d, failed %d)",
                        pass, seconds, Double(report.rows) / seconds, report.created, report.updated, report.failed))
                }
                let count = try await Customer.query(on: app.db).filter(\.$workspaceID == workspace.id!).count()
                say("Customers in the workspace afterwards: \(count)")
            }
        }

        /// Varied, realistic rows: quoted names with commas, several emails, tags, profile values, extra columns.
        static func generate(rows: Int, to file: URL) throws {
            _ = FileManager.default.createFile(atPath: file.path, contents: nil)
            let handle = try FileHandle(forWritingTo: file)
            defer { try? handle.close() }
            var random = SeededRandom(seed: 42)
            var text = CSVWriter.line(["name", "email", "phone", "company", "city", "country", "tags", "lifecycle",
                "communication_styles", "value_tier", "notes", "loyalty_number"])
            for index in 0..<rows {
                let first = DemoNames.firstNames[random.next(below: DemoNames.firstNames.count)]
                let last = DemoNames.lastNames[random.next(below: DemoNames.lastNames.count)]
                let place = DemoNames.places[random.next(below: DemoNames.places.count)]
                let name = index % 10 == 0 ? "\(last), \(first)" : "\(first) \(last)"
                var emails = "\(DemoNames.ascii(first)).\(DemoNames.ascii(last)).\(index)@example.com"
                if index % 7 == 0 { emails += "; \(DemoNames.ascii(first))\(index)@example.org" }
                text += CSVWriter.line([
                    name, emails, "\(place.dialCode) \(100 + random.next(below: 900)) \(1000 + random.next(below: 9000))",
                    index % 5 == 0 ? DemoNames.organizations[random.next(below: DemoNames.organizations.count)] : "",
                    place.city, place.country,
                    DemoNames.tags.filter { _ in random.next(below: 5) == 0 }.joined(separator: ";"),
                    Lifecycle.allCases[index % Lifecycle.allCases.count].rawValue,
                    CommunicationStyle.allCases[index % CommunicationStyle.allCases.count].rawValue,
                    ValueTier.allCases[index % 3].rawValue,
                    index % 4 == 0 ? "Called about order \(index), \"urgent\"\nwants a call back" : "",
                    "LN-\(index)",
                ])
                if text.utf8.count > 1 << 20 {
                    handle.write(Data(text.utf8))
                    text = ""
                }
            }
            handle.write(Data(text.utf8))
        }
    }
}
