import Foundation
import RapportCore
import Vapor

/// POST /api/v1/tickets/{id}/merge and /split: joining duplicates and separating a new matter.
struct TicketMergeAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let tickets = routes.requiring(.agent).grouped("tickets")
        tickets.post(":id", "merge", use: merge)
        tickets.post(":id", "split", use: split)
    }

    func merge(req: Request) async throws -> TicketResponse {
        let survivor = try await req.tickets.find(try req.requireUUID("id"))
        let input = try req.content.decode(MergeInput.self)
        var errors = FieldErrors()
        var sources: [UUID] = []
        for id in input.sourceIDs ?? [] where !sources.contains(id) { sources.append(id) }
        if sources.isEmpty { errors.add("source_ids", "must list at least one ticket to merge into this one") }
        if sources.count > 50 { errors.add("source_ids", "must list at most 50 tickets") }
        if sources.contains(survivor.id!) { errors.add("source_ids", "cannot include ticket \(survivor.number) itself") }
        try errors.throwIfAny()
        let (ticket, details) = try await req.ticketService.merge(sources, into: survivor.id!,
            allowDifferentRequesters: input.allowDifferentRequesters ?? false)
        return TicketResponse(ticket, details: details)
    }

    func split(req: Request) async throws -> Response {
        let original = try await req.tickets.find(try req.requireUUID("id"))
        let input = try req.content.decode(SplitInput.self)
        var errors = FieldErrors()
        if input.messageID == nil { errors.add("message_id", "is required") }
        let subject = input.subject == nil ? nil : errors.requireText("subject", input.subject, maxLength: 300)
        try errors.throwIfAny()
        let (_, ticket, details) = try await req.ticketService.split(original.id!, messageID: input.messageID!, subject: subject)
        return try await TicketResponse(ticket, details: details).encodeResponse(status: .created, for: req)
    }
}

/// Which tickets to merge into the one in the path.
struct MergeInput: Content {
    var sourceIDs: [UUID]?
    /// Duplicates normally come from one customer; true merges tickets of different requesters.
    var allowDifferentRequesters: Bool?

    enum CodingKeys: String, CodingKey {
        case sourceIDs = "source_ids"
        case allowDifferentRequesters = "allow_different_requesters"
    }
}

/// Which message to split off, and optionally the new ticket's subject (default: the original's).
struct SplitInput: Content {
    var messageID: UUID?
    var subject: String?

    enum CodingKeys: String, CodingKey {
        case subject
        case messageID = "message_id"
    }
}
