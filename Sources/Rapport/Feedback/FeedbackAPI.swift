import Fluent
import Foundation
import RapportCore
import SQLKit
import Vapor

/// /api/v1/feedback and /api/v1/surveys/nps: survey answers and feedback recorded by hand.
struct FeedbackAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let agents = routes.requiring(.agent)
        agents.get("feedback", use: list)
        agents.post("feedback", use: create)
        let supervisors = routes.requiring(.supervisor)
        supervisors.get("surveys", "nps", use: campaigns)
        supervisors.post("surveys", "nps", use: sendNPS)
    }

    /// Filters: `kind`, `customer_id`, `ticket_id`, `agent_id`, `from`/`to` (ISO dates, `to` included).
    /// Agents see the feedback about them and what they recorded.
    func list(req: Request) async throws -> Page<FeedbackResponse> {
        let actor = try req.actor
        var errors = FieldErrors()
        var filter = FeedbackStore.Filter()
        filter.kind = errors.choice("kind", req.query["kind"], as: FeedbackKind.self)
        for (field, keyPath) in [("customer_id", \FeedbackStore.Filter.customerID), ("ticket_id", \.ticketID), ("agent_id", \.agentID)] {
            guard let raw: String = req.query[field], !raw.isEmpty else { continue }
            if let id = UUID(uuidString: raw) { filter[keyPath: keyPath] = id } else { errors.add(field, "must be an id") }
        }
        for (field, keyPath, shift) in [("from", \FeedbackStore.Filter.from, 0), ("to", \.to, 1)] {
            guard let raw: String = req.query[field], !raw.isEmpty else { continue }
            if let date = LocalDate(raw), let day = MetricDay.of(local: date) { filter[keyPath: keyPath] = MetricDay.start(day + shift) } else { errors.add(field, "must be a date such as 2026-11-30") }
        }
        try errors.throwIfAny()
        if actor.role < .supervisor { filter.involving = actor.userID }
        let page = try PageRequest(req)
        let offset = page.cursor.flatMap { Int($0.key) } ?? 0
        let rows = try await FeedbackStore(db: req.db, workspaceID: actor.workspaceID).list(filter, limit: page.limit + 1, offset: offset)
        let shown = Array(rows.prefix(page.limit))
        let next = rows.count > page.limit ? ListCursor(key: String(offset + page.limit), id: shown[shown.count - 1].id).encoded() : nil
        return Page(items: shown.map(FeedbackResponse.init), nextCursor: next)
    }

    func create(req: Request) async throws -> Response {
        let actor = try req.actor
        let input = try req.content.decode(FeedbackInput.self)
        let record = try await Self.validate(input, actor: actor, req: req)
        try await req.writes.perform { batch in record.insert(into: batch, actor: .user(actor.userID)) }
        return try await FeedbackResponse(record).encodeResponse(status: .created, for: req)
    }

    /// Checks manual feedback; the customer defaults to the ticket's requester and the agent to its assignee.
    static func validate(_ input: FeedbackInput, actor: Actor, req: Request) async throws -> FeedbackRecord {
        var errors = FieldErrors()
        let kind = errors.choice("kind", input.kind ?? "", as: FeedbackKind.self)
        if let kind, let problem = kind.problem(with: input.score) { errors.add("score", problem) }
        let source = errors.choice("source", input.source ?? "", as: FeedbackSource.self)
        if source == .survey { errors.add("source", "survey answers come through the survey link; choose the channel this came from") }
        let comment = errors.optionalText("comment", input.comment, maxLength: 4_000) ?? ""
        if kind == .note, comment.isEmpty { errors.add("comment", "is required for a note") }
        let product = errors.optionalText("product", input.product, maxLength: 200)
        if let at = input.receivedAt, at > req.clock.now.addingTimeInterval(300) { errors.add("received_at", "must not be in the future") }
        var customerID = input.customerID
        var agentID = input.agentID
        let sql = req.db as! any SQLDatabase
        if let ticketID = input.ticketID {
            if let ticket = try await sql.select().columns("requester_id", "assignee_id").from("tickets")
                .where("workspace_id", .equal, actor.workspaceID).where("id", .equal, ticketID).first() {
                if customerID == nil { customerID = try ticket.decode(column: "requester_id", as: UUID.self) }
                if agentID == nil { agentID = try ticket.decode(column: "assignee_id", as: UUID?.self) }
            } else {
                errors.add("ticket_id", "is not a ticket of this workspace")
            }
        }
        if let customer = customerID {
            if try await sql.select().column("id").from("customers").where("workspace_id", .equal, actor.workspaceID).where("id", .equal, customer).first() == nil {
                errors.add("customer_id", "is not a customer of this workspace")
            }
        } else if input.ticketID == nil {
            errors.add("customer_id", "is required (or give a ticket_id)")
        }
        if let agent = agentID, input.agentID != nil,
           try await sql.select().column("id").from("users").where("workspace_id", .equal, actor.workspaceID).where("id", .equal, agent).first() == nil {
            errors.add("agent_id", "is not a user of this workspace")
        }
        try errors.throwIfAny()
        let now = req.clock.now
        return FeedbackRecord(
            id: TimeOrderedID.make(now: now), workspaceID: actor.workspaceID, kind: kind!, score: input.score, comment: comment,
            source: source!, customerID: customerID!, ticketID: input.ticketID, agentID: agentID, recordedByID: actor.userID,
            invitationID: nil, product: product, receivedAt: input.receivedAt ?? now, createdAt: now)
    }

    /// Sends an NPS survey to the customers the query parameters select (the customer list's filters).
    func sendNPS(req: Request) async throws -> Response {
        let actor = try req.actor
        let filter = try CustomerFilter(req)
        let input = (try? req.content.decode(NPSCampaignInput.self)) ?? NPSCampaignInput()
        var errors = FieldErrors()
        let now = req.clock.now
        let name = errors.optionalText("name", input.name, maxLength: 200) ?? "NPS survey \(MetricDay.text(MetricDay.of(now)))"
        try errors.throwIfAny()
        let store = CustomerStore(db: req.db, workspaceID: actor.workspaceID)
        let select = (req.db as! any SQLDatabase).select().column("id").from("customers")
        store.applyFilter(filter, to: select)
        let ids = try await select.all().map { try $0.decode(column: "id", as: UUID.self) }
        let segment = req.url.query ?? ""
        let id = TimeOrderedID.make(now: now)
        let count = try await SurveyInvitations.sendNPS(
            campaignID: id, name: name, segment: segment, customerIDs: ids, workspaceID: actor.workspaceID, createdBy: actor.userID,
            now: now, siteURL: req.publicBaseURL, writes: req.writes)
        return try await NPSCampaignResponse(id: id, name: name, segment: segment, recipients: count, answers: 0, createdAt: now)
            .encodeResponse(status: .created, for: req)
    }

    func campaigns(req: Request) async throws -> Page<NPSCampaignResponse> {
        let workspaceID = try req.workspaceID
        let sql = req.db as! any SQLDatabase
        let rows = try await sql.select().columns("id", "name", "segment", "recipients", "created_at").from("nps_campaigns")
            .where("workspace_id", .equal, workspaceID).orderBy("created_at", .descending).limit(200).all()
        var answers: [UUID: Int] = [:]
        for row in try await sql.select().column("campaign_id").column(SQLRaw("count(*) AS answers")).from("survey_invitations")
            .where("workspace_id", .equal, workspaceID).where("campaign_id", .isNot, SQLLiteral.null).where("answered_at", .isNot, SQLLiteral.null)
            .groupBy("campaign_id").all() {
            answers[try row.decode(column: "campaign_id", as: UUID.self)] = Int(try row.decode(column: "answers", as: Int64.self))
        }
        return Page(items: try rows.map { row in
            let id = try row.decode(column: "id", as: UUID.self)
            return NPSCampaignResponse(id: id, name: try row.decode(column: "name", as: String.self), segment: try row.decode(column: "segment", as: String.self),
                recipients: try row.decode(column: "recipients", as: Int.self), answers: answers[id] ?? 0, createdAt: try row.decode(column: "created_at", as: Date.self))
        }, nextCursor: nil)
    }
}
