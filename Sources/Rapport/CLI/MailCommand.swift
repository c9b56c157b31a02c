import ArgumentParser
import Fluent
import Foundation
import SQLKit
import Vapor

/// `rapport mail`: the mail server's pipe (`ingest`), bulk import of a Maildir, and re-processing.
struct MailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail", abstract: "Receive and re-process inbound mail.", subcommands: [Ingest.self, Import.self, Reprocess.self])

    /// sysexits.h: what a mail server's pipe transport understands.
    enum Exit {
        static let ok: Int32 = 0
        static let dataError: Int32 = 65   // EX_DATAERR: the input is not something we will ever take (too big)
        static let noInput: Int32 = 66     // EX_NOINPUT: nothing on standard input
        static let ioError: Int32 = 74     // EX_IOERR: standard input could not be read
        static let tempFail: Int32 = 75    // EX_TEMPFAIL: not stored; the mail server keeps it and retries
    }

    static let maxMessageBytes = 60 * 1024 * 1024

    struct Ingest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read one RFC 5322 message on standard input and store it (for a mail server's pipe transport).",
            discussion: "Exits 0 only once the message is stored durably; a message that cannot be parsed or routed is stored and quarantined (exit 0). Exit 75 (EX_TEMPFAIL) when it could not be stored, so the mail server retries; also when --workspace or --team names nothing, so that mail waits in the mail server's queue until the configuration is fixed.")

        @ArgumentParser.Option(help: "Route to this workspace (its slug) instead of by recipient.") var workspace: String?
        @ArgumentParser.Option(help: "Route to this team of the workspace (its name).") var team: String?
        @ArgumentParser.Option(help: "The envelope recipient (Postfix: ${recipient}).") var recipient: String?

        func run() async throws {
            let bytes: [UInt8]
            do {
                bytes = [UInt8](try FileHandle.standardInput.readToEnd() ?? Data())
            } catch {
                FileHandle.standardError.write(Data("rapport mail ingest: cannot read standard input: \(error)\n".utf8))
                throw ExitCode(Exit.ioError)
            }
            var code = Exit.tempFail
            do {
                try await withConfiguredApp { app in
                    code = await MailCommand.ingest(bytes, workspace: workspace, team: team, recipient: recipient, app: app)
                }
            } catch {
                FileHandle.standardError.write(Data("rapport mail ingest: not stored, try again later: \(error)\n".utf8))
                code = Exit.tempFail
            }
            if code != Exit.ok { throw ExitCode(code) }
        }
    }

    /// The pipe's work, callable from tests: the exit code for one message.
    static func ingest(_ bytes: [UInt8], workspace: String?, team: String?, recipient: String?, app: Application, log: (String) -> Void = warn) async -> Int32 {
        if bytes.isEmpty { log("rapport mail ingest: standard input is empty"); return Exit.noInput }
        if bytes.count > maxMessageBytes { log("rapport mail ingest: the message is over \(maxMessageBytes / 1_048_576) MB"); return Exit.dataError }
        do {
            let route = try await resolveRoute(workspace: workspace, team: team, recipient: recipient, db: app.db)
            let mail = app.inboundMail
            let id = try await mail.store(bytes, route: route)
            let outcome = await mail.process(id)
            if outcome.status == .quarantined { log("rapport mail ingest: stored \(id) in the quarantine: \(outcome.reason ?? "")") }
            return Exit.ok
        } catch {
            log("rapport mail ingest: not stored, try again later: \(error)")
            return Exit.tempFail
        }
    }

    static func warn(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// The explicit route of --workspace and --team; an unknown name is an error (the mail waits).
    static func resolveRoute(workspace: String?, team: String?, recipient: String?, db: any Database) async throws -> InboundRoute {
        var route = InboundRoute(recipient: recipient)
        guard let workspace else {
            if team != nil { throw CommandError("--team needs --workspace") }
            return route
        }
        guard let found = try await Workspace.query(on: db).filter(\.$slug == workspace).first() else { throw CommandError("No workspace '\(workspace)'.") }
        route.workspaceID = found.id
        if let team {
            guard let row = try await (db as! any SQLDatabase).select().column("id").from("teams")
                .where("workspace_id", .equal, found.id!).where("name", .equal, team).first()
            else { throw CommandError("No team '\(team)' in '\(workspace)'.") }
            route.teamID = try row.decode(column: "id", as: UUID.self)
        }
        return route
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a Maildir (cur/ and new/) or a folder of .eml files.",
            discussion: "Each message goes through the same pipeline as `ingest`; importing again stores duplicates as such and changes no ticket.")

        @ArgumentParser.Argument(help: "The Maildir or folder.") var directory: String
        @ArgumentParser.Option(help: "Route every message to this workspace (its slug) instead of by recipient.") var workspace: String?
        @ArgumentParser.Option(help: "Route every message to this team of the workspace.") var team: String?
        @ArgumentParser.Flag(help: "Print no progress bar.") var quiet = false

        func run() async throws {
            let files = try MailCommand.messageFiles(in: directory)
            try await withConfiguredApp { app in
                let route = try await MailCommand.resolveRoute(workspace: workspace, team: team, recipient: nil, db: app.db)
                let counts = try await MailCommand.importFiles(files, route: route, app: app, progress: quiet ? nil : MailProgress(total: files.count))
                say("Imported \(files.count) messages from \(directory): " + counts.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.value) \($0.key.rawValue)" }.joined(separator: ", ") + ".")
            }
        }
    }

    /// Maildir's cur/ and new/, or every .eml file of the folder, in name order.
    static func messageFiles(in directory: String) throws -> [String] {
        let manager = FileManager.default
        let maildir = ["cur", "new"].map { "\(directory)/\($0)" }.filter { manager.fileExists(atPath: $0) }
        let folders = maildir.isEmpty ? [directory] : maildir
        var files: [String] = []
        for folder in folders {
            for name in try manager.contentsOfDirectory(atPath: folder).sorted() where !name.hasPrefix(".") {
                if maildir.isEmpty, !name.lowercased().hasSuffix(".eml") { continue }
                files.append("\(folder)/\(name)")
            }
        }
        return files
    }

    /// Stores and processes files in batches of `batch` (one commit to store a batch, one pass of
    /// lookups to process it), `concurrency` batches at a time so that the write queue shares commits among them.
    static func importFiles(
        _ files: [String], route: InboundRoute, app: Application, progress: MailProgress?, batch: Int = 128, concurrency: Int = 3
    ) async throws -> [InboundStatus: Int] {
        let batches = stride(from: 0, to: files.count, by: max(batch, 1)).map { Array(files[$0..<min($0 + max(batch, 1), files.count)]) }
        var done = 0
        let counts = try await receiveInBatches(batches.count, concurrency: concurrency, mail: app.inboundMail) { index in
            try batches[index].map { file in
                guard let data = FileManager.default.contents(atPath: file) else { throw CommandError("cannot read \(file)") }
                return InboundDelivery(bytes: [UInt8](data), route: route)
            }
        } progress: { count in
            done += count
            progress?.show(done)
        }
        progress?.finish()
        return counts
    }

    /// Receives `count` batches (made by `deliveries`), `concurrency` at a time; counts the outcomes.
    static func receiveInBatches(
        _ count: Int, concurrency: Int, mail: InboundMail, deliveries: @escaping @Sendable (Int) throws -> [InboundDelivery],
        progress: (Int) -> Void = { _ in }
    ) async throws -> [InboundStatus: Int] {
        var counts: [InboundStatus: Int] = [:]
        try await withThrowingTaskGroup(of: [InboundOutcome].self) { group in
            var next = 0
            func add() {
                let index = next
                next += 1
                group.addTask { try await mail.receive(try deliveries(index)) }
            }
            while next < min(count, max(concurrency, 1)) { add() }
            while let outcomes = try await group.next() {
                for outcome in outcomes { counts[outcome.status, default: 0] += 1 }
                progress(outcomes.count)
                if next < count { add() }
            }
        }
        return counts
    }

    struct Reprocess: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run quarantined (or interrupted) messages through the pipeline again.",
            discussion: "With an ID, that message, routed by --workspace/--team when given (a person decided, so the rate limit does not apply). With --all, every quarantined or unprocessed message, routed as on arrival.")

        @ArgumentParser.Argument(help: "The inbound message's id.") var id: String?
        @ArgumentParser.Flag(help: "Every quarantined or unprocessed message.") var all = false
        @ArgumentParser.Option(help: "Route to this workspace (its slug).") var workspace: String?
        @ArgumentParser.Option(help: "Route to this team of the workspace (its name).") var team: String?

        func run() async throws {
            guard all != (id != nil) else { throw ValidationError("Name one message ID or say --all.") }
            try await withConfiguredApp { app in
                for line in try await MailCommand.reprocess(id: id.flatMap(UUID.init(uuidString:)), all: all, workspace: workspace, team: team, app: app) { say(line) }
            }
        }
    }

    /// One line per message re-processed.
    static func reprocess(id: UUID?, all: Bool, workspace: String?, team: String?, app: Application) async throws -> [String] {
        let route = try await resolveRoute(workspace: workspace, team: team, recipient: nil, db: app.db)
        var ids: [UUID] = []
        if let id { ids = [id] }
        if all {
            ids = try await InboundEmail.query(on: app.db).filter(\.$status ~~ [.quarantined, .received]).sort(\.$id).all().compactMap(\.id)
        }
        var lines: [String] = []
        for id in ids {
            guard let row = try await InboundEmail.find(id, on: app.db) else { throw CommandError("No inbound message \(id).") }
            let override = all && workspace == nil ? nil : InboundRoute(workspaceID: route.workspaceID ?? row.workspaceID, teamID: route.teamID)
            let outcome = await app.inboundMail.process(id, override: override)
            lines.append("\(id): \(outcome.status.rawValue)\(outcome.reason.map { " (\($0))" } ?? "")\(outcome.ticketID.map { " ticket \($0)" } ?? "")")
        }
        if ids.isEmpty { lines.append("Nothing to re-process.") }
        return lines
    }
}

/// A one-line progress bar of messages on standard error.
final class MailProgress: Sendable {
    let total: Int
    init(total: Int) { self.total = max(total, 1) }

    func show(_ done: Int) {
        let filled = min(done * 30 / total, 30)
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: 30 - filled)
        FileHandle.standardError.write(Data("\r[\(bar)] \(done * 100 / total)%  \(done)/\(total) messages".utf8))
    }

    func finish() { FileHandle.standardError.write(Data("\n".utf8)) }
}
