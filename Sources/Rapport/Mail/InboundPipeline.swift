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
        try await receive([InboundDelivery(bytes: bytes, route: route)])[0]
    }

    /// Stores every message in one transaction, then processes them together (`process(_:)`).
    /// Throws only when the messages could not be stored; then none of them is.
    func receive(_ deliveries: [InboundDelivery]) async throws -> [InboundOutcome] {
        await process(try await store(deliveries))
    }

    func store(_ bytes: [UInt8], route: InboundRoute) async throws -> UUID {
        try await store([InboundDelivery(bytes: bytes, route: route)])[0].id!
    }

    /// Writes the bytes to disk (one pack file) and commits the rows; the file is synced in the same
    /// batch of the write queue, before the commit. After this the messages cannot be lost. Returns the
    /// rows as stored, so that processing need not read them again.
    func store(_ deliveries: [InboundDelivery]) async throws -> [InboundEmail] {
        guard !deliveries.isEmpty else { return [] }
        let pack = try raw.stagePack(deliveries.map(\.bytes))
        let now = clock.now
        let rows = zip(deliveries, pack.offsets).map { delivery, offset in
            let row = InboundEmail()
            row.id = TimeOrderedID.make(now: now)
            row.workspaceID = delivery.route.workspaceID
            row.teamID = delivery.route.teamID
            row.sha256 = InboundRawStore.digest(delivery.bytes)
            row.rawPack = pack.name
            row.rawOffset = offset
            row.size = Int64(delivery.bytes.count)
            row.receivedAt = now
            row.recipient = delivery.route.recipient.map { String($0.lowercased().prefix(320)) }
            row.status = .received
            return row
        }
        let values: [[any Encodable & Sendable]] = rows.map { row in
            [row.id!, row.workspaceID, row.teamID, row.sha256, row.rawPack, row.rawOffset, row.size, row.receivedAt, row.recipient,
             InboundStatus.received.rawValue]
        }
        try await writes.perform(savepoint: false) { batch in
            for value in values { batch.insert(into: InboundEmail.schema, columns: InboundEmail.insertColumns, values: value) }
            batch.makeDurable([pack.path])
        }
        return rows
    }

    /// Parses, routes and writes one stored message. `override` routes by hand (re-processing from
    /// the quarantine); it also lifts the rate limit, since a person decided.
    func process(_ id: UUID, override: InboundRoute? = nil) async -> InboundOutcome {
        do {
            guard let row = try await InboundEmail.find(id, on: db) else {
                return InboundOutcome(id: id, status: .received, reason: "no such inbound message")
            }
            if override == nil, row.status != .received, row.status != .quarantined {
                return InboundOutcome(
                    id: id, status: row.status, reason: row.reason, workspaceID: row.workspaceID, ticketID: row.ticketID,
                    ticketMessageID: row.ticketMessageID)
            }
            return await process([row], override: override)[0]
        } catch {
            logger.error("inbound message could not be read", metadata: ["inbound_email_id": "\(id)", "error": "\(error)"])
            return InboundOutcome(id: id, status: .received, reason: "processing failed and could not be recorded: \(error)")
        }
    }

    /// Records where a message ended; a message whose processing failed goes to the quarantine with the error.
    func finish(_ row: InboundEmail, _ result: Result<InboundDecision, any Error>) async -> InboundOutcome {
        let id = row.id!
        var decision: InboundDecision
        switch result {
        case .success(let decided): decision = decided
        case .failure(let error):
            logger.error("inbound message could not be processed", metadata: ["inbound_email_id": "\(id)", "error": "\(error)"])
            decision = InboundDecision(status: .quarantined, reason: "processing failed: \(String(describing: error).prefix(300))")
        }
        do {
            try await record(decision, on: row)
            return decision.outcome(id: id)
        } catch {
            if case .success = result {
                return await finish(row, .failure(error))
            }
            // The row stays 'received'; `rapport mail reprocess --all` picks it up again.
            return InboundOutcome(id: id, status: .received, reason: "processing failed and could not be recorded: \(error)")
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

/// One message handed in, with what its sender already knows about its destination.
struct InboundDelivery: Sendable {
    var bytes: [UInt8]
    var route: InboundRoute
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
