import ArgumentParser
import Fluent
import Foundation
import RapportCore
import SQLKit
import Vapor

/// `rapport bench tickets`: loads a large support desk into SQLite, starts the real server and
/// measures it over HTTP: the 'mine' view, a filtered list, full-text search, and ticket creation
/// by many concurrent clients. Prints figures only.
struct TicketsBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tickets",
        abstract: "Load tickets into a fresh SQLite database, then measure views, lists, search and creation over HTTP.")

    @ArgumentParser.Option(help: "Tickets to load.") var tickets = 1_000_000
    @ArgumentParser.Option(help: "Messages per loaded ticket.") var messagesPerTicket = 3
    @ArgumentParser.Option(help: "Concurrent clients creating tickets.") var clients = 32
    @ArgumentParser.Option(help: "Seconds of ticket creation.") var seconds = 20
    @ArgumentParser.Option(help: "Requests per read measurement (mine, filtered list, search).") var requests = 1_000
    @ArgumentParser.Option(help: "Data directory (default: $RAPPORT_DATA_DIR, else ./rapport-bench).") var dataDir: String?
    @ArgumentParser.Flag(help: "Measure the database already loaded in the data directory instead of loading a new one.") var reuse = false

    func run() async throws {
        let directory = dataDir ?? ProcessInfo.processInfo.environment["RAPPORT_DATA_DIR"] ?? "./rapport-bench"
        let path = directory + "/rapport.sqlite"
        let load = !(reuse && FileManager.default.fileExists(atPath: path))
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if load { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        say("Database: SQLite at \(path)")
        let corpus = TicketBenchCorpus()
        try await withConfiguredApp(settings: Settings(dataDirectory: directory, database: .sqlite(path: path))) { app in
            if load { try await Self.load(app, corpus: corpus, tickets: tickets, messagesPerTicket: messagesPerTicket) }
            let target = try await BenchTarget.read(app.db, slug: "bench-1")
            say("Measuring in workspace bench-1: \(target.ticketCount) tickets, \(target.tokens.count) agents signed in, \(target.teams.count) teams")
            let client = app.benchClient(connections: clients + 8)
            let server = try BenchServer(dataDirectory: directory)
            try await server.start(client: client)
            do {
                try await Self.measureReads(client: client, server: server, target: target, corpus: corpus, requests: requests)
                let creation = CreationLoad(client: client, url: server.url, target: target, corpus: corpus)
                say("Ticket creation: \(clients) clients for \(seconds) s (POST /api/v1/tickets with a first message)")
                let result = await creation.run(clients: clients, for: .seconds(seconds))
                say(String(format: "  %.0f tickets/s; %@", Double(result.acknowledged.count) / result.seconds, result.latencies.summary))
            } catch {
                server.stop()
                throw error
            }
            server.stop()
        }
    }

    /// `slaBacklog: false` leaves the loaded tickets' due SLA checks to the server's scheduler (`bench metrics`
    /// reads only the aggregates, which take each ticket's SLA state as it is).
    static func load(_ app: Application, corpus: TicketBenchCorpus, tickets: Int, messagesPerTicket: Int, slaBacklog: Bool = true) async throws {
        _ = try await loadDesks(app, corpus: corpus, tickets: tickets, messagesPerTicket: messagesPerTicket)
        // Two years of loaded history hold SLA checks long due. A server works through such a backlog
        // once, in its scheduler, through the one writer; measuring during it measured the backlog.
        if slaBacklog {
            let backlog = try await drainSchedulerBacklog(app)
            say(String(format: "Scheduler backlog of the loaded tickets (SLA checks): %d tickets in %.1f s", backlog.report.slaChecked, backlog.seconds))
        }
        // What an operator runs after a bulk import: fresh planner statistics and a merged search index.
        let sql = app.db(.sqliteWriter) as! any SQLDatabase
        var start = ContinuousClock.now
        try await sql.raw("ANALYZE").run()
        say(String(format: "ANALYZE: %.1f s", (ContinuousClock.now - start).seconds))
        start = ContinuousClock.now
        try await sql.raw("INSERT INTO ticket_search(ticket_search) VALUES('optimize')").run()
        try await sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
        say(String(format: "Search index merged and WAL checkpointed: %.1f s", (ContinuousClock.now - start).seconds))
        let size = (try? FileManager.default.attributesOfItem(atPath: app.settings.dataDirectory + "/rapport.sqlite")[.size] as? Int) ?? 0
        say("Database file: \(size / 1_048_576) MiB")
    }

    /// Seeds the benchmark's workspaces and loads `tickets` into them (shared with `bench sla`).
    static func loadDesks(_ app: Application, corpus: TicketBenchCorpus, tickets: Int, messagesPerTicket: Int) async throws -> [TicketBenchLoader.Desk] {
        let loader = TicketBenchLoader(db: app.db(.sqliteWriter), corpus: corpus, messagesPerTicket: messagesPerTicket, now: Date())
        var start = ContinuousClock.now
        let desks = try await loader.seedDesks(tickets: tickets, shares: [0.4, 0.25, 0.15, 0.12, 0.08])
        say(String(format: "Seeded %d workspaces, %d agents, %d teams, %d customers in %.1f s", desks.count,
            desks.reduce(0) { $0 + $1.agents.count }, desks.reduce(0) { $0 + $1.teams.count },
            desks.reduce(0) { $0 + $1.customers.count }, (ContinuousClock.now - start).seconds))
        start = ContinuousClock.now
        var reported = 0
        let counts = try await loader.loadTickets(tickets, into: desks) { done in
            if done - reported >= 100_000 || done == tickets {
                reported = done
                say(String(format: "  %d tickets, %.0f tickets/s", done, Double(done) / (ContinuousClock.now - start).seconds))
            }
        }
        let seconds = (ContinuousClock.now - start).seconds
        say(String(format: "Loaded %d tickets, %d messages, %d events, %d search rows, %d tags in %.1f s: %.0f tickets/s, %.0f rows/s",
            counts.tickets, counts.messages, counts.events, counts.searchRows, counts.tags, seconds, Double(counts.tickets) / seconds,
            Double(counts.tickets + counts.messages + counts.events + 2 * counts.searchRows + counts.tags) / seconds))
        return desks
    }

    /// Runs the scheduler until no SLA check is due, as a server does after an import: what it did and how long it took.
    static func drainSchedulerBacklog(_ app: Application) async throws -> (report: SchedulerReport, seconds: Double) {
        let start = ContinuousClock.now
        var total = SchedulerReport()
        for _ in 0..<20 {
            let report = try await AutomationScheduler.run(app, now: Date())
            total.slaChecked += report.slaChecked
            total.escalated += report.escalated
            total.timeRulesFired += report.timeRulesFired
            if report.slaChecked == 0 { break }
        }
        return (total, (ContinuousClock.now - start).seconds)
    }

    static func measureReads(client: any Client, server: BenchServer, target: BenchTarget, corpus: TicketBenchCorpus, requests: Int) async throws {
        var random = SeededRandom(seed: 99)
        let teams = target.teams
        let statuses = ["open,pending", "new,open", "solved", "pending,on_hold"]
        let priorities = ["high,urgent", "normal", "low,normal", "urgent"]
        let kinds: [(String, (inout SeededRandom) -> String)] = [
            ("'mine' view (GET /api/v1/tickets?view=mine, 50 per page)", { _ in "view=mine" }),
            ("filtered list (status + priority + team)", { random in
                "status=\(statuses[random.next(below: statuses.count)])&priority=\(priorities[random.next(below: priorities.count)])&team_id=\(teams[random.next(below: teams.count)].uuidString)"
            }),
            ("full-text search (q=..., ranked, with snippets)", { random in
                "q=" + (BenchTarget.searchQuery(corpus, &random).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
            }),
        ]
        for (name, query) in kinds {
            var latencies = Latencies()
            var hits = 0
            // Every timed request with its query, to show the slowest: which kind of search (or list) sets the p99.
            var timed: [(milliseconds: Double, query: String)] = []
            // A few untimed requests first: the page cache and the connections warm up.
            for round in 0..<(requests + 20) {
                let token = target.tokens[round % target.tokens.count]
                var headers = HTTPHeaders()
                headers.bearerAuthorization = .init(token: token)
                let parameters = query(&random)
                let uri = URI(string: server.url + "/api/v1/tickets?" + parameters)
                let start = ContinuousClock.now
                let response = try await client.get(uri, headers: headers)
                let elapsed = ContinuousClock.now - start
                guard response.status == .ok else {
                    latencies.failures += 1
                    if latencies.failures == 1 { say("  \(response.status.code) for \(uri): \(response.body.map { String(buffer: $0) } ?? "")") }
                    continue
                }
                if round >= 20 {
                    latencies.add(elapsed)
                    timed.append((latencies.milliseconds.last ?? 0, parameters.removingPercentEncoding ?? parameters))
                    hits += (try? response.content.decode(ItemCount.self).items.count) ?? 0
                }
            }
            say("\(name): \(latencies.summary), \(String(format: "%.1f", Double(hits) / Double(max(1, latencies.milliseconds.count)))) items per page")
            say("  slowest: " + timed.sorted { $0.milliseconds > $1.milliseconds }.prefix(10)
                .map { String(format: "%.1f ms ", $0.milliseconds) + String($0.query.prefix(60)) }.joined(separator: "; "))
        }
    }

    private struct ItemCount: Decodable {
        struct Item: Decodable {}
        var items: [Item]
    }
}

/// What the measurements need from the loaded database: the workspace, tokens for its agents,
/// its teams and some of its customers.
struct BenchTarget: Sendable {
    var workspaceID: UUID
    var ticketCount: Int
    var tokens: [String]
    var teams: [UUID]
    var customers: [UUID]

    static func read(_ db: any Database, slug: String) async throws -> BenchTarget {
        guard let workspace = try await Workspace.query(on: db).filter(\.$slug == slug).first() else {
            throw CommandError("no workspace '\(slug)' in this database: load one first (without --reuse)")
        }
        let workspaceID = workspace.id!
        let agents = try await User.query(on: db).filter(\.$workspaceID == workspaceID).filter(\.$role == .agent).sort(\.$email).limit(16).all()
        var tokens: [String] = []
        for agent in agents { tokens.append(try await APITokens(db: db).issue(for: agent, name: "bench")) }
        let teams = try await Team.query(on: db).filter(\.$workspaceID == workspaceID).all().map { $0.id! }
        let sql = db as! any SQLDatabase
        let customers = try await sql.select().column("id").from(Customer.schema).where("workspace_id", .equal, workspaceID).limit(5_000).all()
            .map { try $0.decode(column: "id", as: UUID.self) }
        let count = try await sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from(Ticket.schema)
            .where("workspace_id", .equal, workspaceID).first()?.decode(column: "n", as: Int.self) ?? 0
        return BenchTarget(workspaceID: workspaceID, ticketCount: count, tokens: tokens, teams: teams, customers: customers)
    }

    /// What people type into the search box, in turn: a product name, a word, two words, a kind of
    /// product with a word, an order number, a prefix.
    static func searchQuery(_ corpus: TicketBenchCorpus, _ random: inout SeededRandom) -> String {
        let product = corpus.products[random.next(below: corpus.products.count)]
        let name = String(product.split(separator: " ")[0])
        switch random.next(below: 6) {
        case 0: return name
        case 1: return corpus.searchWord(&random)
        case 2: return corpus.searchWord(&random) + " " + corpus.searchWord(&random)
        case 3: return String(product.split(separator: " ")[1]) + " " + corpus.searchWord(&random)
        case 4: return String(1_000_000 + random.next(below: 9_000_000))
        default: return String(name.prefix(4)) + "*"
        }
    }
}

/// Many clients creating tickets with a first message as fast as the server acknowledges them.
struct CreationLoad: Sendable {
    let client: any Client
    let url: String
    let target: BenchTarget
    let corpus: TicketBenchCorpus

    struct Result: Sendable {
        var latencies = Latencies()
        /// Every ticket the server answered 201 for, with the body of its first message.
        var acknowledged: [(id: UUID, body: String)] = []
        var seconds = 0.0
    }

    private struct Body: Content {
        struct Message: Content {
            var body: String
            var author = "customer"
        }
        var requesterID: UUID
        var subject: String
        var priority: String
        var channel = "email"
        var teamID: UUID
        var message: Message

        enum CodingKeys: String, CodingKey {
            case subject, priority, channel, message
            case requesterID = "requester_id"
            case teamID = "team_id"
        }
    }

    private struct Created: Decodable { var id: UUID }

    /// Runs `clients` loops until `duration` is over; `whileRunning` runs alongside (the kill test kills the server there).
    func run(clients: Int, for duration: Duration, whileRunning: (@Sendable () async -> Void)? = nil) async -> Result {
        let start = ContinuousClock.now
        let deadline = start + duration
        var result = await withTaskGroup(of: Result.self) { group in
            if let whileRunning { group.addTask { await whileRunning(); return Result() } }
            for number in 0..<clients {
                group.addTask { await self.client(number, until: deadline) }
            }
            return await group.reduce(into: Result()) { total, part in
                total.latencies.merge(part.latencies)
                total.acknowledged += part.acknowledged
            }
        }
        result.seconds = (ContinuousClock.now - start).seconds
        return result
    }

    private func client(_ number: Int, until deadline: ContinuousClock.Instant) async -> Result {
        var result = Result()
        var random = SeededRandom(seed: UInt64(1_000 + number) &* 31 &+ UInt64(Date().timeIntervalSince1970))
        var headers = HTTPHeaders()
        headers.bearerAuthorization = .init(token: target.tokens[number % target.tokens.count])
        headers.contentType = .json
        let encoder = JSONEncoder()
        var sequence = 0
        while ContinuousClock.now < deadline {
            sequence += 1
            let product = corpus.products[random.next(below: corpus.products.count)]
            let body = "Client \(number) ticket \(sequence): about my \(product). " + corpus.bodies[random.next(below: corpus.bodies.count)]
            let input = Body(
                requesterID: target.customers[random.next(below: target.customers.count)],
                subject: TicketBenchCorpus.problems[random.next(below: TicketBenchCorpus.problems.count)] + " " + product,
                priority: ["low", "normal", "normal", "high", "urgent"][random.next(below: 5)],
                teamID: target.teams[random.next(below: target.teams.count)], message: .init(body: body))
            guard let data = try? encoder.encode(input) else { continue }
            let start = ContinuousClock.now
            do {
                let response = try await client.post(URI(string: url + "/api/v1/tickets"), headers: headers) { $0.body = ByteBuffer(bytes: data) }
                let elapsed = ContinuousClock.now - start
                if response.status == .created, let created = try? response.content.decode(Created.self) {
                    result.latencies.add(elapsed)
                    result.acknowledged.append((created.id, body))
                } else {
                    result.latencies.failures += 1
                }
            } catch {
                result.latencies.failures += 1
                // The server is gone (the kill test): do not spin.
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
        return result
    }
}
