import Fluent
import Foundation
import RapportCore
import SQLKit
import Vapor

extension InboundMail {
    /// The ticket service acting for mail: the system, now.
    func ticketService(_ workspaceID: UUID) -> TicketService {
        TicketService(
            workspaceID: workspaceID, actor: .system, now: clock.now, reader: db, writes: writes, serviceLevels: serviceLevels,
            automations: automations, siteURL: siteURL)
    }

    /// Writes the message on its ticket (or a new one), with its thread entry, its mail parts and the
    /// inbound row's outcome, all in one transaction.
    func writeMessage(
        _ row: InboundEmail, message: MailMessage, kind: MailKind, facts: InboundFacts, threadKey: String, workspaceID: UUID,
        teamID: UUID?, customerID: UUID, ticket: Ticket?
    ) async throws -> InboundDecision {
        let parts = InboundRules.content(text: message.text, html: message.html)
        let html = message.html.map(HTMLSanitizer.sanitize)
        var files: [StoredFile] = []
        var oversized: [String] = []
        for attachment in message.attachments {
            let name = Self.filename(attachment.filename)
            if attachment.data.count > AttachmentStore.maxBytes {
                oversized.append("\(name) (\(attachment.data.count / 1_048_576) MB)")
                continue
            }
            files.append(try attachments.stage(Data(attachment.data), filename: name, mediaType: attachment.mediaType))
        }
        let rowID = row.id!
        let now = clock.now
        let followUpOf = ticket?.status == .closed ? ticket?.number : nil
        var newMessage = NewMessage(
            authorKind: .customer, authorCustomerID: customerID,
            body: parts.new.isEmpty ? (files.isEmpty ? "(no text)" : "(attachments only)") : parts.new, attachments: files)
        // A robot (auto-reply, bulk mail) is never answered by an acknowledgement: that is how mail loops start.
        newMessage.suppressAcknowledgement = !kind.mayAutoRespond
        let staged = files.map { attachments.path(for: $0.sha256) }
        newMessage.alsoWrite = { written, batch in
            batch.makeDurable(staged)
            batch.insert(into: "mail_threads", columns: ["id", "workspace_id", "message_id", "ticket_id", "ticket_message_id", "direction", "created_at"],
                values: [TimeOrderedID.make(), workspaceID, threadKey, written.ticketID, written.id!, "in", now])
            batch.insert(into: "ticket_message_mail", columns: ["message_id", "workspace_id", "inbound_email_id", "quoted_text", "signature", "html_sanitized"],
                values: [written.id!, workspaceID, rowID, parts.quoted, parts.signature, html])
            if let followUpOf {
                var events = TicketEventLog(workspaceID: workspaceID, ticketID: written.ticketID, actor: .system, at: now)
                events.add("follow_up_of", newValue: followUpOf.description)
                events.insert(into: batch)
            }
            try await Self.markProcessed(rowID, facts: facts, workspaceID: workspaceID, ticketID: written.ticketID, messageID: written.id!, at: now, batch: batch)
        }
        let service = ticketService(workspaceID)
        let written: TicketMessage
        do {
            if let ticket, ticket.status != .closed {
                // Robots' mail is kept on the ticket but does not reopen it.
                (written, _) = try await service.addMessage(to: ticket.id!, newMessage, status: kind == .normal ? nil : ticket.status)
            } else {
                var changes = TicketChanges()
                let subject = message.subject.trimmingCharacters(in: .whitespacesAndNewlines)
                changes.subject = subject.isEmpty ? "(no subject)" : String(subject.prefix(300))
                changes.channel = .email
                changes.kind = .question
                if let teamID { changes.teamID = .set(teamID) }
                // The first message is made inside `create`; `alsoWrite` hands it out, so it need not be read back.
                let first = WrittenMessage()
                let write = newMessage.alsoWrite
                newMessage.alsoWrite = { message, batch in
                    first.message = message
                    try await write?(message, batch)
                }
                let (created, _) = try await service.create(changes, requesterID: customerID, message: newMessage)
                guard let message = first.message else { throw InboundStorageError("ticket \(created.number) has no message") }
                written = message
            }
        } catch {
            // The same Message-ID delivered twice at once: the other delivery's thread row won.
            if let existing = try await InboundLookups(db: db, workspaceID: workspaceID).thread(threadKey) {
                return InboundDecision(status: .duplicate, reason: "Message-ID \(threadKey.prefix(200)) was already received",
                    workspaceID: workspaceID, ticketID: existing.ticketID, ticketMessageID: existing.messageID, facts: facts)
            }
            throw error
        }
        if !oversized.isEmpty {
            var note = NewMessage(authorKind: .system, body: "Not stored as attachments (over \(AttachmentStore.maxBytes / 1_048_576) MB): "
                + oversized.joined(separator: ", ") + ". The raw message keeps them: /api/v1/inbound/emails/\(rowID)/raw")
            note.visibility = .internal
            _ = try await service.addMessage(to: written.ticketID, note, status: nil)
        }
        return InboundDecision(status: .processed, workspaceID: workspaceID, ticketID: written.ticketID, ticketMessageID: written.id,
            facts: facts, writtenWithMessage: true)
    }

