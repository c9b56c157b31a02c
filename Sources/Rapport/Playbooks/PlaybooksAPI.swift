import Foundation
import RapportCore
import Vapor

/// /api/v1/playbooks: every entry in force; admins edit and reset them.
struct PlaybooksAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let playbooks = routes.grouped("playbooks")
        playbooks.get(use: list)
        playbooks.get(":dimension", ":value", use: show)
        let admins = playbooks.requiring(.admin)
        admins.put(":dimension", ":value", use: replace)
        admins.delete(":dimension", ":value", use: reset)
    }

    func list(req: Request) async throws -> Page<PlaybookEntryResponse> {
        let store = try req.playbooks
        let customized = Set(try await store.overrides().map(\.entry.key))
        let entries = try await store.effectiveEntries()
        let ordered = ProfileDimension.allCases.flatMap { dimension in
            dimension.allowedValues.compactMap { entries[PlaybookKey(dimension: dimension, value: $0)] }
        }
        return Page(items: ordered.map { PlaybookEntryResponse($0, customized: customized.contains($0.key)) }, nextCursor: nil)
    }

    func show(req: Request) async throws -> PlaybookEntryResponse {
        let key = try Self.key(req)
        let store = try req.playbooks
        let override = try await store.override(for: key)
        guard let entry = override?.entry ?? DefaultPlaybooks.entry(for: key) else { throw APIError.notFound("playbook entry") }
        return PlaybookEntryResponse(entry, customized: override != nil)
    }

    func replace(req: Request) async throws -> PlaybookEntryResponse {
        let key = try Self.key(req)
        let entry = try req.content.decode(PlaybookEntryInput.self).entry(for: key)
        try await req.playbooks.save(entry, by: try req.actor.userID, at: req.clock.now)
        return PlaybookEntryResponse(entry, customized: true)
    }

    func reset(req: Request) async throws -> PlaybookEntryResponse {
        let key = try Self.key(req)
        try await req.playbooks.reset(key)
        guard let entry = DefaultPlaybooks.entry(for: key) else { throw APIError.notFound("playbook entry") }
        return PlaybookEntryResponse(entry, customized: false)
    }

    /// The dimension and value from the path; an unknown one is a missing entry (404).
    static func key(_ req: Request) throws -> PlaybookKey {
        guard let dimension = req.parameters.get("dimension").flatMap(ProfileDimension.init(rawValue:)),
            let value = req.parameters.get("value"), dimension.allowedValues.contains(value)
        else { throw APIError.notFound("playbook entry") }
        return PlaybookKey(dimension: dimension, value: value)
    }
}
