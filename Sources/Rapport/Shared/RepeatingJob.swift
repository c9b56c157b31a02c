import Foundation
import Vapor

/// Runs a background job every `interval` while the server is up and stops it on shutdown, waiting
/// for a run in progress so that no job is cut off between its reads and its writes. A failed run is
/// logged and the next one still comes. Tests never start these: they call the job's run function
/// with the time they choose.
struct RepeatingJob: LifecycleHandler {
    let name: String
    let interval: Duration
    /// One run; returns what to log, or nil when the run found nothing to do.
    let run: @Sendable (Application) async throws -> Logger.Metadata?

    private final class Holder: @unchecked Sendable {
        let lock = NSLock()
        var task: Task<Void, Never>?
    }
    private let holder = Holder()

    init(name: String, every interval: Duration, run: @escaping @Sendable (Application) async throws -> Logger.Metadata?) {
        self.name = name
        self.interval = interval
        self.run = run
    }

    func didBootAsync(_ app: Application) async throws {
        let task = Task { [app, name, interval, run] in
            while !Task.isCancelled {
                do {
                    if let metadata = try await run(app) { app.logger.info("\(name) run", metadata: metadata) }
                } catch {
                    app.logger.error("\(name) run failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: interval)
            }
        }
        holder.lock.withLock { holder.task = task }
    }

    func shutdownAsync(_ app: Application) async {
        let task = holder.lock.withLock { holder.task }
        task?.cancel()
        await task?.value
    }
}
