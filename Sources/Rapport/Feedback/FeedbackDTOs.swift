import Foundation
import RapportCore
import Vapor

/// A piece of feedback as the API shows it.
struct FeedbackResponse: Content {
    var id: UUID
    var kind: FeedbackKind
    var score: Int?
    var comment: String
    var source: FeedbackSource
    var customerID: UUID
    var ticketID: UUID?
    var agentID: UUID?
    var recordedByID: UUID?
    var product: String?
    var receivedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, kind, score, comment, source, product
        case customerID = "customer_id", ticketID = "ticket_id", agentID = "agent_id", recordedByID = "recorded_by_id"
        case receivedAt = "received_at"
    }

    init(_ record: FeedbackRecord) {
        (id, kind, score, comment, source) = (record.id, record.kind, record.score, record.comment, record.source)
        (customerID, ticketID, agentID, recordedByID) = (record.customerID, record.ticketID, record.agentID, record.recordedByID)
        (product, receivedAt) = (record.product, record.receivedAt)
    }
}

/// POST /api/v1/feedback: feedback recorded by hand from any channel.
struct FeedbackInput: Content {
    var kind: String?
    var score: Int?
    var comment: String?
    var source: String?
    var customerID: UUID?
    var ticketID: UUID?
    var agentID: UUID?
    var product: String?
    var receivedAt: Date?

    enum CodingKeys: String, CodingKey {
        case kind, score, comment, source, product
        case customerID = "customer_id", ticketID = "ticket_id", agentID = "agent_id", receivedAt = "received_at"
    }
}

/// POST /api/v1/surveys/nps body; the recipients are chosen by the customer list's query parameters.
struct NPSCampaignInput: Content {
    var name: String?
}

/// An NPS survey sent to a segment, with how many answered so far.
struct NPSCampaignResponse: Content {
    var id: UUID
    var name: String
    var segment: String
    var recipients: Int
    var answers: Int
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name, segment, recipients, answers
        case createdAt = "created_at"
    }
}
