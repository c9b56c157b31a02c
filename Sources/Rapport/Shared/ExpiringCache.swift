import Foundation

/// Values read from the database and kept for `lifetime`, per key: settings that every request reads
/// (a workspace's SLA policies, its automation rules). An edit made through this node calls `forget`;
/// one made on another node is seen within `lifetime`.
///
/// Requests that miss the same key at the same moment share one load: when an entry expires under
/// load, 32 concurrent requests make one query instead of 32, each waiting behind the others.
actor ExpiringCache<Key: Hashable & Sendable, Value: Sendable> {
    private enum Entry {
        case ready(Value, loaded: ContinuousClock.Instant)
        case loading(Task<Value, any Error>)
    }

    private var entries: [Key: Entry] = [:]
    private let lifetime: Duration

    init(lifetime: Duration = .seconds(5)) {
        self.lifetime = lifetime
    }

    func value(for key: Key, load: @escaping @Sendable () async throws -> Value) async throws -> Value {
        switch entries[key] {
        case .ready(let value, let loaded) where ContinuousClock.now - loaded < lifetime: return value
        case .loading(let task): return try await task.value
        default: break
        }
        let task = Task { try await load() }
        entries[key] = .loading(task)
        let result = await task.result
        // Only the load still registered settles the entry: a `forget` during the load drops its value.
        if case .loading(let current) = entries[key], current == task {
            if case .success(let value) = result { entries[key] = .ready(value, loaded: .now) } else { entries[key] = nil }
        }
        return try result.get()
    }

    func forget(_ key: Key) {
        entries[key] = nil
    }
}
