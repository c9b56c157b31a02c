import ArgumentParser
import Fluent
import Foundation
import RapportCore
import SQLKit
import Vapor

/// `rapport metrics rebuild`: computes the metric aggregates again from the tickets.
struct MetricsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "metrics", abstract: "Maintain the service metrics.", subcommands: [Rebuild.self])

    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rebuild",
            abstract: "Throw away a workspace's metric aggregates and compute them again from its tickets, messages, events and feedback (one transaction per workspace).")

        @ArgumentParser.Option(help: "The workspace's slug; without it, every workspace.") var workspace: String?

        func run() async throws {
            try await withConfiguredApp { app in
                let slugs: [String]
                if let workspace { slugs = [workspace] } else { slugs = try await Workspace.query(on: app.db).all().map(\.slug) }
                for slug in slugs {
                    let workspace = try await WorkspaceStore(db: app.db).resolve(slug: slug, createIfMissing: false)
                    let seconds = try await MetricsCommand.rebuild(workspace.id!, app: app) { say("  \(slug): \($0) tickets") }
                    say(String(format: "Rebuilt the metrics of '%@' in %.1f s", slug, seconds))
                }
            }
        }
    }

    /// Rebuilds one workspace in a transaction on the writer; returns the seconds it took.
    static func rebuild(_ workspaceID: UUID, app: Application, progress: @escaping @Sendable (Int) -> Void) async throws -> Double {
        let start = ContinuousClock.now
        let writer: any Database
        if case .sqlite = app.settings.database { writer = app.db(.sqliteWriter) } else { writer = app.db }
        _ = try await writer.transaction { db in
            try await MetricAggregates.rebuild(workspaceID: workspaceID, db: db) { done in
                if done % 100_000 == 0 { progress(done) }
            }
        }
        return (ContinuousClock.now - start).seconds
    }
}

