import Fluent
import Foundation
import RapportCore
import SQLKit
import Vapor

/// `/feedback`: the latest answers and remarks, a form to record feedback from any channel, and
/// (supervisors) a form to send an NPS survey to a segment. Forms go through the API's handlers.
struct FeedbackPages: RouteCollection {
    struct Row: Encodable, Sendable {
        var received: String
        var kind: String
        var score: String
        var source: String
        var customer: String
        var customerHref: String
        var ticket: String
        var ticketHref: String
        var comment: String
    }

    struct Campaign: Encodable, Sendable {
        var name: String
        var segment: String
        var recipients: Int
        var answers: Int
        var sent: String
    }

    struct FeedbackPage: Encodable, Sendable {
        var rows: [Row]
        var kinds: [WebOption]
        var sources: [WebOption]
        var canSendNPS: Bool
        var campaigns: [Campaign]
        var lifecycles: [WebOption]
        var valueTiers: [WebOption]
        var styles: [WebOption]
        var problems: FormProblems
        var sentNotice: String?
    }

    func boot(routes: any RoutesBuilder) throws {
        let agents = routes.grouped("feedback").grouped(RequireRole(minimum: .agent))
        agents.get(use: { req in try await show(req, problems: .none, status: .ok) })
        agents.post(use: record)
        agents.grouped(RequireRole(minimum: .supervisor)).post("nps", use: sendNPS)
    }

    func show(_ req: Request, problems: FormProblems, status: HTTPStatus, sent: String? = nil) async throws -> Response {
        let actor = try req.actor
        let items = try await req.callAPI(.GET, FeedbackAPI().list).items
        let sql = req.db as! any SQLDatabase
        var names: [UUID: String] = [:]
        let customerIDs = Array(Set(items.map(\.customerID)))
        if !customerIDs.isEmpty {
            for row in try await sql.select().columns("id", "name").from("customers").where("workspace_id", .equal, actor.workspaceID).where("id", .in, customerIDs).all() {
                names[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "name", as: String.self)
            }
        }
        var numbers: [UUID: Int64] = [:]
        let ticketIDs = Array(Set(items.compactMap(\.ticketID)))
        if !ticketIDs.isEmpty {
            for row in try await sql.select().columns("id", "number").from("tickets").where("workspace_id", .equal, actor.workspaceID).where("id", .in, ticketIDs).all() {
                numbers[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "number", as: Int64.self)
            }
        }
        let rows = items.map { item in
            Row(received: WebFormat.time(item.receivedAt), kind: item.kind.rawValue.uppercased(), score: item.score.map(String.init) ?? "—",
                source: WebFormat.label(item.source.rawValue), customer: names[item.customerID] ?? "—", customerHref: "/customers/\(item.customerID)",
                ticket: item.ticketID.flatMap { numbers[$0] }.map { "#\($0)" } ?? "", ticketHref: item.ticketID.map { "/tickets/\($0)" } ?? "",
                comment: item.comment)
        }
        var campaigns: [Campaign] = []
        let canSend = actor.role >= .supervisor
        if canSend {
            campaigns = try await req.callAPI(.GET, FeedbackAPI().campaigns).items.map {
                Campaign(name: $0.name, segment: $0.segment.isEmpty ? "all customers" : $0.segment.removingPercentEncoding ?? $0.segment,
                         recipients: $0.recipients, answers: $0.answers, sent: WebFormat.time($0.createdAt))
            }
        }
        func options(_ dimension: ProfileDimension) -> [WebOption] {
            [WebOption(value: "", label: "Any", selected: true)] + dimension.allowedValues.map { WebOption(value: $0, label: WebFormat.label($0), selected: false) }
        }
        let page = FeedbackPage(
            rows: rows, kinds: WebOption.all(FeedbackKind.self, selected: FeedbackKind.csat.rawValue),
            sources: WebOption.all(FeedbackSource.self, selected: FeedbackSource.phone.rawValue).filter { $0.value != FeedbackSource.survey.rawValue },
            canSendNPS: canSend, campaigns: campaigns, lifecycles: options(.lifecycle), valueTiers: options(.valueTier), styles: options(.communicationStyle),
            problems: problems, sentNotice: sent)
        return try await req.renderPage("feedback/index", title: "Feedback", section: "feedback", page, status: status)
    }

    /// The form names the customer by email and the ticket by number, as people know them.
    func record(req: Request) async throws -> Response {
        let actor = try req.actor
        var errors = FieldErrors()
        var fields: [(String, JSONValue)] = []
        for name in ["kind", "source", "comment", "product"] {
            if let value = req.formText(name) { fields.append((name, .string(value))) }
        }
        if let raw = req.formText("score") {
            if let score = Int(raw) { fields.append(("score", .number(Double(score)))) } else { errors.add("score", "must be a whole number") }
        }
        if let raw = req.formText("ticket") {
            let digits = raw.hasPrefix("#") ? String(raw.dropFirst()) : raw
            if let number = Int64(digits), let ticket = try await req.tickets.find(number: number) {
                fields.append(("ticket_id", .string(ticket.id!.uuidString)))
            } else {
                errors.add("ticket", "is not a ticket number of this workspace")
            }
        }
        if let email = req.formText("customer_email") {
            if let owner = try await CustomerStore(db: req.db, workspaceID: actor.workspaceID).owners(ofEmails: [EmailAddress.normalize(email)]).values.first {
                fields.append(("customer_id", .string(owner.uuidString)))
            } else {
                errors.add("customer email", "belongs to no customer of this workspace")
            }
        }
        do {
            try errors.throwIfAny()
            _ = try await req.callAPI(.POST, json: .object(fields), FeedbackAPI().create)
        } catch let error as APIError where error.status == .unprocessableEntity {
            return try await show(req, problems: FormProblems(error), status: error.status)
        }
        return req.redirect(to: "/feedback?notice=created", redirectType: .normal)
    }

    func sendNPS(req: Request) async throws -> Response {
        var query: [String] = []
        for name in ["lifecycle", "value_tier", "communication_style"] {
            if let value = req.formText(name) { query.append("\(name)=\(value.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? "")") }
        }
        // The API reads the segment from the query string, exactly as the customer list does.
        req.url.query = query.isEmpty ? nil : query.joined(separator: "&")
        do {
            let response = try await req.callAPI(.POST, json: .object([("name", req.formText("name").map(JSONValue.string) ?? .null)]), FeedbackAPI().sendNPS)
            let sent = try response.content.decode(NPSCampaignResponse.self)
            return try await show(req, problems: .none, status: .ok, sent: "The survey went to \(sent.recipients) customers.")
        } catch let error as APIError where error.status == .unprocessableEntity || error.status == .conflict {
            return try await show(req, problems: FormProblems(error), status: error.status)
        }
    }
}
