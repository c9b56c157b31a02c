import Fluent
import Foundation
import RapportCore
import SQLKit
import Vapor

/// A stored message, parsed and routed to its workspace: what every later step needs.
struct InboundRouted: Sendable {
    let index: Int
    let row: InboundEmail
    let message: MailMessage
    let kind: MailKind
    let sender: MailAddress
    /// The Message-ID, or one made from the bytes' digest: how duplicates are recognised.
    let threadKey: String
    let facts: InboundFacts
    let workspaceID: UUID
    let teamID: UUID?
    /// The ticket number of a plus address ("help+t123@...").
    let plusTicketNumber: Int64?

    /// The Message-IDs this message answers: In-Reply-To first, then References.
    var references: [String] { message.inReplyTo + message.references }
}

/// A stored message, parsed.
struct InboundParsed: Sendable {
    let row: InboundEmail
    let message: MailMessage
    let kind: MailKind
    let facts: InboundFacts
    /// The envelope recipient, Delivered-To, To and Cc: the addresses that may name a support address.
    let recipients: [String]
}

extension InboundMail {
    /// Reads and parses a stored message; one that does not parse is decided here (`.failure`).
    func parse(_ row: InboundEmail) throws -> Result<InboundParsed, InboundStop> {
        let bytes = try raw.read(row)
        let message: MailMessage
        do {
            message = try MailParser.parse(bytes)
        } catch {
            return .failure(InboundStop(InboundDecision(status: .quarantined, reason: "unparseable: \(error)")))
        }
        let kind = MailClassifier.classify(
            headers: message.headers, from: message.from?.address, subject: message.subject, text: message.text,
            attachments: message.attachments.map { ($0.mediaType, $0.data) })
        let sender = message.from ?? message.replyTo.first
        let facts = InboundFacts(
            messageID: message.messageID.map { String($0.prefix(500)) }, fromAddress: sender.map { $0.address.lowercased() },
            subject: String(message.subject.prefix(500)), kind: InboundRules.kindWord(kind))
        return .success(InboundParsed(row: row, message: message, kind: kind, facts: facts, recipients: Self.recipients(of: row, message)))
    }

    /// Routes a parsed message by hand, as handed in, or by the support address it was sent to
    /// (`addresses`: the support addresses among the recipients). One that cannot go further is decided here.
    func route(
        _ parsed: InboundParsed, index: Int, override: InboundRoute?, addresses: [String: InboundRouting.Address]
    ) -> Result<InboundRouted, InboundStop> {
        let row = parsed.row
        let message = parsed.message
        var facts = parsed.facts
        let found = InboundRouting.route(
            workspaceID: override?.workspaceID ?? row.workspaceID, teamID: override?.teamID ?? row.teamID, recipients: parsed.recipients,
            addresses: addresses)
        guard let workspaceID = found.workspaceID else {
            let names = parsed.recipients.isEmpty ? "none" : parsed.recipients.prefix(5).joined(separator: ", ")
            return .failure(InboundStop(InboundDecision(status: .quarantined, reason: "no support address matches the recipients (\(names))", facts: facts)))
        }
        guard let sender = message.from ?? message.replyTo.first, sender.address.contains("@"), EmailAddress.isValid(sender.address) else {
            return .failure(InboundStop(InboundDecision(status: .quarantined, reason: "no usable From address", workspaceID: workspaceID, facts: facts)))
        }
        facts.fromAddress = sender.address.lowercased()
        return .success(InboundRouted(
            index: index, row: row, message: message, kind: parsed.kind, sender: sender,
            threadKey: message.messageID ?? "sha256-\(row.sha256)@rapport.invalid", facts: facts, workspaceID: workspaceID, teamID: found.teamID,
            plusTicketNumber: found.ticketNumber))
    }

    static func recipients(of row: InboundEmail, _ message: MailMessage) -> [String] {
        InboundRules.recipients(envelope: row.recipient, deliveredTo: message.deliveredTo, to: message.to, cc: message.cc)
    }

