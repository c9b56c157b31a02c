import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Who has a ticket open right now, and who is typing a reply: kept in memory, forgotten after a few
/// missed heartbeats. On several nodes each node knows its own visitors (good enough for a hint).
final class PresenceBoard: Sendable {
    struct Visitor: Codable, Sendable {
        var name: String
        var replying: Bool
    }

    private struct Entry {
        var name: String
        var replying: Bool
        var seen: Date
    }

    static let timeout: TimeInterval = 15
    private let entries = NIOLockedValueBox<[UUID: [UUID: Entry]]>([:])

    /// Records a heartbeat and returns the others on the same ticket.
    func beat(ticket: UUID, user: UUID, name: String, replying: Bool, now: Date) -> [Visitor] {
        entries.withLockedValue { all in
            var visitors = all[ticket, default: [:]].filter { now.timeIntervalSince($0.value.seen) < Self.timeout }
            visitors[user] = Entry(name: name, replying: replying, seen: now)
            all[ticket] = visitors
            return visitors.filter { $0.key != user }.map { Visitor(name: $0.value.name, replying: $0.value.replying) }.sorted { $0.name < $1.name }
        }
    }
}

extension Application {
    private struct PresenceKey: StorageKey { typealias Value = PresenceBoard }

    var presence: PresenceBoard {
        guard let board = storage[PresenceKey.self] else { fatalError("WebPages.register(on:) sets up the presence board") }
        return board
    }

    func setUpPresence() {
        storage[PresenceKey.self] = PresenceBoard()
    }
}
