import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Who an API token stands for, remembered for a few seconds: every API request needs it, and the
/// lookup was a query on each one. A user changed through this node (role, deactivation, name) is
/// forgotten at once; a change made elsewhere (another node, the CLI) is seen within `lifetime`,
/// as the service-level cache does.
final class ActorCache: Sendable {
    private struct Entry {
        var actor: Actor
        var loaded: ContinuousClock.Instant
    }

    private let entries = NIOLockedValueBox<[String: Entry]>([:])
    private let lifetime: Duration
    /// A bound on memory: a flood of distinct tokens empties the cache instead of growing it.
    private let capacity = 10_000

    init(lifetime: Duration = .seconds(5)) {
        self.lifetime = lifetime
    }

    /// The actor for a token's hash; `load` runs when it is not remembered or too old. Unknown tokens are not remembered.
    func actor(forHash hash: String, load: () async throws -> Actor?) async throws -> Actor? {
        let now = ContinuousClock.now
        if let entry = entries.withLockedValue({ $0[hash] }), now - entry.loaded < lifetime { return entry.actor }
        guard let actor = try await load() else {
            entries.withLockedValue { $0[hash] = nil }
            return nil
        }
        entries.withLockedValue { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[hash] = Entry(actor: actor, loaded: now)
        }
        return actor
    }

    /// After a change to a user, this node sees it at once.
    func forget(userID: UUID) {
        entries.withLockedValue { $0 = $0.filter { $0.value.actor.userID != userID } }
    }
}

extension Application {
    private struct ActorCacheKey: StorageKey { typealias Value = ActorCache }

    var actorCache: ActorCache {
        guard let cache = storage[ActorCacheKey.self] else { fatalError("configure(_:settings:) sets up the actor cache") }
        return cache
    }

    func setUpActorCache() {
        storage[ActorCacheKey.self] = ActorCache()
    }
}
