import ArgumentParser
import Fluent
import Foundation
import RapportCore
import Vapor

struct ProfilesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "profiles", abstract: "Customer profiles derived from messages, orders and behaviour.", subcommands: [Rebuild.self])

    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute every derived profile value: fit the value models again, then each customer's styles and high maintenance.",
            discussion: "Agents' settings are kept and still win; the derived values underneath are brought up to date. Without --workspace every workspace is rebuilt.")

        @ArgumentParser.Option(help: "The workspace's slug; without it, every workspace.") var workspace: String?
        @ArgumentParser.Flag(help: "Print no progress bar.") var quiet = false

        func run() async throws {
            try await withConfiguredApp { app in
                let workspaces: [Workspace]
                if let slug = self.workspace {
                    workspaces = [try await WorkspaceStore(db: app.db).resolve(slug: slug, createIfMissing: false)]
                } else {
                    workspaces = try await Workspace.query(on: app.db).sort(\.$slug).all()
                }
                for workspace in workspaces {
                    let started = ContinuousClock.now
                    let quiet = self.quiet
                    let bars = BarHolder()
                    let count = try await ProfileRefresh.rebuild(db: app.db, workspaceID: workspace.id!, now: Date(), progress: { done, total in
                        bars.bar(total: total, enabled: !quiet).show(done)
                    })
                    bars.finish()
                    let elapsed = ContinuousClock.now - started
                    say("Rebuilt the profiles of \(count) customers in '\(workspace.slug)' in \(elapsed.formatted(.units(allowed: [.seconds, .milliseconds], width: .narrow))).")
                }
            }
        }
    }
}

/// The progress bar of one rebuild, made when the total is known.
private final class BarHolder: @unchecked Sendable {
    private let lock = NSLock()
    private var current: ProgressBar?

    func bar(total: Int, enabled: Bool) -> ProgressBar {
        lock.withLock {
            if let current { return current }
            let made = ProgressBar(total: total, enabled: enabled, unit: "customers")
            current = made
            return made
        }
    }

    func finish() { lock.withLock { current }?.finish() }
}