    /// What is decided before anything is written: a Message-ID already received, a sender over the
    /// rate limit. `earlierInBatch` counts the sender's messages before this one in the same batch
    /// (the rate limit counts them as if they had come one by one). Nil: the message goes on.
    func screen(_ routed: InboundRouted, known: InboundBatchLookups, earlierInBatch: Int, override: InboundRoute?) -> InboundDecision? {
        let facts = routed.facts
        if let existing = known.threads[routed.threadKey] {
            return InboundDecision(status: .duplicate, reason: "Message-ID \(routed.threadKey.prefix(200)) was already received",
                workspaceID: routed.workspaceID, ticketID: existing.ticketID, ticketMessageID: existing.messageID, facts: facts)
        }
        if override == nil, InboundRules.overRateLimit(earlierInWindow: (known.recentFrom[facts.fromAddress!] ?? 0) + earlierInBatch) {
            return InboundDecision(status: .quarantined,
                reason: "rate limit: more than \(InboundRules.rateLimit) messages from \(facts.fromAddress!) in \(Int(InboundRules.rateWindow / 60)) minutes",
                workspaceID: routed.workspaceID, facts: facts)
        }
        return nil
    }

    /// Decides where a screened message goes and writes the ticket message when it goes to a ticket.
    /// `known` holds the batch's lookups; `customerID` is the sender's customer (nil only for bounces).
    func decide(_ routed: InboundRouted, known: InboundBatchLookups, customerID: UUID?) async throws -> InboundDecision {
        let workspaceID = routed.workspaceID
        let facts = routed.facts
        var decision = InboundDecision(status: .quarantined, workspaceID: workspaceID, facts: facts)
        if case .bounce(let original, let recipient) = routed.kind {
            return try await attachBounce(routed.row, message: routed.message, original: original, recipient: recipient, threadKey: routed.threadKey, decision: decision)
        }
        guard let customerID else { throw InboundStorageError("the sender \(facts.fromAddress!) has no customer") }

        let lookups = InboundLookups(db: db, workspaceID: workspaceID)
        var ticket: Ticket?
        if let ticketID = InboundLookups.latestTicket(referencedBy: routed.references, in: known.threads.mapValues(\.ticketID)) {
            ticket = try await lookups.ticket(id: ticketID)
        }
        if ticket == nil, let number = TicketMailTag.number(inSubject: routed.message.subject) ?? routed.plusTicketNumber,
           let tagged = try await lookups.ticket(number: number),
           InboundRules.mayJoinByNumber(senderIsRequester: tagged.requesterID == customerID) {
            ticket = tagged
        }
        if ticket == nil, routed.kind == .autoReply {
            decision.status = .ignored
            decision.reason = "auto-reply that answers no ticket"
            return decision
        }
        return try await writeMessage(
            routed.row, message: routed.message, kind: routed.kind, facts: facts, threadKey: routed.threadKey, workspaceID: workspaceID,
            teamID: routed.teamID, customerID: customerID, ticket: ticket)
    }
}

/// Why a message goes no further than routing: its decision.
struct InboundStop: Error {
    var decision: InboundDecision
    init(_ decision: InboundDecision) { self.decision = decision }
}

/// Finds a message's workspace and team from how it was handed in and the addresses it was sent to.
enum InboundRouting {
    /// A support address's workspace and team.
    struct Address: Sendable {
        var workspaceID: UUID
        var teamID: UUID?
    }

    struct Found {
        var workspaceID: UUID?
        var teamID: UUID?
        /// The ticket number of a plus address ("help+t123@...").
        var ticketNumber: Int64?
    }

    /// The support addresses among `recipients` (plus addresses reduced to their support address), in one query.
    static func addresses(of recipients: [String], sql: any SQLDatabase) async throws -> [String: Address] {
        let wanted = Array(Set(recipients.map { TicketMailTag.parse(recipient: $0).support }))
        guard !wanted.isEmpty else { return [:] }
        var found: [String: Address] = [:]
        for chunk in InboundLookups.chunks(wanted) {
            let rows = try await sql.select().columns("address", "workspace_id", "team_id").from("support_addresses").where("address", .in, chunk).all()
            for row in rows {
                found[try row.decode(column: "address", as: String.self)] = Address(
                    workspaceID: try row.decode(column: "workspace_id", as: UUID.self), teamID: try row.decode(column: "team_id", as: UUID?.self))
            }
        }
        return found
    }

    /// The first recipient that is a support address (of `workspaceID` when the message was routed by hand) decides.
    static func route(workspaceID: UUID?, teamID: UUID?, recipients: [String], addresses: [String: Address]) -> Found {
        var found = Found(workspaceID: workspaceID, teamID: teamID)
        for recipient in recipients {
            let (support, number) = TicketMailTag.parse(recipient: recipient)
            guard let match = addresses[support], workspaceID == nil || match.workspaceID == workspaceID else { continue }
            found.workspaceID = match.workspaceID
            if found.teamID == nil { found.teamID = match.teamID }
            found.ticketNumber = number
            return found
        }
        return found
    }
}