    /// A bounce becomes an internal note and an event on the ticket whose message bounced.
    func attachBounce(
        _ row: InboundEmail, message: MailMessage, original: String?, recipient: String?, threadKey: String, decision: InboundDecision
    ) async throws -> InboundDecision {
        var decision = decision
        guard let workspaceID = decision.workspaceID else { return decision }
        let lookups = InboundLookups(db: db, workspaceID: workspaceID)
        let candidates = [original].compactMap { $0 } + message.inReplyTo + message.references
        guard let ticket = try await lookups.ticket(referencedBy: candidates, direction: "out") else {
            decision.status = .ignored
            decision.reason = "bounce of a message Rapport did not send (\(original ?? "original Message-ID unknown"))"
            return decision
        }
        let rowID = row.id!
        let now = clock.now
        let facts = decision.facts
        let failed = recipient ?? "the customer"
        var note = NewMessage(authorKind: .system, body: "Delivery failed to \(failed)"
            + (original.map { " (message <\($0)>)" } ?? "") + ". The bounce is at /api/v1/inbound/emails/\(rowID)/raw")
        note.visibility = .internal
        note.alsoWrite = { written, batch in
            batch.insert(into: "mail_threads", columns: ["id", "workspace_id", "message_id", "ticket_id", "ticket_message_id", "direction", "created_at"],
                values: [TimeOrderedID.make(), workspaceID, threadKey, written.ticketID, written.id!, "in", now])
            var events = TicketEventLog(workspaceID: workspaceID, ticketID: written.ticketID, actor: .system, at: now)
            events.add("mail_bounced", field: "recipient", newValue: recipient ?? original)
            events.insert(into: batch)
            try await Self.markProcessed(rowID, facts: facts, workspaceID: workspaceID, ticketID: written.ticketID, messageID: written.id!, at: now, batch: batch)
        }
        let (written, _) = try await ticketService(workspaceID).addMessage(to: ticket.id!, note, status: ticket.status == .closed ? nil : ticket.status)
        return InboundDecision(status: .processed, workspaceID: workspaceID, ticketID: written.ticketID, ticketMessageID: written.id,
            facts: facts, writtenWithMessage: true)
    }

    static func markProcessed(
        _ id: UUID, facts: InboundFacts?, workspaceID: UUID, ticketID: UUID, messageID: UUID, at now: Date, batch: WriteBatch
    ) async throws {
        var update = batch.sql.update(InboundEmail.schema)
        update = update.set("status", to: InboundStatus.processed.rawValue).set("reason", to: String?.none).set("workspace_id", to: workspaceID)
        update = update.set("message_id", to: facts?.messageID).set("from_address", to: facts?.fromAddress)
        update = update.set("subject", to: facts?.subject).set("kind", to: facts?.kind)
        update = update.set("ticket_id", to: ticketID).set("ticket_message_id", to: messageID).set("processed_at", to: now)
        try await update.where("id", .equal, id).run()
    }

    /// A filename safe to store and offer for download.
    static func filename(_ raw: String) -> String {
        let cleaned = raw.replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "\\", with: "_")
            .trimmingCharacters(in: .whitespacesAndNewlines.union(.controlCharacters))
        return cleaned.isEmpty ? "attachment" : String(cleaned.prefix(255))
    }
}

/// The message a ticket was created with, as `create` wrote it (set once, inside the write job, read after it).
private final class WrittenMessage: @unchecked Sendable {
    var message: TicketMessage?
}
