import Fluent
import Foundation
import RapportCore
import Vapor

/// /api/v1/triage: analyse a customer message, and record agents' corrections that train the workspace's model.
struct TriageAPI: RouteCollection {
    /// Longer texts are cut here before analysis; a customer message rarely needs more.
    static let maximumTextLength = 20_000

    func boot(routes: any RoutesBuilder) throws {
        let triage = routes.requiring(.agent).grouped("triage")
        triage.post("analyze", use: analyze)
        triage.post("feedback", use: feedback)
    }

    func analyze(req: Request) async throws -> TriageAnalysisResponse {
        let input = try req.content.decode(AnalyzeRequest.self)
        guard let text = input.text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw APIError.validation(["text": input.text == nil ? "is required" : "must not be empty"])
        }
        let classifier = try await req.application.triageModels.classifier(for: try req.workspaceID, on: req.db)
        return TriageAnalysisResponse(classifier.analyze(String(text.prefix(Self.maximumTextLength))), trainedOn: classifier.exampleCount)
    }

    func feedback(req: Request) async throws -> Response {
        let actor = try req.actor
        let input = try req.content.decode(TriageFeedbackRequest.self)
        let labels = try input.labels()
        var text = input.text
        if let messageID = input.ticketMessageId {
            guard let message = try await TicketMessage.query(on: req.db)
                .filter(\.$workspaceID == actor.workspaceID).filter(\.$id == messageID).first() else {
                throw APIError.notFound("ticket message")
            }
            text = text ?? message.body
        }
        let label = TriageLabel()
        label.workspaceID = actor.workspaceID
        label.text = String((text ?? "").prefix(Self.maximumTextLength))
        label.ticketMessageID = input.ticketMessageId
        label.styles = labels.styles.map(\.rawValue)
        label.sentiment = labels.sentiment
        label.urgency = labels.urgency
        label.kind = labels.kind
        label.category = labels.category
        label.topic = labels.topic
        label.confirmedByID = actor.userID
        label.confirmedAt = req.clock.now
        try await label.save(on: req.db)
        return try await TriageLabelResponse(label).encodeResponse(status: .created, for: req)
    }
}