/// `rapport bench metrics`: the full dashboard over a large desk.
struct MetricsBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Load tickets into SQLite (as `bench tickets` does), build the metric aggregates, then time the full dashboard.")

    @ArgumentParser.Option(help: "Tickets to load.") var tickets = 1_000_000
    @ArgumentParser.Option(help: "Data directory (default: $RAPPORT_DATA_DIR, else ./rapport-bench).") var dataDir: String?
    @ArgumentParser.Flag(help: "Use the database already loaded in the data directory.") var reuse = false
    @ArgumentParser.Option(help: "Dashboard computations to time.") var runs = 20
    @ArgumentParser.Flag(help: "Compute the dashboard's parts on one connection, as before they were spread over one per core.") var sequential = false
    @ArgumentParser.Flag(help: "Also recompute every ticket's contribution from scratch and check that the kept aggregates equal it, row for row.") var verify = false

    func run() async throws {
        let directory = dataDir ?? ProcessInfo.processInfo.environment["RAPPORT_DATA_DIR"] ?? "./rapport-bench"
        let path = directory + "/rapport.sqlite"
        let load = !(reuse && FileManager.default.fileExists(atPath: path))
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if load { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        say("Database: SQLite at \(path)")
        try await withConfiguredApp(settings: Settings(dataDirectory: directory, database: .sqlite(path: path))) { app in
            if load { try await TicketsBench.load(app, corpus: TicketBenchCorpus(), tickets: tickets, messagesPerTicket: 3, slaBacklog: false) }
            let sql = app.db as! any SQLDatabase
            for workspace in try await Workspace.query(on: app.db).sort(\.$slug).all() {
                let built = try await sql.select().column(SQLRaw("count(*) AS n")).from("metric_ticket_facts").where("workspace_id", .equal, workspace.id!).first()
                    .map { try $0.decode(column: "n", as: Int.self) } ?? 0
                let count = try await sql.select().column(SQLRaw("count(*) AS n")).from("tickets").where("workspace_id", .equal, workspace.id!).first()
                    .map { try $0.decode(column: "n", as: Int.self) } ?? 0
                if built == count { continue }
                let seconds = try await MetricsCommand.rebuild(workspace.id!, app: app) { say("  \(workspace.slug): \($0) tickets") }
                say(String(format: "Aggregates of %@ (%d tickets) built in %.1f s: %.0f tickets/s", workspace.slug, count, seconds, Double(count) / seconds))
            }
            let rows = try await sql.select().column(SQLRaw("count(*) AS n")).from("metric_daily").first().map { try $0.decode(column: "n", as: Int.self) } ?? 0
            say("metric_daily: \(rows) rows")

            let workspace = try await WorkspaceStore(db: app.db).resolve(slug: "bench-1", createIfMissing: false)
            let latest = try await sql.select().column(SQLRaw("max(created_at) AS latest")).from("tickets").where("workspace_id", .equal, workspace.id!).first()
                .map { try $0.decode(column: "latest", as: Date.self) } ?? Date()
            let tickets = try await sql.select().column(SQLRaw("count(*) AS n")).from("tickets").where("workspace_id", .equal, workspace.id!).first()
                .map { try $0.decode(column: "n", as: Int.self) } ?? 0
            // --sequential: every read on one connection (the parts still start together, their SQL runs in turn), for comparison.
            let store = MetricsStore(db: app.db, workspaceID: workspace.id!, now: latest, readers: sequential ? [] : app.readers(logger: app.logger))
            let today = MetricDay.of(latest)
            for (label, days, granularity) in [("30 days by day", 30, MetricGranularity.day), ("1 year by week", 365, .week), ("2 years by month", 730, .month)] {
                let query = MetricsQuery(fromDay: today - days + 1, toDay: today + 1, granularity: granularity)
                var timings: [Double] = []
                for _ in 0..<max(1, runs) {
                    let start = ContinuousClock.now
                    let dashboard = try await MetricsDashboard.compute(store, query: query)
                    timings.append((ContinuousClock.now - start).seconds * 1000)
                    precondition(dashboard.breakdowns.count == MetricDimension.allCases.count)
                }
                let warm = timings.dropFirst().sorted()
                say(String(format: "Full dashboard of bench-1 (%d tickets), %@, %d metrics, %d breakdowns: %@: first %.1f ms; warm p50 %.1f ms, max %.1f ms",
                    tickets, label, MetricName.allCases.count, MetricDimension.allCases.count, sequential ? "sequential" : "\(max(1, store.readers.count)) readers", timings[0],
                    warm.isEmpty ? timings[0] : warm[warm.count / 2], warm.last ?? timings[0]))
                // Where the time goes: the overview (totals and series) and each breakdown, warm.
                var parts: [String] = []
                var start = ContinuousClock.now
                _ = try await store.run(query)
                parts.append(String(format: "overview %.1f", (ContinuousClock.now - start).seconds * 1000))
                for dimension in MetricDimension.allCases {
                    var byDimension = query
                    byDimension.breakdown = dimension
                    start = ContinuousClock.now
                    let rows = try await store.rows(byDimension)
                    parts.append(String(format: "%@ %.1f (%d rows)", dimension.rawValue, (ContinuousClock.now - start).seconds * 1000, rows.count))
                }
                say("  ms: " + parts.joined(separator: ", "))
            }
            if verify {
                let start = ContinuousClock.now
                let (recomputed, count) = try await MetricAggregates.recompute(workspaceID: workspace.id!, db: app.db)
                var checked: [String] = []
                for (table, expectedRows) in [("metric_daily", recomputed), ("metric_monthly", MetricAggregates.monthly(recomputed)),
                                              ("metric_totals", MetricAggregates.allTime(recomputed))] {
                    let stored = try await MetricAggregates.stored(workspaceID: workspace.id!, db: app.db, table: table)
                    let expected = expectedRows.filter { !$0.value.isZero }
                    let differing = Set(stored.keys).union(expected.keys).filter { stored[$0] != expected[$0] }
                    guard differing.isEmpty else {
                        for key in differing.prefix(5) { say("  differs: \(key) kept \(stored[key]?.values ?? []) recomputed \(expected[key]?.values ?? [])") }
                        throw ValidationError("\(table) of bench-1 differs from a recomputation in \(differing.count) of \(max(stored.count, expected.count)) rows")
                    }
                    checked.append("\(stored.count) \(table) rows")
                }
                say(String(format: "Verified: the kept %@ of bench-1 equal a recomputation from scratch of its %d tickets (%.1f s)",
                    checked.joined(separator: " and "), count, (ContinuousClock.now - start).seconds))
            }
        }
    }
}
