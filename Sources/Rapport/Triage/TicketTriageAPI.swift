import Fluent
import FluentKit
import Foundation
import RapportCore
import SQLKit
import Vapor

/// /api/v1/tickets/:id/triage: the suggested kind, category or topic, priority and routing hint with the
/// reasons, computed from the ticket's first customer message on first request and stored; the agent
/// confirms or corrects it, and the confirmed labels become training data for the workspace's model.
struct TicketTriageAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.requiring(.viewer).get("tickets", ":id", "triage", use: show)
        routes.requiring(.agent).post("tickets", ":id", "triage", "confirm", use: confirm)
    }

    func show(req: Request) async throws -> TicketTriageResponse {
        TicketTriageResponse(try await suggestion(req))
    }

    func confirm(req: Request) async throws -> TicketTriageResponse {
        let actor = try req.actor
        let triage = try await suggestion(req)
        let input = try req.content.decode(TicketTriageConfirmRequest.self)
        var feedback = TriageFeedbackRequest(
            text: nil, ticketMessageId: nil, styles: input.styles ?? triage.styles,
            sentiment: input.sentiment ?? triage.sentiment.rawValue, urgency: input.urgency ?? triage.urgency.rawValue,
            kind: input.kind ?? triage.kind.rawValue, category: nil, topic: nil)
        if input.kind == nil || input.kind == triage.kind.rawValue {
            feedback.category = input.category ?? triage.category?.rawValue
            feedback.topic = input.topic ?? triage.topic?.rawValue
        } else {
            feedback.category = input.category
            feedback.topic = input.topic
        }
        let labels = try feedback.labels(requiringText: false)
        var priority = triage.priority
        if let raw = input.priority {
            guard let value = TicketPriority(rawValue: raw) else {
                throw APIError.validation(["priority": "must be one of " + TicketPriority.allCases.map(\.rawValue).joined(separator: ", ")])
            }
            priority = value
        }
        var text: String?
        if let messageID = triage.messageID {
            text = try await TicketMessage.query(on: req.db).filter(\.$workspaceID == actor.workspaceID).filter(\.$id == messageID).first()?.body
        }
        let now = req.clock.now
        let (chosenPriority, messageText) = (priority, text)
        try await req.db.transaction { db in
            triage.kind = labels.kind
            triage.category = labels.category
            triage.topic = labels.topic
            triage.styles = labels.styles.map(\.rawValue)
            triage.sentiment = labels.sentiment
            triage.urgency = labels.urgency
            triage.priority = chosenPriority
            triage.confirmedByID = actor.userID
            triage.confirmedAt = now
            try await triage.save(on: db)
            if let text = messageText {
                let label = TriageLabel()
                label.workspaceID = actor.workspaceID
                label.text = text
                label.ticketMessageID = triage.messageID
                label.styles = triage.styles
                label.sentiment = labels.sentiment
                label.urgency = labels.urgency
                label.kind = labels.kind
                label.category = labels.category
                label.topic = labels.topic
                label.confirmedByID = actor.userID
                label.confirmedAt = now
                try await label.save(on: db)
            }
        }
        return TicketTriageResponse(triage)
    }

    /// The stored suggestion, made now when the ticket has none yet.
    private func suggestion(_ req: Request) async throws -> TicketTriage {
        let workspaceID = try req.workspaceID
        let ticketID = try req.requireUUID("id")
        guard let ticket = try await Ticket.query(on: req.db).filter(\.$workspaceID == workspaceID).filter(\.$id == ticketID)
            .field(\.$id).field(\.$subject).field(\.$requesterID).first() else {
            throw APIError.notFound("ticket")
        }
        if let stored = try await TicketTriage.query(on: req.db).filter(\.$workspaceID == workspaceID).filter(\.$ticketID == ticketID).first() {
            return stored
        }
        let message = try await TicketMessage.query(on: req.db).filter(\.$workspaceID == workspaceID).filter(\.$ticketID == ticketID)
            .filter(\.$authorKind == .customer).sort(\.$createdAt).sort(\.$id).first()
        let text = [ticket.subject, message?.body].compactMap { $0 }.joined(separator: "\n")
        let classifier = try await req.application.triageModels.classifier(for: workspaceID, on: req.db)
        let analysis = classifier.analyze(String(text.prefix(TriageAPI.maximumTextLength)))
        let profile = try await profileValues(of: ticket.requesterID, in: workspaceID, on: req.db)
        let suggestion = TriageSuggestion.make(
            analysis: analysis, valueTier: profile[.valueTier]?.compactMap(ValueTier.init(rawValue:)).first,
            atRisk: profile[.lifecycle]?.contains(Lifecycle.atRisk.rawValue) == true)
        let triage = TicketTriage()
        triage.workspaceID = workspaceID
        triage.ticketID = ticketID
        triage.messageID = try message?.requireID()
        triage.kind = analysis.kind.label
        triage.category = analysis.category?.label
        triage.topic = analysis.topic?.label
        triage.priority = suggestion.priority
        triage.styles = analysis.styles.map(\.label.rawValue)
        triage.sentiment = analysis.sentiment.label
        triage.urgency = analysis.urgency.label
        triage.routingHint = suggestion.routingHint
        triage.reasons = suggestion.reasons
        triage.createdAt = req.clock.now
        do {
            try await triage.create(on: req.db)
        } catch {
            // Another request may have stored it first (unique per ticket): answer theirs.
            guard (error as? any DatabaseError)?.isConstraintFailure == true,
                  let stored = try await TicketTriage.query(on: req.db).filter(\.$workspaceID == workspaceID).filter(\.$ticketID == ticketID).first()
            else { throw error }
            return stored
        }
        return triage
    }

    private func profileValues(of customerID: UUID, in workspaceID: UUID, on db: any Database) async throws -> [ProfileDimension: [String]] {
        guard let sql = db as? any SQLDatabase else { return [:] }
        var profile: [ProfileDimension: [String]] = [:]
        for row in try await sql.select().columns("dimension", "value").from("customer_profile_values")
            .where("workspace_id", .equal, workspaceID).where("customer_id", .equal, customerID).all() {
            if let dimension = ProfileDimension(rawValue: try row.decode(column: "dimension", as: String.self)) {
                profile[dimension, default: []].append(try row.decode(column: "value", as: String.self))
            }
        }
        return profile
    }
}

