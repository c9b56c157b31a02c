import Fluent
import Foundation
import RapportCore
import Vapor

/// /api/v1/tickets: the conversations a service team works in.
struct TicketsAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let tickets = routes.grouped("tickets")
        tickets.get(use: list)
        tickets.get(":id", use: show)
        tickets.get(":id", "messages", use: messages)
        tickets.get(":id", "events", use: events)
        tickets.get(":id", "attachments", ":attachment", use: attachment)
        routes.get("views", use: views)
        let writers = tickets.requiring(.agent)
        writers.post(use: create)
        writers.patch(":id", use: update)
        writers.post("bulk", use: bulk)
        writers.on(.POST, ":id", "messages", body: .collect(maxSize: "40mb"), use: addMessage)
    }

    func list(req: Request) async throws -> Page<TicketListItem> {
        let actor = try req.actor
        var filter = try TicketFilter(query: req, me: actor.userID)
        if let raw: String = req.query["view"] {
            var errors = FieldErrors()
            if let view = errors.choice("view", raw, as: TicketView.self) { filter.apply(view, me: actor.userID, now: req.clock.now) }
            try errors.throwIfAny()
        }
        var savedSort: TicketSort?
        if let raw: String = req.query["saved_view"] {
            guard let saved = try await Self.savedView(raw, narrowing: filter, req: req) else { return Page(items: [], nextCursor: nil) }
            (filter, savedSort) = saved
        }
        let page = try PageRequest(req)
        let store = try req.tickets
        if let text = filter.text {
            // Ranked results page by offset: the cursor holds the position.
            let offset = page.cursor.flatMap { Int($0.key) } ?? 0
            let hits = try await store.search(SearchQuery(text), filter: filter, limit: page.limit + 1, offset: offset)
            let shown = Array(hits.prefix(page.limit))
            let details = try await store.details(of: shown.map { $0.0.id! })
            let next = hits.count > page.limit ? ListCursor(key: String(offset + page.limit), id: shown.last!.0.id!).encoded() : nil
            return Page(items: shown.map { TicketListItem(TicketResponse($0.0, details: details[$0.0.id!] ?? .init()), snippet: $0.1.snippet) }, nextCursor: next)
        }
        var errors = FieldErrors()
        let sort = errors.choice("sort", req.query["sort"], as: TicketSort.self) ?? savedSort ?? .updatedDescending
        try errors.throwIfAny()
        let (tickets, next) = try await store.list(filter, sort: sort, limit: page.limit, after: page.cursor)
        let details = try await store.details(of: tickets.map { $0.id! })
        return Page(items: tickets.map { TicketListItem(TicketResponse($0, details: details[$0.id!] ?? .init()), snippet: nil) }, nextCursor: next?.encoded())
    }

    func show(req: Request) async throws -> TicketResponse {
        let store = try req.tickets
        let ticket = try await store.find(try req.requireUUID("id"))
        return TicketResponse(ticket, details: try await store.details(of: [ticket.id!])[ticket.id!] ?? .init())
    }

    func create(req: Request) async throws -> Response {
        let input = try req.content.decode(TicketInput.self)
        let changes = try input.changes(creating: true)
        let message = try input.message.map { try newMessage($0, req: req) }
        let (ticket, details) = try await req.ticketService.create(changes, requesterID: input.requesterID!, message: message)
        return try await TicketResponse(ticket, details: details).encodeResponse(status: .created, for: req)
    }

    func update(req: Request) async throws -> TicketResponse {
        let input = try req.content.decode(TicketInput.self)
        let (ticket, details) = try await req.ticketService.update(try req.requireUUID("id"), try input.changes(creating: false))
        return TicketResponse(ticket, details: details)
    }

    /// Applies the same changes to many tickets; each succeeds or fails on its own.
    func bulk(req: Request) async throws -> BulkResponse {
        let input = try req.content.decode(BulkInput.self)
        guard (1...500).contains(input.ids.count) else { throw APIError.validation(["ids": "must list 1 to 500 ticket ids"]) }
        let changes = try input.changes.changes(creating: false)
        let service = try req.ticketService
        let results = await withTaskGroup(of: BulkResponse.Result.self) { group in
            for id in Set(input.ids) {
                group.addTask {
                    do {
                        _ = try await service.update(id, changes)
                        return .init(id: id, ok: true, error: nil)
                    } catch let error as APIError {
                        return .init(id: id, ok: false, error: .init(code: error.code, message: error.message, fields: error.fields))
                    } catch {
                        return .init(id: id, ok: false, error: .init(code: "failed", message: "\(error)", fields: nil))
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        return BulkResponse(results: results.sorted { $0.id.uuidString < $1.id.uuidString })
    }

    func messages(req: Request) async throws -> Page<MessageResponse> {
        let store = try req.tickets
        let ticket = try await store.find(try req.requireUUID("id"))
        let messages = try await store.messages(of: ticket.id!)
        let attachments = try await store.attachments(ofMessages: messages.map { $0.id! })
        let deliveries = try await OutboxStore(db: req.db, workspaceID: ticket.workspaceID).deliveries(ofMessages: messages.map { $0.id! })
        var items = messages.map { MessageResponse($0, attachments: attachments[$0.id!] ?? [], delivery: deliveries[$0.id!]) }
        try await TicketMessageMail(db: req.db, workspaceID: try req.workspaceID).fill(&items)
        return Page(items: items, nextCursor: nil)
    }

    func addMessage(req: Request) async throws -> Response {
        let ticketID = try req.requireUUID("id")
        // Another workspace's ticket answers 404 before its input is judged.
        _ = try await req.tickets.find(ticketID)
        let input = try req.content.decode(MessageInput.self)
        var errors = FieldErrors()
        let status = errors.choice("status", input.status, as: TicketStatus.self)
        try errors.throwIfAny()
        let message = try newMessage(input, req: req)
        let (row, _) = try await req.ticketService.addMessage(to: ticketID, message, status: status)
        let attachments = try await req.tickets.attachments(ofMessages: [row.id!])
        return try await MessageResponse(row, attachments: attachments[row.id!] ?? []).encodeResponse(status: .created, for: req)
    }

    func events(req: Request) async throws -> Page<EventResponse> {
        let store = try req.tickets
        let ticket = try await store.find(try req.requireUUID("id"))
        return Page(items: try await store.events(of: ticket.id!).map(EventResponse.init), nextCursor: nil)
    }

    func attachment(req: Request) async throws -> Response {
        let attachment = try await req.tickets.attachment(try req.requireUUID("attachment"), ticket: try req.requireUUID("id"))
        let response = try await req.fileio.asyncStreamFile(at: req.application.attachments.path(for: attachment.sha256))
        response.headers.replaceOrAdd(name: .contentType, value: attachment.mediaType)
        // Never rendered inline: an attached HTML file must not run in Rapport's origin.
        let name = attachment.filename.replacingOccurrences(of: "\"", with: "")
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(name)\"")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        return response
    }

    /// The standard views with their counts.
    func views(req: Request) async throws -> ViewsResponse {
        let actor = try req.actor
        let store = try req.tickets
        var items: [ViewsResponse.View] = []
        for view in TicketView.allCases {
            var filter = TicketFilter()
            filter.apply(view, me: actor.userID, now: req.clock.now)
            let (count, capped) = try await store.count(filter)
            items.append(.init(id: view.rawValue, count: count, countCapped: capped))
        }
        items += try await Self.savedViewCounts(req: req)
        return ViewsResponse(items: items)
    }

    /// Validates a message input for the signed-in user and saves its attachments.
    private func newMessage(_ input: MessageInput, req: Request) throws -> NewMessage {
        let actor = try req.actor
        var errors = FieldErrors()
        let kind = errors.choice("kind", input.kind, as: MessageKind.self) ?? .message
        let visibility = errors.choice("visibility", input.visibility, as: MessageVisibility.self) ?? .public
        let author = errors.choice("author", input.author, as: MessageAuthorKind.self) ?? .agent
        if author == .system { errors.add("author", "must be agent or customer; system messages come from Rapport itself") }
        let body = input.body?.trimmed ?? ""
        if body.isEmpty && (input.attachments ?? []).isEmpty && kind == .message { errors.add("body", "is required") }
        if body.count > 100_000 { errors.add("body", "must be at most 100,000 characters") }
        if author == .customer, visibility == .internal { errors.add("visibility", "a customer's message is always public") }
        if let duration = input.durationSeconds, !(0...86_400).contains(duration) { errors.add("duration_seconds", "must be 0 to 86,400") }
        if kind == .message, input.durationSeconds != nil || input.outcome != nil {
            errors.add(input.durationSeconds != nil ? "duration_seconds" : "outcome", "is only for a logged call or visit (kind 'call' or 'visit')")
        }
        let outcome = errors.choice("outcome", input.outcome, as: ContactOutcome.self)
        try errors.throwIfAny()
        let files = try req.application.attachments.save(input.attachments ?? [])
        return NewMessage(
            kind: kind, visibility: visibility, authorKind: author, authorUserID: actor.userID, authorCustomerID: nil,
            body: body, durationSeconds: input.durationSeconds, outcome: outcome, attachments: files)
    }
}

/// A ticket in a list; search results carry a highlighted snippet (HTML with `<mark>`, everything else escaped).
struct TicketListItem: Content {
    var ticket: TicketResponse
    var snippet: String?

    init(_ ticket: TicketResponse, snippet: String?) {
        self.ticket = ticket
        self.snippet = snippet
    }

    func encode(to encoder: any Encoder) throws {
        try ticket.encode(to: encoder)
        var container = encoder.container(keyedBy: SnippetKey.self)
        try container.encodeIfPresent(snippet, forKey: .snippet)
    }

    init(from decoder: any Decoder) throws {
        ticket = try TicketResponse(from: decoder)
        snippet = try decoder.container(keyedBy: SnippetKey.self).decodeIfPresent(String.self, forKey: .snippet)
    }

    private enum SnippetKey: String, CodingKey { case snippet }
}

struct BulkInput: Decodable, Sendable {
    var ids: [UUID]
    var changes: TicketInput
}

struct BulkResponse: Content {
    struct Result: Content {
        var id: UUID
        var ok: Bool
        var error: APIErrorBody.Detail?
    }
    var results: [Result]
}

struct ViewsResponse: Content {
    struct View: Content {
        var id: String
        var count: Int
        var countCapped: Bool
        /// Saved views only; their id is the saved view's.
        var name: String? = nil
        enum CodingKeys: String, CodingKey {
            case id, count, name
            case countCapped = "count_capped"
        }
    }
    var items: [View]
}

extension Request {
    var tickets: TicketStore {
        get throws { TicketStore(db: db, workspaceID: try workspaceID) }
    }

    var ticketService: TicketService {
        get throws {
            let actor = try actor
            return TicketService(
                workspaceID: actor.workspaceID, actor: .user(actor.userID), now: clock.now, reader: db, writes: writes,
                serviceLevels: application.serviceLevels, automations: application.automations, siteURL: publicBaseURL)
        }
    }
}

extension Application {
    private struct ServiceLevelCacheKey: StorageKey { typealias Value = ServiceLevelCache }

    var serviceLevels: ServiceLevelCache {
        guard let cache = storage[ServiceLevelCacheKey.self] else { fatalError("configure(_:settings:) sets up the service level cache") }
        return cache
    }

    func setUpServiceLevels() {
        storage[ServiceLevelCacheKey.self] = ServiceLevelCache()
    }
}
