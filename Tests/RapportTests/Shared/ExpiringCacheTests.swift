import Foundation
import NIOConcurrencyHelpers
import Testing

@testable import Rapport

@Suite("Expiring cache")
struct ExpiringCacheTests {
    @Test("requests that miss at the same moment share one load; a forget during a load makes the next request load again")
    func sharedLoads() async throws {
        let cache = ExpiringCache<String, Int>(lifetime: .seconds(60))
        let loads = NIOLockedValueBox(0)
        let slowLoad: @Sendable () async throws -> Int = {
            let number = loads.withLockedValue { $0 += 1; return $0 }
            try await Task.sleep(for: .milliseconds(200))
            return number
        }
        let values = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<32 { group.addTask { try await cache.value(for: "ws", load: slowLoad) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(values == Array(repeating: 1, count: 32))
        #expect(loads.withLockedValue { $0 } == 1)
        #expect(try await cache.value(for: "ws", load: slowLoad) == 1)

        // Forgotten while a load runs: that load's value is handed to its waiters but not kept.
        await cache.forget("ws")
        async let during = cache.value(for: "ws", load: slowLoad)
        try await Task.sleep(for: .milliseconds(50))
        await cache.forget("ws")
        #expect(try await during == 2)
        #expect(try await cache.value(for: "ws", load: slowLoad) == 3)
    }

    @Test("an entry older than its lifetime is loaded again, and a failed load is not kept")
    func expiryAndFailure() async throws {
        let cache = ExpiringCache<String, Int>(lifetime: .milliseconds(100))
        let loads = NIOLockedValueBox(0)
        let load: @Sendable () async throws -> Int = { loads.withLockedValue { $0 += 1; return $0 } }
        #expect(try await cache.value(for: "ws", load: load) == 1)
        #expect(try await cache.value(for: "ws", load: load) == 1)
        try await Task.sleep(for: .milliseconds(150))
        #expect(try await cache.value(for: "ws", load: load) == 2)

        struct Unreachable: Error {}
        await #expect(throws: Unreachable.self) { try await cache.value(for: "other") { throw Unreachable() } }
        #expect(try await cache.value(for: "other", load: load) == 3)
    }
}
