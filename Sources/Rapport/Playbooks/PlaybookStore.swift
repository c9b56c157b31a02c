import Fluent
import Foundation
import RapportCore
import Vapor

/// A workspace's playbook: the shipped defaults with the workspace's own edits on top.
struct PlaybookStore {
    let db: any Database
    let workspaceID: UUID

    func overrides() async throws -> [PlaybookOverride] {
        try await PlaybookOverride.query(on: db).filter(\.$workspaceID == workspaceID).all()
    }

    /// Every entry in force, by key.
    func effectiveEntries() async throws -> [PlaybookKey: PlaybookEntry] {
        var entries = Dictionary(uniqueKeysWithValues: DefaultPlaybooks.entries.map { ($0.key, $0) })
        for override in try await overrides() { entries[override.entry.key] = override.entry }
        return entries
    }

    func override(for key: PlaybookKey) async throws -> PlaybookOverride? {
        try await PlaybookOverride.query(on: db).filter(\.$workspaceID == workspaceID)
            .filter(\.$dimension == key.dimension).filter(\.$value == key.value).first()
    }

    func save(_ entry: PlaybookEntry, by userID: UUID, at now: Date) async throws {
        let row = try await override(for: entry.key) ?? PlaybookOverride()
        row.workspaceID = workspaceID
        row.update(from: entry, by: userID, at: now)
        try await row.save(on: db)
    }

    func reset(_ key: PlaybookKey) async throws {
        try await override(for: key)?.delete(on: db)
    }
}

extension Request {
    var playbooks: PlaybookStore {
        get throws { PlaybookStore(db: db, workspaceID: try workspaceID) }
    }
}
