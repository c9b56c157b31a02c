import Fluent
import Foundation
import RapportCore
import SQLiteNIO
import Vapor

/// Fills a fresh SQLite database with a benchmark's worth of support desk: several workspaces of
/// agents, teams and customers, and tickets spread over two years with their messages, events,
/// tags and search index rows, stored exactly as the application stores them. Rows go in with
/// multi-row INSERTs, thousands of tickets per transaction, while the next chunk is generated.
struct TicketBenchLoader {
    let db: any Database
    let corpus: TicketBenchCorpus
    let messagesPerTicket: Int
    let now: Date

    /// One workspace of the benchmark: who works there and who writes in.
    struct Desk: Sendable {
        var id: UUID
        var slug: String
        var share: Double
        var agents: [UUID]
        var teams: [(id: UUID, members: [UUID])]
        var customers: [UUID]
    }

    struct Counts {
        var tickets = 0, messages = 0, events = 0, searchRows = 0, tags = 0
    }

    /// Workspaces of different sizes (the first is the largest), each with agents in teams and customers.
    func seedDesks(tickets: Int, shares: [Double]) async throws -> [Desk] {
        var desks: [Desk] = []
        for (index, share) in shares.enumerated() {
            let slug = "bench-\(index + 1)"
            let workspace = try await WorkspaceStore(db: db).create(slug: slug, name: "Benchmark \(index + 1)")
            let workspaceID = workspace.id!
            let agentCount = max(4, Int(share * 100))
            var agents: [UUID] = []
            for number in 0..<agentCount {
                let user = User(workspaceID: workspaceID, email: "agent\(number)@\(slug).test", name: "Agent \(number)", role: .agent, passwordHash: nil)
                try await user.create(on: db)
                agents.append(user.id!)
            }
            var teams: [(UUID, [UUID])] = []
            let teamCount = max(2, agentCount / 6)
            for number in 0..<teamCount {
                let team = Team(workspaceID: workspaceID, name: "Team \(number)", details: nil)
                try await team.create(on: db)
                let members = agents.enumerated().filter { $0.offset % teamCount == number }.map(\.element)
                try await PeopleStore(db: db, workspaceID: workspaceID).setMembers(of: team, to: members)
                teams.append((team.id!, members))
            }
            // About one customer for every eight tickets: most people write in more than once.
            let customerCount = max(50, Int(Double(tickets) * share / 8))
            var customers: [UUID] = []
            var random = SeededRandom(seed: UInt64(index + 1))
            for start in stride(from: 0, to: customerCount, by: 2_000) {
                var items: [CustomerWriter.Item] = []
                for number in start..<min(customerCount, start + 2_000) {
                    let first = DemoNames.firstNames[random.next(below: DemoNames.firstNames.count)]
                    let last = DemoNames.lastNames[random.next(below: DemoNames.lastNames.count)]
                    var changes = CustomerChanges()
                    changes.name = "\(first) \(last)"
                    changes.emails = ["\(DemoNames.ascii(first)).\(DemoNames.ascii(last)).\(number)@example.com"]
                    items.append(.init(existing: nil, changes: changes))
                }
                let batch = items
                let written = try await db.transaction { tx in
                    try await CustomerWriter(db: tx, workspaceID: workspaceID).write(batch, by: .init(source: .import, userID: nil, at: now))
                }
                customers += written.map { $0.id! }
            }
            desks.append(Desk(id: workspaceID, slug: slug, share: share, agents: agents, teams: teams, customers: customers))
        }
        return desks
    }

    /// Loads `total` tickets into `desks`, calling `progress` after every chunk.
    func loadTickets(_ total: Int, into desks: [Desk], progress: (Int) -> Void) async throws -> Counts {
        let chunkSize = 5_000
        let chunks = (total + chunkSize - 1) / chunkSize
        var numbers = [Int64](repeating: 0, count: desks.count)
        var counts = Counts()
        var searchRowID: Int64 = 0
        let corpus = self.corpus, now = self.now, perTicket = messagesPerTicket
        func generate(_ chunk: Int) -> Task<TicketBenchChunk, Never> {
            Task.detached {
                TicketBenchChunk(chunk: chunk, size: min(chunkSize, total - chunk * chunkSize), total: total,
                    desks: desks, corpus: corpus, messagesPerTicket: perTicket, now: now)
            }
        }
        var next = chunks > 0 ? generate(0) : nil
        for chunk in 0..<chunks {
            var rows = await next!.value
            next = chunk + 1 < chunks ? generate(chunk + 1) : nil
            rows.number(from: &numbers, searchRowID: &searchRowID)
            let tables = rows.tables
            try await db.transaction { tx in
                let sqlite = tx as! any SQLiteDatabase
                for table in tables { try await table.insert(into: sqlite) }
            }
            counts.tickets += rows.tickets
            counts.messages += rows.messages
            counts.events += rows.events
            counts.searchRows += rows.searchRows
            counts.tags += rows.tags
            progress(counts.tickets)
        }
        let counters = desks.indices.map { [SQLiteData.text(desks[$0].id.uuidString), .integer(SQLiteInt64(numbers[$0]))] }
        try await BulkTable(name: "ticket_counters", columns: ["workspace_id", "last_number"], rows: counters).insert(into: db as! any SQLiteDatabase)
        return counts
    }
}

/// Rows of one table, inserted many at a time.
struct BulkTable: Sendable {
    var name: String
    var columns: [String]
    var rows: [[SQLiteData]] = []

    func insert(into db: any SQLiteDatabase) async throws {
        let perStatement = min(1_000, 30_000 / columns.count)
        let placeholders = "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")"
        let head = "INSERT INTO \(name) (\(columns.joined(separator: ","))) VALUES "
        var start = 0
        while start < rows.count {
            let end = min(rows.count, start + perStatement)
            let sql = head + Array(repeating: placeholders, count: end - start).joined(separator: ",")
            _ = try await db.query(sql, Array(rows[start..<end].joined()))
            start = end
        }
    }
}
