import Foundation
import NIOConcurrencyHelpers

@testable import Rapport

/// A clock a test sets by hand, so that service-level times are exact.
final class ManualClock: Sendable {
    private let current: NIOLockedValueBox<Date>

    init(_ start: Date) { current = NIOLockedValueBox(start) }

    var now: Date { current.withLockedValue { $0 } }
    func set(_ date: Date) { current.withLockedValue { $0 = date } }
    func advance(minutes: Double) { current.withLockedValue { $0 += minutes * 60 } }

    var appClock: AppClock { AppClock(read: { [self] in now }) }
}

/// An instant written in ISO 8601, for hand-worked expectations.
func instant(_ text: String) -> Date {
    guard let date = ISO8601DateFormatter().date(from: text) else { fatalError("not an ISO 8601 instant: \(text)") }
    return date
}