/// POST /api/v1/tickets/:id/triage/confirm input: every field optional; left out means "as suggested".
struct TicketTriageConfirmRequest: Content {
    var kind: String?
    var category: String?
    var topic: String?
    var priority: String?
    var styles: [String]?
    var sentiment: String?
    var urgency: String?
}

/// A ticket's triage as the API shows it.
struct TicketTriageResponse: Content {
    var ticketId: UUID
    var kind: TicketKind
    var category: ComplaintCategory?
    var topic: TicketTopic?
    var priority: TicketPriority
    var styles: [String]
    var sentiment: Sentiment
    var urgency: Urgency
    var routingHint: String
    var reasons: [String]
    var confirmed: Bool
    var confirmedBy: UUID?
    var confirmedAt: Date?

    enum CodingKeys: String, CodingKey {
        case kind, category, topic, priority, styles, sentiment, urgency, reasons, confirmed
        case ticketId = "ticket_id", routingHint = "routing_hint", confirmedBy = "confirmed_by", confirmedAt = "confirmed_at"
    }

    init(_ triage: TicketTriage) {
        ticketId = triage.ticketID
        kind = triage.kind
        category = triage.category
        topic = triage.topic
        priority = triage.priority
        styles = triage.styles
        sentiment = triage.sentiment
        urgency = triage.urgency
        routingHint = triage.routingHint
        reasons = triage.reasons
        confirmed = triage.confirmedAt != nil
        confirmedBy = triage.confirmedByID
        confirmedAt = triage.confirmedAt
    }
}
