import Fluent
import Foundation
import RapportCore
import SQLKit

/// The queries for one workspace's tickets: the only place that reads their tables.
struct TicketStore {
    let db: any Database
    let workspaceID: UUID
    var sql: any SQLDatabase { db as! any SQLDatabase }

    func find(_ id: UUID) async throws -> Ticket {
        guard let row = try await sql.select().column("*").from(Ticket.schema)
            .where("workspace_id", .equal, workspaceID).where("id", .equal, id).first()
        else { throw APIError.notFound("ticket") }
        return try Ticket(row: row)
    }

    func find(number: Int64) async throws -> Ticket? {
        try await sql.select().column("*").from(Ticket.schema)
            .where("workspace_id", .equal, workspaceID).where("number", .equal, number).first().map(Ticket.init(row:))
    }

    /// Writes every column of a changed ticket.
    func save(_ ticket: Ticket) async throws {
        try await sql.updateRow(Ticket.schema, workspaceID: workspaceID, id: ticket.id!, columns: Ticket.columns, values: ticket.columnValues)
    }

    /// Tags and followers of many tickets in two queries.
    func details(of ids: [UUID]) async throws -> [UUID: TicketDetails] {
        var result: [UUID: TicketDetails] = [:]
        guard !ids.isEmpty else { return result }
        for chunk in ids.chunked(into: 500).map(Array.init) {
            for row in try await sql.select().columns("subject_id", "tag").from("taggings")
                .where("workspace_id", .equal, workspaceID).where("subject_id", .in, chunk).all() {
                result[try row.decode(column: "subject_id", as: UUID.self), default: .init()].tags.append(try row.decode(column: "tag", as: String.self))
            }
            for row in try await sql.select().columns("ticket_id", "user_id").from("ticket_followers")
                .where("workspace_id", .equal, workspaceID).where("ticket_id", .in, chunk).all() {
                result[try row.decode(column: "ticket_id", as: UUID.self), default: .init()].followerIDs.append(try row.decode(column: "user_id", as: UUID.self))
            }
        }
        for id in ids { result[id, default: .init()].tags.sort() }
        return result
    }

    func messages(of ticketID: UUID, includeInternal: Bool = true) async throws -> [TicketMessage] {
        let query = sql.select().column("*").from(TicketMessage.schema)
            .where("workspace_id", .equal, workspaceID).where("ticket_id", .equal, ticketID)
        if !includeInternal { query.where("visibility", .equal, MessageVisibility.public.rawValue) }
        return try await query.orderBy("created_at").orderBy("id").all().map(TicketMessage.init(row:))
    }

    func attachments(ofMessages ids: [UUID]) async throws -> [UUID: [TicketAttachment]] {
        guard !ids.isEmpty else { return [:] }
        var result: [UUID: [TicketAttachment]] = [:]
        for attachment in try await TicketAttachment.query(on: db).filter(\.$workspaceID == workspaceID).filter(\.$messageID ~~ ids).all() {
            result[attachment.messageID, default: []].append(attachment)
        }
        return result
    }

    func attachment(_ id: UUID, ticket: UUID) async throws -> TicketAttachment {
        guard let attachment = try await TicketAttachment.query(on: db).filter(\.$workspaceID == workspaceID)
            .filter(\.$ticketID == ticket).filter(\.$id == id).first()
        else { throw APIError.notFound("attachment") }
        return attachment
    }

    func events(of ticketID: UUID) async throws -> [TicketEvent] {
        try await sql.select().column("*").from(TicketEvent.schema)
            .where("workspace_id", .equal, workspaceID).where("ticket_id", .equal, ticketID)
            .orderBy("id").all().map(TicketEvent.init(row:))
    }

    /// What the SLA clocks need: when the ticket was created, how its status moved, who wrote when.
    func slaTimeline(of ticket: Ticket) async throws -> SLATimeline {
        try await slaTimelines(of: [ticket])[ticket.id!]!
    }

    /// The SLA timelines of many tickets in two queries per 500 (the SLA escalation run reads a
    /// whole chunk of due tickets at once, outside the writer).
    func slaTimelines(of tickets: [Ticket]) async throws -> [UUID: SLATimeline] {
        var entries: [UUID: [(Date, SLATimeline.Entry)]] = [:]
        for chunk in tickets.map({ $0.id! }).chunked(into: 500).map(Array.init) {
            let statusRows = try await sql.select().columns("ticket_id", "at", "new_value").from(TicketEvent.schema)
                .where("workspace_id", .equal, workspaceID).where("ticket_id", .in, chunk)
                .where("field", .equal, "status").where("merged_from_id", .is, SQLLiteral.null).all()
            for row in statusRows {
                let at = try row.decode(column: "at", as: Date.self)
                if let status = TicketStatus(rawValue: try row.decode(column: "new_value", as: String?.self) ?? "") {
                    entries[try row.decode(column: "ticket_id", as: UUID.self), default: []].append((at, .status(at, status.slaKind)))
                }
            }
            let messageRows = try await sql.select().columns("ticket_id", "author_kind", "visibility", "created_at").from(TicketMessage.schema)
                .where("workspace_id", .equal, workspaceID).where("ticket_id", .in, chunk).all()
            for row in messageRows {
                let at = try row.decode(column: "created_at", as: Date.self)
                let author = try row.decode(column: "author_kind", as: String.self)
                let visibility = try row.decode(column: "visibility", as: String.self)
                let ticketID = try row.decode(column: "ticket_id", as: UUID.self)
                if author == MessageAuthorKind.customer.rawValue {
                    entries[ticketID, default: []].append((at, .customerMessage(at)))
                } else if author == MessageAuthorKind.agent.rawValue, visibility == MessageVisibility.public.rawValue {
                    entries[ticketID, default: []].append((at, .agentReply(at)))
                }
            }
        }
        var timelines: [UUID: SLATimeline] = [:]
        for ticket in tickets {
            timelines[ticket.id!] = SLATimeline(createdAt: ticket.createdAt, entries: (entries[ticket.id!] ?? []).sorted { $0.0 < $1.0 }.map(\.1))
        }
        return timelines
    }
}
