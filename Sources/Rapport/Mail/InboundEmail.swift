import Fluent
import Foundation
import Vapor

/// What became of a received message.
enum InboundStatus: String, Codable, Sendable, CaseIterable {
    /// Stored, not processed yet (or processing was interrupted: `rapport mail reprocess --all` takes it up).
    case received, processed, duplicate, ignored, quarantined
}

/// One received message: its raw bytes live in a pack file of its batch under `mail/raw/packs`; this row says where it went.
final class InboundEmail: Model, @unchecked Sendable {
    static let schema = "inbound_emails"

    @ID(key: .id) var id: UUID?
    /// Empty until routed.
    @OptionalField(key: "workspace_id") var workspaceID: UUID?
    /// A team named when the message was handed in (`--team`), or chosen at re-processing.
    @OptionalField(key: "team_id") var teamID: UUID?
    @Field(key: "sha256") var sha256: String
    /// The pack file of the message's batch (under `mail/raw/packs`), and where in it the bytes start;
    /// empty for messages stored before packs, which have a file of their own named by the digest.
    @OptionalField(key: "raw_pack") var rawPack: String?
    @OptionalField(key: "raw_offset") var rawOffset: Int64?
    @Field(key: "size") var size: Int64
    @Field(key: "received_at") var receivedAt: Date
    /// The envelope recipient, when the mail server told us.
    @OptionalField(key: "recipient") var recipient: String?
    @OptionalField(key: "message_id") var messageID: String?
    @OptionalField(key: "from_address") var fromAddress: String?
    @OptionalField(key: "subject") var subject: String?
    @Field(key: "status") var status: InboundStatus
    @OptionalField(key: "reason") var reason: String?
    @OptionalField(key: "ticket_id") var ticketID: UUID?
    @OptionalField(key: "ticket_message_id") var ticketMessageID: UUID?
    /// normal, auto_reply, bulk or bounce (MailClassifier).
    @OptionalField(key: "kind") var kind: String?
    @OptionalField(key: "processed_at") var processedAt: Date?

    init() {}

    static let insertColumns = ["id", "workspace_id", "team_id", "sha256", "raw_pack", "raw_offset", "size", "received_at", "recipient", "status"]
}

/// A received message as the API shows it.
struct InboundEmailResponse: Content {
    var id: UUID
    var status: InboundStatus
    var reason: String?
    var kind: String?
    var receivedAt: Date
    var processedAt: Date?
    var size: Int64
    var sha256: String
    var recipient: String?
    var messageID: String?
    var from: String?
    var subject: String?
    var workspaceID: UUID?
    var ticketID: UUID?
    var ticketMessageID: UUID?
    var rawURL: String

    enum CodingKeys: String, CodingKey {
        case id, status, reason, kind, size, sha256, recipient, from, subject
        case receivedAt = "received_at"
        case processedAt = "processed_at"
        case messageID = "message_id"
        case workspaceID = "workspace_id"
        case ticketID = "ticket_id"
        case ticketMessageID = "ticket_message_id"
        case rawURL = "raw_url"
    }

    init(_ row: InboundEmail) {
        id = row.id!
        status = row.status
        reason = row.reason
        kind = row.kind
        receivedAt = row.receivedAt
        processedAt = row.processedAt
        size = row.size
        sha256 = row.sha256
        recipient = row.recipient
        messageID = row.messageID
        from = row.fromAddress
        subject = row.subject
        workspaceID = row.workspaceID
        ticketID = row.ticketID
        ticketMessageID = row.ticketMessageID
        rawURL = "/api/v1/inbound/emails/\(row.id!)/raw"
    }
}
