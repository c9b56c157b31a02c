import Fluent
import Foundation
import RapportCore
import SQLKit
import Vapor

/// How a message was handed in: what the mail server or the admin already knows about its destination.
struct InboundRoute: Sendable {
    var workspaceID: UUID?
    var teamID: UUID?
    /// The envelope recipient (the address the mail server delivered to).
    var recipient: String?
}

/// What ingestion did with one message.
struct InboundOutcome: Sendable, Equatable {
    var id: UUID
    var status: InboundStatus
    var reason: String?
    var workspaceID: UUID?
    var ticketID: UUID?
    var ticketMessageID: UUID?
}

/// The one pipeline of the three ways in (pipe, HTTP, import): store the raw bytes durably, then
/// parse, route, thread and write the ticket message. Storing is the only step that may fail the
/// caller; everything after it ends in a ticket message or in the quarantine with a reason.
struct InboundMail: Sendable {
    let db: any Database
    let writes: WriteQueue
    let raw: InboundRawStore
    let attachments: AttachmentStore
    let serviceLevels: ServiceLevelCache
    let automations: AutomationCache?
    let clock: AppClock
    let logger: Logger
    /// Where links in mail point (CSAT surveys when a rule solves a ticket from mail).
    var siteURL: String? = nil

    init(app: Application) {
        siteURL = app.settings.publicURL
        db = app.db
        writes = app.writes
        raw = InboundRawStore(dataDirectory: app.settings.dataDirectory)
        attachments = app.attachments
        serviceLevels = app.serviceLevels
        automations = app.automations
        clock = app.clock
        logger = app.logger
    }

    var sql: any SQLDatabase { db as! any SQLDatabase }

    /// Stores, then processes. Throws only when the message could not be stored.
    func receive(_ bytes: [UInt8], route: InboundRoute) async throws -> InboundOutcome {
        let id = try await store(bytes, route: route)
        return await process(id)
    }

    /// Writes the bytes to disk and commits the row; the file is synced in the same batch, before the
    /// commit (one pass for every message of the batch). After this the message cannot be lost.
    func store(_ bytes: [UInt8], route: InboundRoute) async throws -> UUID {
        let (digest, path) = try raw.stage(bytes)
        let id = TimeOrderedID.make(now: clock.now)
        let values: [any Encodable & Sendable] = [
            id, route.workspaceID, route.teamID, digest, Int64(bytes.count), clock.now,
            route.recipient.map { String($0.lowercased().prefix(320)) }, InboundStatus.received.rawValue,
        ]
        try await writes.perform(savepoint: false) { batch in
            batch.insert(into: InboundEmail.schema, columns: InboundEmail.insertColumns, values: values)
            batch.makeDurable([path])
        }
        return id
    }

    /// Parses, routes and writes one stored message. `override` routes by hand (re-processing from
    /// the quarantine); it also lifts the rate limit, since a person decided.
    func process(_ id: UUID, override: InboundRoute? = nil) async -> InboundOutcome {
        var outcome = InboundOutcome(id: id, status: .received)
        do {
            guard let row = try await InboundEmail.find(id, on: db) else {
                outcome.reason = "no such inbound message"
                return outcome
            }
            if override == nil, row.status != .received, row.status != .quarantined {
                return InboundOutcome(
                    id: id, status: row.status, reason: row.reason, workspaceID: row.workspaceID, ticketID: row.ticketID,
                    ticketMessageID: row.ticketMessageID)
            }
            let decision = try await decide(row, override: override)
            try await record(decision, on: row)
            return decision.outcome(id: id)
        } catch {
            logger.error("inbound message could not be processed", metadata: ["inbound_email_id": "\(id)", "error": "\(error)"])
            let decision = InboundDecision(status: .quarantined, reason: "processing failed: \(String(describing: error).prefix(300))")
            do {
                guard let row = try await InboundEmail.find(id, on: db) else { return outcome }
                try await record(decision, on: row)
                return decision.outcome(id: id)
            } catch {
                // The row stays 'received'; `rapport mail reprocess --all` picks it up again.
                outcome.reason = "processing failed and could not be recorded: \(error)"
                return outcome
            }
        }
    }

    /// Writes the outcome on the inbound row (the ticket path already wrote it with the message).
    private func record(_ decision: InboundDecision, on row: InboundEmail) async throws {
        if decision.writtenWithMessage { return }
        let now = clock.now
        let facts = decision.facts ?? InboundFacts(messageID: row.messageID, fromAddress: row.fromAddress, subject: row.subject, kind: row.kind)
        let workspaceID: UUID? = decision.workspaceID ?? row.workspaceID
        let status: String = decision.status.rawValue
        let reason: String? = decision.reason
        let ticketID: UUID? = decision.ticketID
        let messageID: UUID? = decision.ticketMessageID
        let id: UUID = row.id!
        try await writes.perform { batch in
            var update = batch.sql.update(InboundEmail.schema)
            update = update.set("status", to: status).set("reason", to: reason).set("workspace_id", to: workspaceID)
            update = update.set("message_id", to: facts.messageID).set("from_address", to: facts.fromAddress)
            update = update.set("subject", to: facts.subject).set("kind", to: facts.kind)
            update = update.set("ticket_id", to: ticketID).set("ticket_message_id", to: messageID).set("processed_at", to: now)
            try await update.where("id", .equal, id).run()
        }
    }
}

/// What the pipeline found out about a message, kept on its row.
struct InboundFacts: Sendable {
    var messageID: String?
    var fromAddress: String?
    var subject: String?
    var kind: String?
}

/// Where a message ended.
struct InboundDecision: Sendable {
    var status: InboundStatus
    var reason: String?
    var workspaceID: UUID?
    var ticketID: UUID?
    var ticketMessageID: UUID?
    var facts: InboundFacts?
    /// The ticket path updates the row in the message's own transaction.
    var writtenWithMessage = false

    func outcome(id: UUID) -> InboundOutcome {
        InboundOutcome(id: id, status: status, reason: reason, workspaceID: workspaceID, ticketID: ticketID, ticketMessageID: ticketMessageID)
    }
}

extension Application {
    var inboundMail: InboundMail { InboundMail(app: self) }
}
