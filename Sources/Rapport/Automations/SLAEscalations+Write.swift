import Fluent
import Foundation
import Logging
import RapportCore
import SQLKit
import Vapor

extension SLACheckChunk {
    /// The chunk's write-queue job: stores every ticket's new SLA columns in one UPDATE per
    /// workspace, the `sla` events of those whose state moved, and the escalations. A ticket that
    /// changed since it was read is evaluated again here, inside the writer, the way one ticket
    /// always was. Returns how many tickets were escalated.
    func write(app: Application, now: Date, writes: WriteQueue, batch: WriteBatch) async throws -> Int {
        var escalated = 0
        for workspace in workspaces {
            let workspaceID = workspace.id
            let current = try await versions(of: workspace.checks.map { $0.ticket.id! }, workspaceID: workspaceID, batch: batch)
            let unchanged = workspace.checks.filter { current[$0.ticket.id!] == $0.version }
            let moved = workspace.checks.filter { current[$0.ticket.id!] != nil && current[$0.ticket.id!] != $0.version }.map { $0.ticket.id! }

            var values: [String: [UUID: (any Encodable & Sendable)?]] = [:]
            for check in unchanged {
                let ticket = check.ticket
                // `.some`: a nil value stores NULL; assigning nil to the dictionary would drop the entry (keep the column).
                func put(_ column: String, _ value: (any Encodable & Sendable)?) { values[column, default: [:]][ticket.id!] = .some(value) }
                put("sla_policy_id", ticket.slaPolicyID)
                put("sla", StoredMeasures(measures: ticket.sla))
                put("sla_state", ticket.slaState?.rawValue)
                put("sla_due_at", ticket.slaDueAt)
                put("sla_check_at", ticket.slaCheckAt)
                if check.previous != ticket.slaState { put("updated_at", ticket.updatedAt) }
            }
            try await batch.sql.updateRows(Ticket.schema, workspaceID: workspaceID, ids: unchanged.map { $0.ticket.id! }, values: values)

            let service = TicketService(workspaceID: workspaceID, actor: .system, now: now, reader: batch.db, writes: writes,
                serviceLevels: app.serviceLevels, siteURL: app.settings.publicURL)
            for check in unchanged {
                let ticket = check.ticket
                var events = TicketEventLog(workspaceID: workspaceID, ticketID: ticket.id!, actor: .system, at: now)
                if check.previous != ticket.slaState {
                    events.add("sla", field: "sla_state", oldValue: check.previous?.rawValue, newValue: ticket.slaState?.rawValue)
                }
                if let occasion = check.occasion {
                    let supervisors = ticket.teamID.flatMap { workspace.supervisors[$0] } ?? []
                    var attempt = events
                    // Its own savepoint: a ticket whose escalation fails (its hand-over refused) must not undo the chunk.
                    let outcome = try await batch.inSavepoint {
                        try await SLAEscalations.escalate(occasion, ticket: ticket, policies: workspace.policies, supervisors: supervisors,
                            now: now, service: service, events: &attempt, batch: batch)
                    }
                    switch outcome {
                    case .success(let done):
                        events = attempt
                        if done as? Bool == true { escalated += 1 }
                    case .failure(let error):
                        app.logger.error("SLA escalation failed", metadata: ["ticket_id": "\(ticket.id!)", "workspace_id": "\(workspaceID)", "error": "\(error)"])
                    }
                }
                events.insert(into: batch)
            }
            for ticketID in moved {
                let outcome = try await batch.inSavepoint {
                    try await SLAEscalations.checkOne(ticketID, workspaceID: workspaceID, now: now, app: app, writes: writes, batch: batch)
                }
                switch outcome {
                case .success(let done): if done as? Bool == true { escalated += 1 }
                case .failure(let error):
                    app.logger.error("SLA check failed", metadata: ["ticket_id": "\(ticketID)", "workspace_id": "\(workspaceID)", "error": "\(error)"])
                }
            }
        }
        return escalated
    }

    /// The tickets as they are now, in the writer. On PostgreSQL the rows stay locked until the
    /// batch commits, so another app node cannot change them between this check and the write.
    /// On SQLite the job first takes the write lock with a write that changes nothing: a transaction
    /// that read first and then writes fails at once ("database is locked") instead of waiting if
    /// another writer connection (a second write queue) committed in between.
    private func versions(of ids: [UUID], workspaceID: UUID, batch: WriteBatch) async throws -> [UUID: SLACheck.Version] {
        var result: [UUID: SLACheck.Version] = [:]
        if let first = ids.first, batch.sql.dialect.name == "sqlite" {
            try await batch.sql.update(Ticket.schema).set(SQLIdentifier("sla_check_at"), to: SQLIdentifier("sla_check_at"))
                .where("workspace_id", .equal, workspaceID).where("id", .equal, first).run()
        }
        for chunk in ids.chunked(into: 500).map(Array.init) {
            let rows = try await batch.sql.select().columns(SLACheck.Version.columns).from(Ticket.schema)
                .where("workspace_id", .equal, workspaceID).where("id", .in, chunk).orderBy("id").for(.update).all()
            for row in rows { result[try row.decode(column: "id", as: UUID.self)] = try SLACheck.Version(row: row) }
        }
        return result
    }
}

extension SLAEscalations {
    /// One ticket evaluated and escalated entirely inside the writer: for a ticket that changed
    /// between the chunk's read and its write.
    static func checkOne(_ ticketID: UUID, workspaceID: UUID, now: Date, app: Application, writes: WriteQueue, batch: WriteBatch) async throws -> Bool {
        let store = TicketStore(db: batch.db, workspaceID: workspaceID)
        let ticket = try await store.find(ticketID)
        let policies = try await app.serviceLevels.policies(for: workspaceID, db: batch.db)
        let service = TicketService(workspaceID: workspaceID, actor: .system, now: now, reader: batch.db, writes: writes,
            serviceLevels: app.serviceLevels, siteURL: app.settings.publicURL)
        var events = TicketEventLog(workspaceID: workspaceID, ticketID: ticketID, actor: .system, at: now)
        defer { events.insert(into: batch) }
        let timeline = try await store.slaTimeline(of: ticket)
        let requester = try await TicketReferences(db: batch.db, workspaceID: workspaceID).requester(ticket.requesterID)
        let previous = reevaluate(ticket, policies: policies, requester: requester, timeline: timeline, now: now)
        if previous != ticket.slaState {
            events.add("sla", field: "sla_state", oldValue: previous?.rawValue, newValue: ticket.slaState?.rawValue)
        }
        try await store.save(ticket)
        guard let occasion = Occasion(of: ticket) else { return false }
        var supervisors: [UUID] = []
        if let teamID = ticket.teamID { supervisors = try await Self.supervisors(of: [teamID], workspaceID: workspaceID, db: batch.db)[teamID] ?? [] }
        return try await escalate(occasion, ticket: ticket, policies: policies, supervisors: supervisors, now: now, service: service, events: &events, batch: batch)
    }
}
