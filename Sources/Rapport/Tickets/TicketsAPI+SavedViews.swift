import Foundation
import RapportCore
import Vapor

extension TicketsAPI {
    /// The filter and sort of `?saved_view=ID`, narrowed by the request's own filters; `nil` when
    /// no ticket can match both.
    static func savedView(_ raw: String, narrowing filter: TicketFilter, req: Request) async throws -> (TicketFilter, TicketSort)? {
        guard let id = UUID(uuidString: raw) else { throw APIError.validation(["saved_view": "must be a saved view's id"]) }
        let view = try await req.savedViews.find(id)
        guard let narrowed = try view.filter(for: try req.actor.userID).narrowed(by: filter) else { return nil }
        return (narrowed, view.sort)
    }

    /// Each saved view the user may see, with its count. A view with a text search counts its
    /// matches up to 200, since ranking every match costs far more than counting rows.
    static func savedViewCounts(req: Request) async throws -> [ViewsResponse.View] {
        let actor = try req.actor
        let store = try req.tickets
        var items: [ViewsResponse.View] = []
        for view in try await req.savedViews.visible() {
            let filter: TicketFilter
            do {
                filter = try view.filter(for: actor.userID)
            } catch {
                req.logger.error("saved view no longer parses", metadata: ["saved_view": "\(view.id!)", "error": "\(error)"])
                continue
            }
            if let text = filter.text {
                let cap = 200
                let hits = try await store.search(SearchQuery(text), filter: filter, limit: cap + 1, offset: 0)
                items.append(.init(id: view.id!.uuidString, count: min(hits.count, cap), countCapped: hits.count > cap, name: view.name))
            } else {
                let (count, capped) = try await store.count(filter)
                items.append(.init(id: view.id!.uuidString, count: count, countCapped: capped, name: view.name))
            }
        }
        return items
    }
}
