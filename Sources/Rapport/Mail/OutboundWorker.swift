import Fluent
import Foundation
import RapportCore
import SQLKit
import Vapor

/// What one worker run did.
struct OutboundReport: Sendable, Equatable {
    var sent = 0
    var retrying = 0
    var failed = 0
}

/// Delivers the outbox. Several app nodes may run it at once: a row is claimed with a conditional
/// UPDATE that only one of them wins, and the claim is a lease, so a node that dies mid-delivery
/// leaves its rows to be claimed again when the lease runs out.
enum OutboundWorker {
    static let lease: TimeInterval = 300
    static let batchSize = 50

    static func runOnce(_ app: Application, now: Date) async throws -> OutboundReport {
        var report = OutboundReport()
        let sql = app.db as! any SQLDatabase
        let candidates = try await sql.select().column("id").from("outbox")
            .where { $0.where("status", .equal, OutboxStatus.queued.rawValue).where("next_attempt_at", .lessThanOrEqual, now) }
            .orWhere { $0.where("status", .equal, OutboxStatus.sending.rawValue).where("lease_until", .lessThan, now) }
            .orderBy("next_attempt_at").limit(batchSize).all().map { try $0.decode(column: "id", as: UUID.self) }
        for id in candidates {
            guard let row = try await claim(id, app: app, now: now) else { continue }
            do {
                let server = try await smtpServer(for: row.workspaceID, app: app)
                try await SMTPClient(server: server).send(from: row.mailFrom, to: row.recipients, message: Array(row.content.utf8))
                try await markSent(row, app: app, now: now)
                report.sent += 1
            } catch {
                let failure = error as? SMTPFailure ?? SMTPFailure(isTemporary: true, message: "\(error)")
                let attempts = row.attempts + 1
                let next = failure.isTemporary ? OutboundRetry.nextAttempt(afterFailedAttempts: attempts, at: now) : nil
                try await app.writes.perform { batch in
                    try await batch.sql.update("outbox")
                        .set("status", to: next == nil ? OutboxStatus.failed.rawValue : OutboxStatus.queued.rawValue)
                        .set("attempts", to: attempts).set("next_attempt_at", to: next ?? now).set("lease_until", to: Date?.none)
                        .set("last_error", to: String(failure.message.prefix(1000)))
                        .where("id", .equal, row.id).where("workspace_id", .equal, row.workspaceID).run()
                }
                app.logger.warning("outbound mail not delivered", metadata: [
                    "outbox_id": "\(row.id)", "attempts": "\(attempts)", "temporary": "\(failure.isTemporary)", "error": "\(failure.message)"])
                if next == nil { report.failed += 1 } else { report.retrying += 1 }
            }
        }
        return report
    }

    /// A claimed row.
    struct Claimed: Sendable {
        var id: UUID
        var workspaceID: UUID
        var ticketID: UUID?
        var ticketMessageID: UUID?
        var mailFrom: String
        var recipients: [String]
        var messageID: String
        var content: String
        var attempts: Int
    }

    /// Takes the row if nobody else has: only one UPDATE can move it from due to sending.
    private static func claim(_ id: UUID, app: Application, now: Date) async throws -> Claimed? {
        try await app.writes.perform { batch in
            let rows = try await batch.sql.raw("""
                UPDATE outbox SET status = \(bind: OutboxStatus.sending.rawValue), lease_until = \(bind: now.addingTimeInterval(lease))
                WHERE id = \(bind: id) AND ((status = \(bind: OutboxStatus.queued.rawValue) AND next_attempt_at <= \(bind: now))
                    OR (status = \(bind: OutboxStatus.sending.rawValue) AND lease_until < \(bind: now)))
                RETURNING id, workspace_id, ticket_id, ticket_message_id, mail_from, recipients, message_id, content, attempts
                """).all()
            guard let row = rows.first else { return nil }
            return Claimed(
                id: try row.decode(column: "id", as: UUID.self), workspaceID: try row.decode(column: "workspace_id", as: UUID.self),
                ticketID: try row.decode(column: "ticket_id", as: UUID?.self), ticketMessageID: try row.decode(column: "ticket_message_id", as: UUID?.self),
                mailFrom: try row.decode(column: "mail_from", as: String.self),
                recipients: try row.decode(column: "recipients", as: String.self).split(separator: ",").map(String.init),
                messageID: try row.decode(column: "message_id", as: String.self), content: try row.decode(column: "content", as: String.self),
                attempts: try row.decode(column: "attempts", as: Int.self))
        }
    }

    /// Sent: recorded on the row, and the Message-ID in the ticket's thread so the customer's answer finds it.
    private static func markSent(_ row: Claimed, app: Application, now: Date) async throws {
        try await app.writes.perform { batch in
            try await batch.sql.update("outbox").set("status", to: OutboxStatus.sent.rawValue).set("attempts", to: row.attempts + 1)
                .set("sent_at", to: now).set("lease_until", to: Date?.none).set("last_error", to: String?.none)
                .where("id", .equal, row.id).where("workspace_id", .equal, row.workspaceID).run()
            if let ticketID = row.ticketID {
                try await batch.sql.insert(into: "mail_threads")
                    .columns("id", "workspace_id", "message_id", "ticket_id", "ticket_message_id", "direction", "created_at")
                    .values(SQLBind(TimeOrderedID.make(now: now)), SQLBind(row.workspaceID), SQLBind(row.messageID), SQLBind(ticketID),
                        SQLBind(row.ticketMessageID), SQLBind("out"), SQLBind(now))
                    .run()
            }
        }
    }

    /// The workspace's SMTP server, password unsealed; none configured is a temporary failure (an admin may add it).
    static func smtpServer(for workspaceID: UUID, app: Application) async throws -> SMTPServer {
        guard let settings = try await OutboundSettingsStore(db: app.db, workspaceID: workspaceID).find() else {
            throw SMTPFailure(isTemporary: true, message: "no outbound mail server is set up for this workspace")
        }
        return try settings.server(secrets: app.secrets)
    }
}

extension Application {
    /// Delivers the outbox every 15 seconds while the server runs (not under tests, which call `OutboundWorker.runOnce`).
    func setUpOutboundWorker() {
        guard environment != .testing else { return }
        lifecycle.use(RepeatingJob(name: "outbound mail", every: .seconds(15)) { app in
            let report = try await OutboundWorker.runOnce(app, now: app.clock.now)
            guard report != OutboundReport() else { return nil }
            return ["sent": "\(report.sent)", "retrying": "\(report.retrying)", "failed": "\(report.failed)"]
        })
    }
}
