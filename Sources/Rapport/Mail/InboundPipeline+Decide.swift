import Fluent
import Foundation
import RapportCore
import SQLKit
import Vapor

extension InboundMail {
    /// Reads the message and decides where it goes; writes the ticket message when it goes to a ticket.
    func decide(_ row: InboundEmail, override: InboundRoute?) async throws -> InboundDecision {
        let bytes = try raw.read(row.sha256)
        let message: MailMessage
        do {
            message = try MailParser.parse(bytes)
        } catch {
            return InboundDecision(status: .quarantined, reason: "unparseable: \(error)")
        }
        let kind = MailClassifier.classify(
            headers: message.headers, from: message.from?.address, subject: message.subject, text: message.text,
            attachments: message.attachments.map { ($0.mediaType, $0.data) })
        let sender = message.from ?? message.replyTo.first
        let threadKey = message.messageID ?? "sha256-\(row.sha256)@rapport.invalid"
        var facts = InboundFacts(
            messageID: message.messageID.map { String($0.prefix(500)) }, fromAddress: sender.map { $0.address.lowercased() },
            subject: String(message.subject.prefix(500)), kind: InboundRules.kindWord(kind))

        // Routing: by hand, as handed in, or by the support address the message was sent to.
        let recipients = InboundRules.recipients(envelope: row.recipient, deliveredTo: message.deliveredTo, to: message.to, cc: message.cc)
        let found = try await InboundRouting(db: db).route(
            workspaceID: override?.workspaceID ?? row.workspaceID, teamID: override?.teamID ?? row.teamID, recipients: recipients)
        guard let workspaceID = found.workspaceID else {
            let names = recipients.isEmpty ? "none" : recipients.prefix(5).joined(separator: ", ")
            return InboundDecision(status: .quarantined, reason: "no support address matches the recipients (\(names))", facts: facts)
        }
        var decision = InboundDecision(status: .quarantined, workspaceID: workspaceID, facts: facts)
        guard let sender, sender.address.contains("@"), EmailAddress.isValid(sender.address) else {
            decision.reason = "no usable From address"
            return decision
        }
        facts.fromAddress = sender.address.lowercased()
        decision.facts = facts
        let lookups = InboundLookups(db: db, workspaceID: workspaceID)

        if let existing = try await lookups.thread(threadKey) {
            return InboundDecision(status: .duplicate, reason: "Message-ID \(threadKey.prefix(200)) was already received",
                workspaceID: workspaceID, ticketID: existing.ticketID, ticketMessageID: existing.messageID, facts: facts)
        }
        if override == nil {
            let earlier = try await lookups.countFrom(facts.fromAddress!, since: row.receivedAt.addingTimeInterval(-InboundRules.rateWindow), before: row.id!)
            if InboundRules.overRateLimit(earlierInWindow: earlier) {
                decision.reason = "rate limit: more than \(InboundRules.rateLimit) messages from \(facts.fromAddress!) in \(Int(InboundRules.rateWindow / 60)) minutes"
                return decision
            }
        }
        if case .bounce(let original, let recipient) = kind {
            return try await attachBounce(row, message: message, original: original, recipient: recipient, threadKey: threadKey, decision: decision)
        }

        let customer = try await lookups.customer(for: sender, at: clock.now, writes: writes)
        var ticket = try await lookups.ticket(referencedBy: message.inReplyTo + message.references)
        if ticket == nil, let number = TicketMailTag.number(inSubject: message.subject) ?? found.ticketNumber,
           let tagged = try await lookups.ticket(number: number),
           InboundRules.mayJoinByNumber(senderIsRequester: tagged.requesterID == customer) {
            ticket = tagged
        }
        if ticket == nil, kind == .autoReply {
            decision.status = .ignored
            decision.reason = "auto-reply that answers no ticket"
            return decision
        }
        return try await writeMessage(
            row, message: message, kind: kind, facts: facts, threadKey: threadKey, workspaceID: workspaceID, teamID: found.teamID,
            customerID: customer, ticket: ticket)
    }
}

/// Finds a message's workspace and team from how it was handed in and the addresses it was sent to.
struct InboundRouting {
    let db: any Database
    var sql: any SQLDatabase { db as! any SQLDatabase }

    struct Found {
        var workspaceID: UUID?
        var teamID: UUID?
        /// The ticket number of a plus address ("help+t123@...").
        var ticketNumber: Int64?
    }

    func route(workspaceID: UUID?, teamID: UUID?, recipients: [String]) async throws -> Found {
        var found = Found(workspaceID: workspaceID, teamID: teamID)
        for recipient in recipients {
            let (support, number) = TicketMailTag.parse(recipient: recipient)
            var query = sql.select().columns("workspace_id", "team_id").from("support_addresses").where("address", .equal, support)
            if let workspaceID { query = query.where("workspace_id", .equal, workspaceID) }
            guard let match = try await query.first() else { continue }
            found.workspaceID = try match.decode(column: "workspace_id", as: UUID.self)
            if found.teamID == nil { found.teamID = try match.decode(column: "team_id", as: UUID?.self) }
            found.ticketNumber = number
            return found
        }
        return found
    }
}
