import Foundation
import RapportCore
import Vapor

/// `/tickets/{id}`: the conversation, composer with macros, properties, SLA clock, follow-ups, history,
/// and the customer with "How to handle this customer" beside the composer. Reads use the API's
/// handlers and stores; every change calls the API handler for it, behind the same role rule.
struct TicketPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let tickets = routes.grouped("tickets", ":id")
        tickets.get(use: show)
        tickets.get("live", use: live)
        tickets.get("attachments", ":attachment", use: { req in try await TicketsAPI().attachment(req: req) })
        let agents = tickets.grouped(RequireRole(minimum: .agent))
        agents.get("macros", ":macro_id", "preview", use: preview)
        agents.on(.POST, "reply", body: .collect(maxSize: "40mb"), use: reply)
        agents.post("properties", use: properties)
        agents.post("macro", use: applyMacro)
    }

    func show(req: Request) async throws -> Response {
        let view = try await TicketShowPage.load(req: req)
        return try await req.renderPage("tickets/show", title: "#\(view.number) \(view.subject)", section: "inbox", view)
    }

    /// A small JSON answer for the page's script: the ticket's version (it changes with every write)
    /// and the other agents who have it open.
    func live(req: Request) async throws -> Response {
        let actor = try req.actor
        let ticket = try await req.tickets.find(try req.requireUUID("id"))
        let replying = (try? req.query.get(String.self, at: "replying")) == "1"
        let others = req.application.presence.beat(ticket: ticket.id!, user: actor.userID, name: actor.name, replying: replying, now: req.clock.now)
        let response = try await LiveTicketState(version: TicketShowPage.version(of: ticket), others: others).encodeResponse(for: req)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    func preview(req: Request) async throws -> MacroPreviewResponse {
        try await MacrosAPI().preview(req: req)
    }

    /// A reply or internal note, with files, and the status after it: the API's message handler judges it.
    func reply(req: Request) async throws -> Response {
        let id = try req.requireUUID("id")
        var fields: [(String, JSONValue)] = [
            ("body", .string((try? req.content.get(String.self, at: "body")) ?? "")),
            ("visibility", .string(req.formText("visibility") ?? "public")),
        ]
        if let status = req.formText("status") { fields.append(("status", .string(status))) }
        let files = ((try? req.content.get([File].self, at: "files")) ?? ((try? req.content.get(File.self, at: "files")).map { [$0] } ?? []))
            .filter { $0.data.readableBytes > 0 }
        if !files.isEmpty {
            fields.append(("attachments", .array(files.map { file in
                .object([("filename", .string(file.filename)), ("media_type", .string(file.contentType?.serialize() ?? "application/octet-stream")),
                         ("content", .string(Data(file.data.readableBytesView).base64EncodedString()))])
            })))
        }
        do {
            _ = try await req.callAPI(.POST, json: .object(fields), TicketsAPI().addMessage)
        } catch let error as APIError where error.status == .unprocessableEntity || error.status == .conflict {
            return try await rerender(req, problem: error)
        }
        return req.redirect(to: "/tickets/\(id)?notice=replied#conversation", redirectType: .normal)
    }

    /// The properties form: each control maps to the API's field; an empty choice clears it.
    func properties(req: Request) async throws -> Response {
        let id = try req.requireUUID("id")
        func value(_ name: String) -> JSONValue { req.formText(name).map { .string($0) } ?? .null }
        var fields: [(String, JSONValue)] = []
        for name in ["status", "priority", "kind"] { if let text = req.formText(name) { fields.append((name, .string(text))) } }
        fields.append(("assignee_id", value("assignee_id")))
        fields.append(("team_id", value("team_id")))
        if req.formText("kind") == TicketKind.complaint.rawValue {
            fields += [("category", value("category")), ("topic", .null)]
        } else {
            fields += [("topic", value("topic")), ("category", .null)]
        }
        let tags = (req.formText("tags") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        fields.append(("tags", .array(tags.map { .string($0) })))
        do {
            _ = try await req.callAPI(.PATCH, json: .object(fields), TicketsAPI().update)
        } catch let error as APIError where error.status == .unprocessableEntity || error.status == .conflict {
            return try await rerender(req, problem: error)
        }
        return req.redirect(to: "/tickets/\(id)?notice=updated", redirectType: .normal)
    }

    func applyMacro(req: Request) async throws -> Response {
        let id = try req.requireUUID("id")
        guard let macroID = req.formText("macro_id") else {
            return try await rerender(req, problem: APIError.validation(["macro": "choose a macro"]))
        }
        do {
            _ = try await req.callAPI(.POST, parameters: ["macro_id": macroID], MacrosAPI().apply)
        } catch let error as APIError where error.status == .unprocessableEntity || error.status == .conflict {
            return try await rerender(req, problem: error)
        }
        return req.redirect(to: "/tickets/\(id)?notice=macro_applied#conversation", redirectType: .normal)
    }

    private func rerender(_ req: Request, problem: APIError) async throws -> Response {
        var view = try await TicketShowPage.load(req: req)
        view.problems = FormProblems(problem)
        view.draft = (try? req.content.get(String.self, at: "body")) ?? ""
        return try await req.renderPage("tickets/show", title: "#\(view.number) \(view.subject)", section: "inbox", view,
            status: problem.status)
    }
}

/// What the ticket page's script polls for.
struct LiveTicketState: Content {
    var version: String
    var others: [PresenceBoard.Visitor]
}
