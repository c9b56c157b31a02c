import Fluent
import Foundation
import RapportCore
import Vapor

/// /api/v1/macros: canned replies with actions. Agents list, preview and apply them; supervisors
/// and admins write them, because a macro speaks for the whole team.
struct MacrosAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let agents = routes.requiring(.agent)
        let macros = agents.grouped("macros")
        macros.get(use: list)
        macros.get(":id", use: show)
        let writers = routes.requiring(.supervisor).grouped("macros")
        writers.post(use: create)
        writers.patch(":id", use: update)
        writers.delete(":id", use: delete)
        agents.post("tickets", ":id", "macros", ":macro_id", use: apply)
        agents.get("tickets", ":id", "macros", ":macro_id", "preview", use: preview)
    }

    func list(req: Request) async throws -> Page<MacroResponse> {
        Page(items: try await req.macros.list().map(MacroResponse.init), nextCursor: nil)
    }

    func show(req: Request) async throws -> MacroResponse {
        MacroResponse(try await req.macros.find(try req.requireUUID("id")))
    }

    func create(req: Request) async throws -> Response {
        let actor = try req.actor
        let input = try req.content.decode(MacroInput.self)
        let macro = Macro()
        macro.workspaceID = actor.workspaceID
        macro.createdByID = actor.userID
        macro.createdAt = req.clock.now
        macro.updatedAt = req.clock.now
        try input.apply(to: macro, creating: true)
        try await checkReferences(of: macro, req: req)
        try await req.macros.save(macro)
        return try await MacroResponse(macro).encodeResponse(status: .created, for: req)
    }

    func update(req: Request) async throws -> MacroResponse {
        let macro = try await req.macros.find(try req.requireUUID("id"))
        let input = try req.content.decode(MacroInput.self)
        try input.apply(to: macro, creating: false)
        try await checkReferences(of: macro, req: req)
        macro.updatedAt = req.clock.now
        try await req.macros.save(macro)
        return MacroResponse(macro)
    }

    func delete(req: Request) async throws -> HTTPStatus {
        let store = try req.macros
        try await store.delete(try await store.find(try req.requireUUID("id")))
        return .noContent
    }

    /// Sends the macro's reply and makes its changes in one step.
    func apply(req: Request) async throws -> MacroApplyResponse {
        let ticketID = try req.requireUUID("id")
        _ = try await req.tickets.find(ticketID)
        let macro = try await req.macros.find(try req.requireUUID("macro_id"))
        let (ticket, details, message) = try await req.ticketService.apply(macro: macro, to: ticketID, agentID: try req.actor.userID)
        return MacroApplyResponse(ticket: TicketResponse(ticket, details: details), message: message.map { MessageResponse($0, attachments: []) })
    }

    /// What the macro would send on this ticket now; changes nothing.
    func preview(req: Request) async throws -> MacroPreviewResponse {
        let ticket = try await req.tickets.find(try req.requireUUID("id"))
        let macro = try await req.macros.find(try req.requireUUID("macro_id"))
        let reader = MacroValuesReader(db: req.db, workspaceID: try req.workspaceID)
        let values = try await reader.values(for: ticket, agentID: try req.actor.userID)
        let body = macro.body.flatMap { try? MacroTemplate(parsing: $0) }?.render(values)
        return MacroPreviewResponse(macroID: macro.id!, ticketID: ticket.id!, body: body, visibility: macro.visibility,
            actions: MacroResponse(macro).actions)
    }

    /// The assignee and team must be of this workspace and able to take tickets; errors name the action.
    private func checkReferences(of macro: Macro, req: Request) async throws {
        do {
            try await TicketReferences(db: req.db, workspaceID: try req.workspaceID).check(macro.changes)
        } catch let error as APIError where error.status == .unprocessableEntity {
            throw APIError.validation(Dictionary(uniqueKeysWithValues: error.fields.map { ("actions.\($0.key)", $0.value) }))
        }
    }
}

extension Request {
    var macros: MacroStore {
        get throws { MacroStore(db: db, workspaceID: try workspaceID) }
    }
}
