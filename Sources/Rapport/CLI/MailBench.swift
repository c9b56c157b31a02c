import ArgumentParser
import Fluent
import Foundation
import RapportCore
import SQLKit
import Vapor

/// `rapport bench mail`: inbound throughput on a fresh SQLite data directory, through the same
/// pipeline as `rapport mail ingest`, many messages at once so that the write queue batches them.
struct MailBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail", abstract: "Ingest N messages built from the mail corpus into a fresh SQLite database; print messages per second.")

    @ArgumentParser.Option(help: "Messages to ingest.") var messages = 5_000
    @ArgumentParser.Option(help: "The .eml files to build messages from.") var corpus = "Tests/RapportCoreTests/Fixtures/mail"
    @ArgumentParser.Option(help: "Messages handed in together (as `rapport mail import` does).") var batch = 128
    @ArgumentParser.Option(help: "Batches in flight at once.") var concurrency = 3

    func run() async throws {
        let templates = Self.templates(in: corpus)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-bench-mail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let settings = Settings(dataDirectory: directory.path, database: .sqlite(path: directory.appendingPathComponent("rapport.sqlite").path))
        let app = try await Application.make(Environment(name: "production", arguments: ["rapport"]))
        app.logger.logLevel = .critical
        do {
            try await configure(app, settings: settings)
            try await app.autoMigrate()
            try await prepareDatabaseConnections(app)
            let workspace = try await WorkspaceStore(db: app.db).create(slug: "bench", name: "Benchmark")
            _ = try await SupportAddressStore(db: app.db, workspaceID: workspace.id!)
                .create(address: "help@bench.example", displayName: "Help", teamID: nil, isDefault: true, at: Date())
            say("\(templates.count) corpus messages as templates; \(messages) messages in batches of \(batch), \(concurrency) batches at once; \(settings.database.label)")
            let inputs = (0..<messages).map { Self.message($0, template: templates[$0 % templates.count]) }
            let size = max(batch, 1)
            let batches = stride(from: 0, to: inputs.count, by: size).map { Array(inputs[$0..<min($0 + size, inputs.count)]) }
            let start = ContinuousClock.now
            let cpuBefore = Self.cpuSeconds()
            let counts = try await MailCommand.receiveInBatches(batches.count, concurrency: concurrency, mail: app.inboundMail) { index in
                batches[index].map { InboundDelivery(bytes: $0, route: InboundRoute()) }
            }
            let seconds = (ContinuousClock.now - start).seconds
            let cpu = Self.cpuSeconds() - cpuBefore
            let tickets = try await Ticket.query(on: app.db).count()
            say(String(format: "%d messages in %.2f s: %.0f messages/s", messages, seconds, Double(messages) / seconds))
            // On a busy machine the wall clock measures the other processes too; the CPU time is this one's own work.
            say(String(format: "CPU time (user + system) %.2f s: %.2f ms per message, %.0f messages per CPU second", cpu, cpu * 1000 / Double(messages), Double(messages) / cpu))
            say("Outcomes: " + counts.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.value) \($0.key.rawValue)" }.joined(separator: ", ") + "; \(tickets) tickets")
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    /// The CPU time this process has used so far, all threads.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        #if canImport(Glibc)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1_000_000
        let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1_000_000
        return user + system
    }

    /// The corpus's messages, or one plain message when the corpus is not there.
    static func templates(in folder: String) -> [[UInt8]] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder))?.filter { $0.hasSuffix(".eml") }.sorted() ?? []
        let found = files.compactMap { FileManager.default.contents(atPath: "\(folder)/\($0)").map { [UInt8]($0) } }
        return found.isEmpty ? [Array("Subject: Where is my order?\nContent-Type: text/plain; charset=utf-8\n\nHello,\nmy order has not arrived.\n".utf8)] : found
    }

    /// Message `index`: the template's body and most headers, with its own sender, Message-ID and
    /// recipient; every third one replies to an earlier message so that it threads.
    static func message(_ index: Int, template: [UInt8]) -> [UInt8] {
        let text = String(template.map { Character(Unicode.Scalar($0)) })
        let split = text.range(of: "\r\n\r\n") ?? text.range(of: "\n\n")
        let head = split.map { String(text[..<$0.lowerBound]) } ?? text
        let body = split.map { String(text[$0.lowerBound...]) } ?? "\n\n"
        let replaced: Set<String> = ["message-id", "from", "to", "cc", "in-reply-to", "references", "delivered-to", "x-original-to", "return-path", "sender", "reply-to"]
        var kept: [Substring] = []
        var dropping = false
        for line in head.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" }) {
            if line.first == " " || line.first == "\t" {
                if !dropping { kept.append(line) }
                continue
            }
            let name = line.split(separator: ":", maxSplits: 1).first.map { $0.lowercased() } ?? ""
            dropping = replaced.contains(name)
            if !dropping { kept.append(line) }
        }
        var headers = "Message-ID: <bench-\(index)@bench.example>\nFrom: Customer \(index % 500) <customer\(index % 500)@bench.example>\nTo: help@bench.example\n"
        if index % 3 == 2, index >= 500 { headers += "In-Reply-To: <bench-\(index - 500)@bench.example>\n" }
        let full = headers + kept.joined(separator: "\n") + body
        return full.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
    }
}
