import Fluent
import Foundation
import RapportCore
import SQLKit

/// The automatic "we received your request" mail on a new ticket, rendered from the workspace's
/// templates with the macro placeholders, and queued in the ticket's own transaction.
enum Acknowledgement {
    static let placeholders: [MacroPlaceholder] = [.ticketNumber, .ticketSubject, .customerName, .customerFirstName, .slaFirstResponseDue, .workspaceName]

    /// Queues the acknowledgement when the workspace wants one, the ticket came from a customer by email or
    /// the web form, the customer has an email address, and the message is not itself automatic (`suppressed`).
    static func enqueue(for ticket: Ticket, firstMessage: TicketMessage?, suppressed: Bool, batch: WriteBatch, now: Date) async throws {
        guard !suppressed, let firstMessage, firstMessage.authorKind == .customer, Outbox.mailsReplies(on: ticket.channel) else { return }
        let sql = batch.sql
        // The workspace's settings are read once per write batch, not once per ticket (WriteBatch.remember).
        let settings = try await batch.remember("acknowledgement:\(ticket.workspaceID)") {
            try await OutboundSettingsStore.acknowledgement(sql, workspaceID: ticket.workspaceID)
        }
        guard settings.enabled,
              let sender = try await batch.remember("sender:\(ticket.workspaceID):\(ticket.teamID?.uuidString ?? "")", {
                  try await Outbox.sender(sql, workspaceID: ticket.workspaceID, teamID: ticket.teamID)
              }),
              let recipient = try await Outbox.requesterEmail(sql, ticket: ticket) else { return }
        let workspaceName = try await batch.remember("workspace_name:\(ticket.workspaceID)") {
            try await sql.select().column("name").from("workspaces").where("id", .equal, ticket.workspaceID)
                .first()?.decode(column: "name", as: String.self) ?? ""
        }
        let values = MacroValues(
            customerName: recipient.name, customerEmail: recipient.address, ticketNumber: ticket.number, ticketSubject: ticket.subject,
            ticketStatus: ticket.status.rawValue, ticketPriority: ticket.priority.rawValue, agentName: "", workspaceName: workspaceName,
            slaFirstResponseDue: try await firstResponseDue(ticket, sql: sql))
        // Templates were checked when saved; one that no longer parses falls back to the standard text.
        let subject = (try? MacroTemplate(parsing: settings.subjectTemplate))?.render(values)
            ?? (try? MacroTemplate(parsing: AcknowledgementSettings.standard.subjectTemplate))?.render(values) ?? ticket.subject
        let body = (try? MacroTemplate(parsing: settings.bodyTemplate))?.render(values)
            ?? (try? MacroTemplate(parsing: AcknowledgementSettings.standard.bodyTemplate))?.render(values) ?? ""
        let id = TimeOrderedID.make(now: now)
        let mail = ComposedMail(
            from: sender.address, to: [ComposedMail.Address(name: recipient.name, address: recipient.address)],
            replyTo: [ComposedMail.Address(name: sender.address.name, address: TicketMailTag.replyAddress(support: sender.address.address, number: ticket.number))],
            subject: TicketMailTag.subject(subject, number: ticket.number), date: now,
            messageID: ComposedMail.messageID(uuid: id, fromAddress: sender.address.address),
            automatic: .autoReplied, text: body, html: Outbox.html(fromText: body))
        Outbox.insert(mail, id: id, kind: .acknowledgement, workspaceID: ticket.workspaceID, ticketID: ticket.id, messageID: nil, batch: batch, now: now)
    }

    /// "Tuesday, 1 December 2026, 15:30 (Europe/Berlin)": the first-response target in the policy's calendar time zone.
    static func firstResponseDue(_ ticket: Ticket, sql: any SQLDatabase) async throws -> String? {
        guard let due = ticket.sla.first(where: { $0.metric == .firstResponse })?.dueAt else { return nil }
        var zone = TimeZone(identifier: "UTC")!
        if let policyID = ticket.slaPolicyID,
           let calendarID = try await sql.select().column("calendar_id").from("sla_policies")
            .where("workspace_id", .equal, ticket.workspaceID).where("id", .equal, policyID).first()?.decode(column: "calendar_id", as: UUID?.self),
           let calendar = try await sql.select().column("calendar").from("business_calendars")
            .where("workspace_id", .equal, ticket.workspaceID).where("id", .equal, calendarID).first()?.decode(column: "calendar", as: BusinessCalendar.self),
           let calendarZone = TimeZone(identifier: calendar.timeZone) {
            zone = calendarZone
        }
        return format(due, in: zone)
    }

    static func format(_ date: Date, in zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "EEEE, d MMMM yyyy, HH:mm"
        return "\(formatter.string(from: date)) (\(zone.identifier))"
    }
}
