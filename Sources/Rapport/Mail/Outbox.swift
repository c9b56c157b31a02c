import Fluent
import Foundation
import RapportCore
import SQLKit

/// What an outbox row carries.
enum OutboxKind: String, Codable, CaseIterable, Sendable {
    case reply, acknowledgement, notification, test, survey, report
}

/// Where an outbox row is on its way out.
enum OutboxStatus: String, Codable, CaseIterable, Sendable {
    case queued, sending, sent, failed
}

/// The outbox: mail is rendered and stored here in the same transaction as the change that caused
/// it, and `OutboundWorker` delivers it later. A rolled-back reply therefore never mails, and a
/// committed one always does (or its failure shows on the message).
enum Outbox {
    static let columns = [
        "id", "workspace_id", "ticket_id", "ticket_message_id", "kind", "mail_from", "recipients", "message_id", "content",
        "status", "attempts", "next_attempt_at", "lease_until", "last_error", "sent_at", "created_at",
    ]

    /// Who replies by email: a customer with an email address on a ticket that came by email or the web form.
    static func mailsReplies(on channel: TicketChannel) -> Bool { channel == .email || channel == .web }

    /// Queues an agent's public reply to the ticket's requester, threaded after the ticket's mail so far.
    static func enqueueReply(_ message: TicketMessage, ticket: Ticket, batch: WriteBatch, now: Date) async throws {
        guard message.kind == .message, message.visibility == .public, message.authorKind == .agent,
              mailsReplies(on: ticket.channel) else { return }
        let sql = batch.sql
        guard let recipient = try await requesterEmail(sql, ticket: ticket),
              let sender = try await sender(sql, workspaceID: ticket.workspaceID, teamID: ticket.teamID) else { return }
        let thread = try await sql.select().columns("message_id", "direction").from("mail_threads")
            .where("workspace_id", .equal, ticket.workspaceID).where("ticket_id", .equal, ticket.id!)
            .orderBy("created_at").orderBy("id").all()
        let ids = try thread.map { (id: try $0.decode(column: "message_id", as: String.self), direction: try $0.decode(column: "direction", as: String.self)) }
        // In-Reply-To: the customer's last message; References: the thread, its first and latest ids when it is long.
        let inReplyTo = ids.last { $0.direction == "in" }.map { [$0.id] } ?? ids.last.map { [$0.id] } ?? []
        var references = ids.map(\.id)
        if references.count > 20 { references = [references[0]] + references.suffix(19) }
        let subject = ticket.subject.lowercased().hasPrefix("re:") ? ticket.subject : "Re: \(ticket.subject)"
        let id = TimeOrderedID.make(now: now)
        let mail = ComposedMail(
            from: sender.address, to: [ComposedMail.Address(name: recipient.name, address: recipient.address)],
            replyTo: [ComposedMail.Address(name: sender.address.name, address: TicketMailTag.replyAddress(support: sender.address.address, number: ticket.number))],
            subject: TicketMailTag.subject(subject, number: ticket.number), date: now,
            messageID: ComposedMail.messageID(uuid: id, fromAddress: sender.address.address),
            inReplyTo: inReplyTo, references: references, text: message.body, html: html(fromText: message.body))
        insert(mail, id: id, kind: .reply, workspaceID: ticket.workspaceID, ticketID: ticket.id, messageID: message.id, batch: batch, now: now)
    }

    /// Adds a rendered message to the batch.
    static func insert(_ mail: ComposedMail, id: UUID, kind: OutboxKind, workspaceID: UUID, ticketID: UUID?, messageID: UUID?, batch: WriteBatch, now: Date) {
        let content = String(decoding: MailComposer.compose(mail), as: UTF8.self)
        let recipients = (mail.to + mail.cc).map(\.address).joined(separator: ",")
        batch.insert(into: "outbox", columns: columns, values: [
            id, workspaceID, ticketID, messageID, kind.rawValue, mail.from.address, recipients, mail.messageID, content,
            OutboxStatus.queued.rawValue, 0, now, Date?.none, String?.none, Date?.none, now,
        ])
    }

    /// The requester's first email address and name.
    static func requesterEmail(_ sql: any SQLDatabase, ticket: Ticket) async throws -> (name: String, address: String)? {
        guard let row = try await sql.select().column(SQLColumn("address", table: "e")).column(SQLColumn("name", table: "c"))
            .from(SQLAlias(SQLIdentifier("customer_emails"), as: SQLIdentifier("e")))
            .join(SQLAlias(SQLIdentifier("customers"), as: SQLIdentifier("c")), on: SQLColumn("id", table: "c"), .equal, SQLColumn("customer_id", table: "e"))
            .where(SQLColumn("workspace_id", table: "e"), .equal, SQLBind(ticket.workspaceID))
            .where(SQLColumn("customer_id", table: "e"), .equal, SQLBind(ticket.requesterID))
            .orderBy(SQLColumn("position", table: "e")).limit(1).first() else { return nil }
        return (try row.decode(column: "name", as: String.self), try row.decode(column: "address", as: String.self))
    }

    /// The address mail goes out from: the ticket team's support address, else the workspace's default,
    /// else its oldest. The display name is the settings' from-name, else the address's, else none.
    static func sender(_ sql: any SQLDatabase, workspaceID: UUID, teamID: UUID?) async throws -> (address: ComposedMail.Address, id: UUID)? {
        let rows = try await sql.select().columns("id", "address", "display_name", "team_id", "is_default").from("support_addresses")
            .where("workspace_id", .equal, workspaceID).orderBy("created_at").orderBy("id").all()
        let addresses = try rows.map { row in
            (id: try row.decode(column: "id", as: UUID.self), address: try row.decode(column: "address", as: String.self),
             name: try row.decode(column: "display_name", as: String?.self), team: try row.decode(column: "team_id", as: UUID?.self),
             isDefault: try row.decode(column: "is_default", as: Bool.self))
        }
        guard let chosen = addresses.first(where: { teamID != nil && $0.team == teamID }) ?? addresses.first(where: \.isDefault) ?? addresses.first else { return nil }
        let fromName = try await sql.select().column("from_name").from("outbound_mail_settings").where("workspace_id", .equal, workspaceID)
            .first()?.decode(column: "from_name", as: String?.self)
        return (ComposedMail.Address(name: fromName ?? chosen.name, address: chosen.address), chosen.id)
    }

    /// The HTML part of a plain-text reply: escaped, paragraphs kept, lines broken as typed.
    static func html(fromText text: String) -> String {
        let escaped = text.htmlEscaped
        let paragraphs = escaped.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n")
            .map { "<p>" + $0.replacingOccurrences(of: "\n", with: "<br>\n") + "</p>" }
        return "<!DOCTYPE html>\n<html><body>\n" + paragraphs.joined(separator: "\n") + "\n</body></html>\n"
    }
}
