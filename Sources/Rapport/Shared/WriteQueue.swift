import Fluent
import Foundation
import NIOConcurrencyHelpers
import NIOPosix
import SQLKit
import Vapor

/// Commits the work of many requests in one transaction (group commit).
///
/// SQLite allows one writer at a time and this kind of disk manages a few hundred fsyncs a second,
/// so a transaction per request caps the whole system at that rate. Requests hand their work to
/// the queue; while one transaction runs, the next requests wait and then share the next one.
/// Under light load a batch is a single job and nothing waits; under heavy load a batch holds
/// everything that arrived during the previous commit. Each job runs inside a savepoint, so a job
/// that fails is undone alone and reported to its own caller. A job that only hands rows to
/// `WriteBatch.insert` (creating a ticket) needs no savepoint: its rows are undone in memory,
/// which saves two statements per job on the one writer. Files that jobs wrote without syncing
/// (`WriteBatch.makeDurable`) are synced together just before the commit, one pass for the batch.
actor WriteQueue {
    private struct Job {
        let savepoint: Bool
        let work: @Sendable (WriteBatch) async throws -> any Sendable
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    private let database: @Sendable () -> any Database
    /// How busy the queue has been, readable without waiting for it.
    nonisolated let load = WriteLoad()
    private var waiting: [Job] = []
    private var draining = false
    /// Large enough to absorb a burst, small enough that one transaction stays short.
    private let maxJobsPerBatch = 512

    init(database: @escaping @Sendable () -> any Database) {
        self.database = database
    }

    /// Runs `work` in a shared transaction and returns once that transaction has committed.
    /// `savepoint: false` is for work that writes only through `WriteBatch.insert` and batch counters.
    func perform<T: Sendable>(savepoint: Bool = true, _ work: @escaping @Sendable (WriteBatch) async throws -> T) async throws -> T {
        let result = try await withCheckedThrowingContinuation { continuation in
            waiting.append(Job(savepoint: savepoint, work: { try await work($0) }, continuation: continuation))
            if !draining {
                draining = true
                Task { await drain() }
            }
        }
        return result as! T
    }

    private func drain() async {
        while !waiting.isEmpty {
            let jobs = Array(waiting.prefix(maxJobsPerBatch))
            waiting.removeFirst(jobs.count)
            await run(jobs)
        }
        draining = false
    }

    private func run(_ jobs: [Job]) async {
        let outcomes: [Result<any Sendable, any Error>]
        do {
            outcomes = try await database().transaction { tx in
                let batch = WriteBatch(db: tx)
                var outcomes: [Result<any Sendable, any Error>] = []
                for job in jobs {
                    outcomes.append(try await batch.inSavepoint(job.savepoint) { try await job.work(batch) })
                }
                try await batch.flush()
                return outcomes
            }
        } catch {
            // The commit or the shared inserts failed, so nothing of this batch is stored. Run each
            // job alone: one bad job must not sink the others.
            if jobs.count > 1 {
                for job in jobs { await run([job]) }
                return
            }
            outcomes = [.failure(error)]
        }
        load.record(jobs.count)
        for (job, outcome) in zip(jobs, outcomes) { job.continuation.resume(with: outcome) }
    }
}

/// Jobs committed by the write queue in the current and the previous second. Background work
/// that may lag (derived profiles) steps aside while requests are writing at a high rate, so that
/// it does not take the two cores and the write lock from them.
final class WriteLoad: Sendable {
    private struct Counts {
        var second: Int64 = 0
        var current = 0
        var previous = 0
    }

    private let counts = NIOLockedValueBox(Counts())
    /// Jobs per second above which the queue counts as busy: far above a desk's human traffic.
    static let busyRate = 100

    private static func second() -> Int64 { Int64(DispatchTime.now().uptimeNanoseconds / 1_000_000_000) }

    func record(_ jobs: Int) {
        let now = Self.second()
        counts.withLockedValue { counts in
            if counts.second != now {
                counts.previous = counts.second == now - 1 ? counts.current : 0
                counts.current = 0
                counts.second = now
            }
            counts.current += jobs
        }
    }

    var isBusy: Bool {
        let now = Self.second()
        return counts.withLockedValue { counts in
            switch counts.second {
            case now: return max(counts.current, counts.previous) >= Self.busyRate
            case now - 1: return counts.current >= Self.busyRate
            default: return false
            }
        }
    }
}

/// One shared transaction of the write queue. Jobs write through `db`, or hand rows to `insert`,
/// which collects them into multi-row INSERTs at the end of the batch (parents' tables first, in
/// the order tables were first used).
final class WriteBatch: @unchecked Sendable {
    let db: any Database
    var sql: any SQLDatabase { db as! any SQLDatabase }

    private var tables: [String] = []
    private var pending: [String: (columns: [String], rows: [[any Encodable & Sendable]])] = [:]
    private var searchRowID: Int64?
    private var afterInserts: [@Sendable (WriteBatch) async throws -> Void] = []
    /// Files staged by the batch's jobs (`DurableFile.stage`), synced before the commit.
    private var unsyncedFiles: [String] = []
    /// Ticket numbers handed out in this batch, per workspace: read once, written once at the end.
    private var ticketNumbers: [UUID: TicketCounter] = [:]
    /// Tickets that changed in this batch (every change leaves an event): their metrics are brought up to date before the commit.
    private var ticketsWithEvents: [UUID: Set<UUID>] = [:]

    /// Settings read by jobs that only add rows (a team's routing mode, the acknowledgement
    /// settings): read once per batch instead of once per ticket, on the one writer. Forgotten when
    /// a job that may change anything starts (one with a savepoint), and before the flush.
    private var remembered: [String: any Sendable] = [:]

    private struct TicketCounter {
        var stored: Int64?
        var last: Int64
    }

    init(db: any Database) {
        self.db = db
    }

    /// Adds a row to be inserted when the batch ends.
    func insert(into table: String, columns: [String], values: [any Encodable & Sendable]) {
        precondition(columns.count == values.count, "\(table): \(columns.count) columns, \(values.count) values")
        if pending[table] == nil {
            tables.append(table)
            pending[table] = (columns, [])
        }
        precondition(pending[table]!.columns == columns, "\(table) is always inserted with the same columns")
        pending[table]!.rows.append(values)
    }

    /// The rows collected for `table` and not written yet (routing counts tickets created earlier in the batch).
    func pendingRows(of table: String) -> (columns: [String], rows: [[any Encodable & Sendable]]) {
        pending[table] ?? ([], [])
    }

    /// Work that needs the rows collected so far to be in the database (automations act on the
    /// ticket a job wrote): it runs after the batch's inserts, in the same transaction, and may collect more rows.
    func afterInserts(_ work: @escaping @Sendable (WriteBatch) async throws -> Void) {
        afterInserts.append(work)
    }

    /// Files the batch's rows refer to, written with `DurableFile.stage`: they are synced together
    /// before the transaction commits, so a committed row never points at bytes still in memory.
    func makeDurable(_ paths: [String]) {
        unsyncedFiles += paths
    }

    /// The value `read` returns, read once per batch under `key` (see `remembered`).
    func remember<T: Sendable>(_ key: String, _ read: () async throws -> T) async throws -> T {
        if let value = remembered[key], let typed = value as? T { return typed }
        let value = try await read()
        remembered[key] = value
        return value
    }

    /// The next free key of SQLite's search index, read once per batch: the queue is the only writer.
    func nextSearchRowID() async throws -> Int64 {
        if searchRowID == nil {
            let row = try await sql.raw("SELECT coalesce(max(rowid), 0) AS last FROM ticket_search_docs").first()
            searchRowID = try row?.decode(column: "last", as: Int64.self) ?? 0
        }
        searchRowID! += 1
        return searchRowID!
    }

    /// The next ticket number of a workspace. The first call in a batch reads the counter with an
    /// UPDATE, which takes the write lock (SQLite) or the row lock (PostgreSQL) before reading, so
    /// two nodes can never hand out the same number; `flush` stores the last number handed out.
    func nextTicketNumber(in workspaceID: UUID) async throws -> Int64 {
        if ticketNumbers[workspaceID] == nil {
            let row = try await sql.raw("""
                UPDATE ticket_counters SET last_number = last_number WHERE workspace_id = \(bind: workspaceID) RETURNING last_number
                """).first()
            let stored = try row?.decode(column: "last_number", as: Int64.self)
            ticketNumbers[workspaceID] = TicketCounter(stored: stored, last: stored ?? 0)
        }
        ticketNumbers[workspaceID]!.last += 1
        return ticketNumbers[workspaceID]!.last
    }

    /// Runs one job, in a savepoint when it asks for one; on failure the job's writes, immediate
    /// and collected, are undone, and so are the numbers it took.
    func inSavepoint(_ savepoint: Bool = true, _ work: () async throws -> any Sendable) async throws -> Result<any Sendable, any Error> {
        let mark = pending.mapValues(\.rows.count)
        let tablesMark = tables.count
        let searchMark = searchRowID
        let afterMark = afterInserts.count
        let numbersMark = ticketNumbers
        if savepoint {
            remembered = [:]
            try await sql.raw("SAVEPOINT job").run()
        }
        do {
            let value = try await work()
            if savepoint { try await sql.raw("RELEASE SAVEPOINT job").run() }
            return .success(value)
        } catch {
            if savepoint {
                try await sql.raw("ROLLBACK TO SAVEPOINT job").run()
                try await sql.raw("RELEASE SAVEPOINT job").run()
            }
            for table in tables[tablesMark...] { pending[table] = nil }
            tables.removeSubrange(tablesMark...)
            for (table, count) in mark { pending[table]!.rows.removeSubrange(count...) }
            searchRowID = searchMark
            afterInserts.removeSubrange(afterMark...)
            // Counters first read in this job are read again by the next one: a rolled-back
            // savepoint may have let go of the PostgreSQL row lock that the read took.
            ticketNumbers = numbersMark
            return .failure(error)
        }
    }

    /// Writes the ticket counters and the collected rows in multi-row INSERTs.
    func flush() async throws {
        remembered = [:]
        for (workspaceID, counter) in ticketNumbers where counter.last != counter.stored ?? 0 {
            if counter.stored == nil {
                try await sql.insert(into: "ticket_counters").columns("workspace_id", "last_number").values(workspaceID, counter.last).run()
            } else {
                try await sql.update("ticket_counters").set("last_number", to: counter.last).where("workspace_id", .equal, workspaceID).run()
            }
        }
        ticketNumbers = [:]
        try await insertPending()
        while !afterInserts.isEmpty {
            let work = afterInserts
            afterInserts = []
            for item in work { try await item(self) }
            try await insertPending()
        }
        try await MetricAggregates.refresh(tickets: ticketsWithEvents, db: db)
        ticketsWithEvents = [:]
        try await syncFiles()
    }

    /// One sync pass for the whole batch, on a thread that may block (not the cooperative pool).
    private func syncFiles() async throws {
        guard !unsyncedFiles.isEmpty else { return }
        let paths = unsyncedFiles
        unsyncedFiles = []
        try await NIOThreadPool.singleton.runIfActive { try DurableFile.sync(paths) }
    }

    /// Tables other rows point at, inserted first whichever job of the batch used them first (a batch
    /// that began with a reply used to insert its messages before a new ticket of a later job, failed
    /// on the foreign key and ran every job again alone).
    private static let parentTables = ["customers", "tickets", "ticket_messages"]

    private func insertPending() async throws {
        let ordered = tables.enumerated().sorted { a, b in
            (Self.parentTables.firstIndex(of: a.element) ?? Int.max, a.offset) < (Self.parentTables.firstIndex(of: b.element) ?? Int.max, b.offset)
        }.map(\.element)
        for table in ordered {
            guard let (columns, rows) = pending[table] else { continue }
            if table == TicketEvent.schema, let ticket = columns.firstIndex(of: "ticket_id"), let workspace = columns.firstIndex(of: "workspace_id") {
                for row in rows {
                    if let workspaceID = row[workspace] as? UUID, let ticketID = row[ticket] as? UUID { ticketsWithEvents[workspaceID, default: []].insert(ticketID) }
                }
            }
            try await sql.insertRows(rows, into: table, columns: columns)
        }
        tables = []
        pending = [:]
    }
}

extension Application {
    private struct WriteQueueKey: StorageKey { typealias Value = WriteQueue }

    /// The process's one write queue, set up by `configure`.
    var writes: WriteQueue {
        guard let queue = storage[WriteQueueKey.self] else { fatalError("configure(_:settings:) sets up the write queue") }
        return queue
    }

    /// On SQLite the queue writes through connections of its own (`DatabaseID.sqliteWriter`).
    func setUpWriteQueue(on id: DatabaseID?) {
        storage[WriteQueueKey.self] = WriteQueue(database: { [unowned self] in self.db(id) })
    }
}

extension Request {
    var writes: WriteQueue { application.writes }
}
