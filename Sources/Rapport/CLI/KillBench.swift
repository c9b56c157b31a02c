import ArgumentParser
import Fluent
import Foundation
import Vapor

/// `rapport bench kill`: the durability check. Starts the real server on a fresh SQLite database,
/// creates tickets from many clients, kills the server with SIGKILL in the middle of the load,
/// starts it again and checks that every ticket it acknowledged (201) is there with its first
/// message. Exits non-zero when one is missing.
struct KillBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kill",
        abstract: "Kill the server with SIGKILL during ticket creation; check that every acknowledged ticket survived.")

    @ArgumentParser.Option(help: "Concurrent clients creating tickets.") var clients = 32
    @ArgumentParser.Option(help: "Seconds of creation before the kill.") var killAfter = 5.0
    @ArgumentParser.Option(help: "Tickets loaded before the server starts.") var tickets = 2_000
    @ArgumentParser.Option(help: "Data directory (default: a new temporary directory, removed afterwards).") var dataDir: String?

    func run() async throws {
        let directory = dataDir ?? FileManager.default.temporaryDirectory.appendingPathComponent("rapport-kill-\(UUID().uuidString)").path
        let path = directory + "/rapport.sqlite"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        defer { if dataDir == nil { try? FileManager.default.removeItem(atPath: directory) } }
        let corpus = TicketBenchCorpus(bodies: 2_000)
        let missing = try await withConfiguredApp(settings: Settings(dataDirectory: directory, database: .sqlite(path: path))) { app in
            let loader = TicketBenchLoader(db: app.db(.sqliteWriter), corpus: corpus, messagesPerTicket: 3, now: Date())
            let desks = try await loader.seedDesks(tickets: tickets, shares: [0.7, 0.3])
            _ = try await loader.loadTickets(tickets, into: desks) { _ in }
            let target = try await BenchTarget.read(app.db, slug: "bench-1")
            let client = app.benchClient(connections: clients + 8)
            let server = try BenchServer(dataDirectory: directory)
            try await server.start(client: client)
            let killAfter = self.killAfter
            let load = CreationLoad(client: client, url: server.url, target: target, corpus: corpus)
            // The clients keep going for a second after the kill: they must see the server vanish mid-request.
            let result = await load.run(clients: clients, for: .seconds(killAfter + 1)) {
                try? await Task.sleep(for: .seconds(killAfter))
                server.kill()
            }
            say(String(format: "Before SIGKILL: %d tickets acknowledged (%.0f/s), %d requests failed or cut off",
                result.acknowledged.count, Double(result.acknowledged.count) / killAfter, result.latencies.failures))
            guard !result.acknowledged.isEmpty else { throw CommandError("no ticket was acknowledged before the kill; nothing to check") }

            var clock = ContinuousClock.now
            try await server.start(client: client)
            defer { server.stop() }
            say(String(format: "Restarted in %.1f s", (ContinuousClock.now - clock).seconds))
            clock = ContinuousClock.now
            let headers = HTTPHeaders([("Authorization", "Bearer \(target.tokens[0])")])
            let lost = await withTaskGroup(of: [String].self) { group in
                for (part, slice) in result.acknowledged.chunked(into: max(1, result.acknowledged.count / clients + 1)).enumerated() {
                    group.addTask {
                        var lost: [String] = []
                        for (id, body) in slice {
                            let response = try? await client.get(URI(string: server.url + "/api/v1/tickets/\(id)/messages"), headers: headers)
                            let first = try? response?.content.decode(Messages.self).items.first?.body
                            if response?.status != .ok || first != body { lost.append("\(id) (\(response.map { "\($0.status.code)" } ?? "no answer"), part \(part))") }
                        }
                        return lost
                    }
                }
                return await group.reduce(into: []) { $0 += $1 }
            }
            say(String(format: "Checked in %.1f s", (ContinuousClock.now - clock).seconds))
            say("After restart: \(result.acknowledged.count - lost.count) of \(result.acknowledged.count) acknowledged tickets are there with their first message")
            for id in lost.prefix(20) { say("  missing: \(id)") }
            return lost.count
        }
        if missing > 0 { throw ExitCode(1) }
    }

    private struct Messages: Decodable {
        struct Item: Decodable { var body: String }
        var items: [Item]
    }
}
