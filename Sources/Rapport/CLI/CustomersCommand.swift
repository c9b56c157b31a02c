import ArgumentParser
import Fluent
import Foundation
import RapportCore
import Vapor

struct CustomersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "customers", abstract: "Work with customers.", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import customers from a CSV file with a header row.",
            discussion: "Rows are matched to existing customers on email, so importing a file again updates instead of duplicating. Columns Rapport does not know become custom attributes. A bad row is reported with its line number and the others are imported.")

        @ArgumentParser.Argument(help: "The CSV file.") var file: String
        @ArgumentParser.Option(help: "The workspace's slug; without it, the only workspace or the one named 'default'.") var workspace: String?
        @ArgumentParser.Flag(help: "Print no progress bar.") var quiet = false

        func run() async throws {
            guard let handle = FileHandle(forReadingAtPath: file) else { throw ValidationError("Cannot open \(file)") }
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            try await withConfiguredApp { app in
                let workspace = try await WorkspaceStore(db: app.db).resolve(slug: self.workspace, createIfMissing: false)
                let importer = CustomerImporter(db: app.db, workspaceID: workspace.id!, author: .init(source: .import, userID: nil, at: Date()))
                let bar = ProgressBar(total: size, enabled: !quiet)
                let started = ContinuousClock.now
                let report = try await importer.run(FileChunks(handle: handle), progress: { bar.show($0) })
                bar.finish()
                let elapsed = ContinuousClock.now - started
                say("Imported \(file) into '\(workspace.slug)' in \(elapsed.formatted(.units(allowed: [.seconds, .milliseconds], width: .narrow))): \(report.rows) rows, \(report.created) created, \(report.updated) updated, \(report.failed) failed.")
                for error in report.errors.prefix(50) { say("  line \(error.line): \(error.message)") }
                if report.errors.count > 50 || report.errorsTruncated { say("  ... and \(report.failed - 50) more") }
            }
        }
    }
}

/// The file, read in 256 KiB chunks.
struct FileChunks: AsyncSequence, Sendable {
    typealias Element = [UInt8]
    let handle: FileHandle

    struct AsyncIterator: AsyncIteratorProtocol {
        let handle: FileHandle
        mutating func next() async throws -> [UInt8]? {
            let data = try handle.read(upToCount: 256 * 1024) ?? Data()
            return data.isEmpty ? nil : [UInt8](data)
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(handle: handle) }
}


/// A one-line progress bar on standard error; `unit` names what is counted (bytes by default, shown in KiB).
final class ProgressBar: Sendable {
    let total: Int
    let enabled: Bool
    let unit: String?

    init(total: Int, enabled: Bool, unit: String? = nil) {
        self.total = max(total, 1)
        self.enabled = enabled
        self.unit = unit
    }

    func show(_ done: Int) {
        guard enabled else { return }
        let fraction = min(Double(done) / Double(total), 1)
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let count = unit.map { "\(done)/\(total) \($0)" } ?? "\(done / 1024) KiB"
        FileHandle.standardError.write(Data("\r[\(bar)] \(Int(fraction * 100))%  \(count)".utf8))
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
