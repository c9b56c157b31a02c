import Fluent
import Foundation
import RapportCore
import SQLKit

/// Checks that the people and teams a ticket points at exist in the workspace.
struct TicketReferences {
    let db: any Database
    let workspaceID: UUID
    private var sql: any SQLDatabase { db as! any SQLDatabase }

    /// The requester with what service levels depend on.
    struct Requester: Sendable {
        var organizationID: UUID?
        var valueTier: String?
        var lifecycle: String?
    }

    /// One query: the customer, with its value tier and lifecycle when it has them.
    func requester(_ id: UUID) async throws -> Requester? {
        try await requesters([id])[id]
    }

    /// Many requesters, one query per 500 (the SLA escalation run reads a chunk of tickets at once).
    func requesters(_ ids: [UUID]) async throws -> [UUID: Requester] {
        var result: [UUID: Requester] = [:]
        for chunk in Array(Set(ids)).chunked(into: 500).map(Array.init) {
            let rows = try await sql.raw("""
                SELECT c.id AS id, c.organization_id AS organization_id, p.dimension AS dimension, p.value AS value FROM customers c
                LEFT JOIN customer_profile_values p ON p.workspace_id = c.workspace_id AND p.customer_id = c.id
                    AND p.dimension IN (\(bind: ProfileDimension.valueTier.rawValue), \(bind: ProfileDimension.lifecycle.rawValue))
                WHERE c.workspace_id = \(bind: workspaceID) AND c.id IN (\(binds: chunk))
                """).all()
            for row in rows {
                let id = try row.decode(column: "id", as: UUID.self)
                if result[id] == nil { result[id] = Requester(organizationID: try row.decode(column: "organization_id", as: UUID?.self)) }
                guard let dimension = try row.decode(column: "dimension", as: String?.self), let text = try row.decode(column: "value", as: String?.self) else { continue }
                if dimension == ProfileDimension.valueTier.rawValue { result[id]!.valueTier = text } else { result[id]!.lifecycle = text }
            }
        }
        return result
    }

    /// 422 when the assignee, team or a follower is not in the workspace, or the assignee cannot take tickets.
    func check(_ changes: TicketChanges) async throws {
        var errors = FieldErrors()
        if case .set(let assignee) = changes.assigneeID {
            let row = try await sql.select().columns("role", "active").from("users")
                .where("workspace_id", .equal, workspaceID).where("id", .equal, assignee).first()
            if let row {
                let role = Role(rawValue: try row.decode(column: "role", as: String.self)) ?? .viewer
                if role < .agent { errors.add("assignee_id", "is a viewer; only agents, supervisors and admins take tickets") }
                if try !row.decode(column: "active", as: Bool.self) { errors.add("assignee_id", "is deactivated") }
            } else {
                errors.add("assignee_id", "is not a user of this workspace")
            }
        }
        if case .set(let team) = changes.teamID {
            let count = try await sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from("teams")
                .where("workspace_id", .equal, workspaceID).where("id", .equal, team).first()?.decode(column: "n", as: Int.self) ?? 0
            if count == 0 { errors.add("team_id", "is not a team of this workspace") }
        }
        if let followers = changes.followerIDs, !followers.isEmpty {
            let found = try await sql.select().column("id").from("users")
                .where("workspace_id", .equal, workspaceID).where("id", .in, followers).all()
            if found.count != followers.count { errors.add("follower_ids", "include someone who is not a user of this workspace") }
        }
        try errors.throwIfAny()
    }
}
