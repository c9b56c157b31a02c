import Fluent
import Foundation
import RapportCore
import SQLKit

/// The queries on one workspace's follow-ups.
struct FollowUpStore {
    let db: any Database
    let workspaceID: UUID
    private var sql: any SQLDatabase { db as! any SQLDatabase }

    func find(_ id: UUID) async throws -> FollowUpRow {
        guard let row = try await sql.select().column("*").from(FollowUpRow.table)
            .where("workspace_id", .equal, workspaceID).where("id", .equal, id).first()
        else { throw APIError.notFound("follow-up") }
        return try FollowUpRow(row: row)
    }

    func of(ticket ticketID: UUID) async throws -> [FollowUpRow] {
        try await sql.select().column("*").from(FollowUpRow.table)
            .where("workspace_id", .equal, workspaceID).where("ticket_id", .equal, ticketID)
            .orderBy("due_at").orderBy("id").all().map(FollowUpRow.init(row:))
    }

    /// What a follow-up list selects.
    struct Filter {
        /// nil: anyone's.
        var ownerID: UUID?
        /// nil: due any time.
        var dueBy: Date?
        /// nil: done or not.
        var done: Bool?
    }

    func list(_ filter: Filter, limit: Int, offset: Int) async throws -> [FollowUpRow] {
        let query = sql.select().column("*").from(FollowUpRow.table).where("workspace_id", .equal, workspaceID)
        if let owner = filter.ownerID { query.where("owner_id", .equal, owner) }
        if let done = filter.done { query.where("done_at", done ? .isNot : .is, SQLLiteral.null) }
        if let dueBy = filter.dueBy { query.where("due_at", .lessThanOrEqual, dueBy) }
        return try await query.orderBy("due_at").orderBy("id").limit(limit).offset(offset).all().map(FollowUpRow.init(row:))
    }

    /// Ticket numbers for display, in one query.
    func ticketNumbers(_ ids: [UUID]) async throws -> [UUID: Int64] {
        guard !ids.isEmpty else { return [:] }
        var result: [UUID: Int64] = [:]
        for row in try await sql.select().columns("id", "number").from(Ticket.schema)
            .where("workspace_id", .equal, workspaceID).where("id", .in, Array(Set(ids))).all() {
            result[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "number", as: Int64.self)
        }
        return result
    }

    /// 422 unless the user can own follow-ups: an active agent, supervisor or admin of the workspace.
    func checkOwner(_ userID: UUID, field: String = "owner_id") async throws {
        guard let row = try await sql.select().columns("role", "active").from("users")
            .where("workspace_id", .equal, workspaceID).where("id", .equal, userID).first()
        else { throw APIError.validation([field: "is not a user of this workspace"]) }
        let role = Role(rawValue: try row.decode(column: "role", as: String.self)) ?? .viewer
        if role < .agent { throw APIError.validation([field: "is a viewer; only agents, supervisors and admins own follow-ups"]) }
        if try !row.decode(column: "active", as: Bool.self) { throw APIError.validation([field: "is deactivated"]) }
    }
}

/// The follow_ups_due view: tickets with an open follow-up of `ownerID` due by `dueBy`.
struct FollowUpsDueFilter: Codable, Sendable, Equatable {
    var ownerID: UUID
    var dueBy: Date

    func ticketIDs(workspaceID: UUID) -> some SQLExpression {
        SQLSubquery.select { $0
            .column("ticket_id").from(FollowUpRow.table)
            .where("workspace_id", .equal, workspaceID).where("owner_id", .equal, ownerID)
            .where("done_at", .is, SQLLiteral.null).where("due_at", .lessThanOrEqual, dueBy)
        }
    }
}
