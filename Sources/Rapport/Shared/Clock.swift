import Foundation
import Vapor

/// The source of "now"; replaced in tests so that times are exact.
struct AppClock: Sendable {
    var read: @Sendable () -> Date

    var now: Date { read() }

    static let system = AppClock(read: { Date() })
}

extension Application {
    private struct ClockKey: StorageKey { typealias Value = AppClock }

    var clock: AppClock {
        get { storage[ClockKey.self] ?? .system }
        set { storage[ClockKey.self] = newValue }
    }
}

extension Request {
    var clock: AppClock { application.clock }
}
