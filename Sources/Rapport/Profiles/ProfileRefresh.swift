import Fluent
import Foundation
import NIOConcurrencyHelpers
import RapportCore
import SQLKit
import Vapor

/// The background job that keeps profiles up to date: drains `profile_queue` in batches. For each
/// workspace in a batch it refits the value models once when any order changed (which also rewrites
/// every customer's order-based values), then recomputes the message- and behaviour-based values of
/// the queued customers. Running it twice, or on two nodes at once, only computes the same result
/// again. Tests call `run` directly with the time they want.
enum ProfileRefresh {
    static let batchSize = 500

    /// What one run did.
    struct Report: Sendable, Equatable {
        var customers = 0
        var valueFits = 0
    }

    static func run(_ app: Application, now: Date) async throws -> Report {
        try await run(db: app.db, now: now)
    }

    /// `mayContinue` is asked before each batch; the server's job stops early under heavy write load.
    static func run(db: any Database, now: Date, mayContinue: @Sendable () -> Bool = { true }) async throws -> Report {
        let sql = db as! any SQLDatabase
        var report = Report()
        while mayContinue() {
            let rows = try await sql.select().columns("id", "workspace_id", "customer_id", "reason").from(ProfileQueue.table)
                .orderBy("id").limit(batchSize).all()
            if rows.isEmpty { break }
            var byWorkspace: [UUID: (customers: Set<UUID>, orders: Bool)] = [:]
            var ids: [UUID] = []
            for row in rows {
                ids.append(try row.decode(column: "id", as: UUID.self))
                let workspaceID = try row.decode(column: "workspace_id", as: UUID.self)
                byWorkspace[workspaceID, default: ([], false)].customers.insert(try row.decode(column: "customer_id", as: UUID.self))
                if try row.decode(column: "reason", as: String.self) == ProfileQueue.Reason.order.rawValue { byWorkspace[workspaceID]?.orders = true }
            }
            for (workspaceID, work) in byWorkspace.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
                if work.orders {
                    try await CustomerValueFitter(db: db, workspaceID: workspaceID, now: now).run()
                    report.valueFits += 1
                }
                let classifier = try await TriageModels.shared.classifier(for: workspaceID, on: db)
                let customers = work.customers.sorted { $0.uuidString < $1.uuidString }
                let builder = ProfileBuilder(db: db, workspaceID: workspaceID, now: now, classifier: classifier)
                for chunk in customers.chunked(into: 200).map(Array.init) {
                    // Stopping here leaves the batch queued: the customers done so far are only computed again.
                    guard mayContinue() else { return report }
                    try await builder.rebuild(chunk)
                    report.customers += chunk.count
                }
            }
            for chunk in ids.chunked(into: 500) {
                try await sql.delete(from: ProfileQueue.table).where("id", .in, Array(chunk)).run()
            }
        }
        return report
    }

    /// Recomputes every profile of a workspace: the value fit and order-based values, then the
    /// message- and behaviour-based values of every customer, `progress` counting customers done.
    static func rebuild(db: any Database, workspaceID: UUID, now: Date, progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) async throws -> Int {
        let sql = db as! any SQLDatabase
        let customerIDs = try await sql.select().column("id").from("customers").where("workspace_id", .equal, workspaceID)
            .orderBy("id").all().map { try $0.decode(column: "id", as: UUID.self) }
        progress?(0, customerIDs.count)
        try await CustomerValueFitter(db: db, workspaceID: workspaceID, now: now).run()
        let classifier = try await TriageModels.shared.classifier(for: workspaceID, on: db)
        let builder = ProfileBuilder(db: db, workspaceID: workspaceID, now: now, classifier: classifier)
        var done = 0
        for chunk in customerIDs.chunked(into: 200).map(Array.init) {
            try await builder.rebuild(chunk)
            done += chunk.count
            progress?(done, customerIDs.count)
        }
        return customerIDs.count
    }
}

extension Application {
    /// Refreshes queued profiles every 15 seconds while the server runs (not under tests, which call `ProfileRefresh.run`).
    func setUpProfiles() {
        guard environment != .testing else { return }
        let pacing = ProfileRefreshPacing()
        lifecycle.use(RepeatingJob(name: "profile refresh", every: .seconds(15)) { app in
            let load = app.writes.load
            let report = try await ProfileRefresh.run(db: app.db, now: app.clock.now, mayContinue: {
                // Shutdown waits for a run: stop at the next chunk instead of emptying the queue first.
                !Task.isCancelled && pacing.mayRun(busy: load.isBusy)
            })
            pacing.finished()
            guard report.customers > 0 else { return nil }
            return ["customers": "\(report.customers)", "value_fits": "\(report.valueFits)"]
        })
    }
}

/// Derived profiles may lag a little; ticket traffic may not. While the write queue is busy the
/// refresh waits (it classifies every queued customer's recent messages, the heaviest work per new
/// ticket), but never longer than `longestWait` since it last emptied the queue.
final class ProfileRefreshPacing: Sendable {
    static let longestWait: Duration = .seconds(300)
    private let state = NIOLockedValueBox<(lastComplete: ContinuousClock.Instant, stepped: Bool)>((ContinuousClock.now, false))

    func mayRun(busy: Bool) -> Bool {
        state.withLockedValue { state in
            if busy, ContinuousClock.now - state.lastComplete < Self.longestWait {
                state.stepped = true
                return false
            }
            return true
        }
    }

    /// A run ended: unless it stepped aside, the queue is empty now.
    func finished() {
        state.withLockedValue { state in
            if !state.stepped { state.lastComplete = ContinuousClock.now }
            state.stepped = false
        }
    }
}
