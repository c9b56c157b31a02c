import Fluent
import Foundation
import RapportCore
import SQLKit

/// Reading and writing a workspace's business calendars and SLA policies, for the admin API.
extension ServiceLevelStore {
    private var sqlDatabase: any SQLDatabase { db as! any SQLDatabase }
    private static let calendarColumns = ["id", "name", "calendar", "created_at", "updated_at"]

    func calendars() async throws -> [BusinessCalendarResponse] {
        try await sqlDatabase.select().columns(Self.calendarColumns).from("business_calendars")
            .where("workspace_id", .equal, workspaceID).orderBy("name").all().map(Self.calendar(row:))
    }

    func calendar(_ id: UUID) async throws -> BusinessCalendarResponse {
        guard let row = try await sqlDatabase.select().columns(Self.calendarColumns).from("business_calendars")
            .where("workspace_id", .equal, workspaceID).where("id", .equal, id).first()
        else { throw APIError.notFound("business calendar") }
        return try Self.calendar(row: row)
    }

    func insert(_ calendar: BusinessCalendarResponse) async throws {
        try await refuseDuplicate(table: "business_calendars", name: calendar.name, except: nil)
        try await sqlDatabase.insert(into: "business_calendars")
            .columns("id", "workspace_id", "name", "calendar", "created_at", "updated_at")
            .values(calendar.id, workspaceID, calendar.name, calendar.calendar, calendar.createdAt, calendar.updatedAt).run()
    }

    func update(_ calendar: BusinessCalendarResponse) async throws {
        try await refuseDuplicate(table: "business_calendars", name: calendar.name, except: calendar.id)
        try await sqlDatabase.update("business_calendars")
            .set("name", to: calendar.name).set("calendar", to: calendar.calendar).set("updated_at", to: calendar.updatedAt)
            .where("workspace_id", .equal, workspaceID).where("id", .equal, calendar.id).run()
    }

    /// A calendar that a policy uses stays: deleting it would silently put those tickets on round-the-clock hours.
    func deleteCalendar(_ id: UUID) async throws {
        _ = try await calendar(id)
        let users = try await sqlDatabase.select().column("name").from("sla_policies")
            .where("workspace_id", .equal, workspaceID).where("calendar_id", .equal, id).all()
            .map { try $0.decode(column: "name", as: String.self) }
        if !users.isEmpty {
            throw APIError.conflict("The calendar is used by the SLA policies \(users.sorted().joined(separator: ", ")); give them another calendar first.")
        }
        try await sqlDatabase.delete(from: "business_calendars").where("workspace_id", .equal, workspaceID).where("id", .equal, id).run()
    }

    func policy(_ id: UUID) async throws -> SLAPolicyRecord {
        guard let policy = try await policies().policy(id: id) else { throw APIError.notFound("SLA policy") }
        return policy
    }

    func insert(_ policy: SLAPolicyRecord, at now: Date) async throws {
        try await refuseDuplicate(table: "sla_policies", name: policy.name, except: nil)
        try await sqlDatabase.insert(into: "sla_policies")
            .columns("id", "workspace_id", "name", "position", "priorities", "value_tiers", "lifecycles", "targets",
                     "calendar_id", "escalation", "created_at", "updated_at")
            .values(policy.id, workspaceID, policy.name, policy.position, policy.priorities, policy.valueTiers, policy.lifecycles,
                    policy.targets, policy.calendarID, policy.escalation, now, now).run()
    }

    func update(_ policy: SLAPolicyRecord, at now: Date) async throws {
        try await refuseDuplicate(table: "sla_policies", name: policy.name, except: policy.id)
        try await sqlDatabase.update("sla_policies")
            .set("name", to: policy.name).set("position", to: policy.position).set("priorities", to: policy.priorities)
            .set("value_tiers", to: policy.valueTiers).set("lifecycles", to: policy.lifecycles).set("targets", to: policy.targets)
            .set("calendar_id", to: policy.calendarID).set("escalation", to: policy.escalation).set("updated_at", to: now)
            .where("workspace_id", .equal, workspaceID).where("id", .equal, policy.id).run()
    }

    func deletePolicy(_ id: UUID) async throws {
        _ = try await policy(id)
        try await sqlDatabase.delete(from: "sla_policies").where("workspace_id", .equal, workspaceID).where("id", .equal, id).run()
    }

    /// Names are unique per workspace; a clash is a 409 naming the field, not a database error.
    private func refuseDuplicate(table: String, name: String, except id: UUID?) async throws {
        let query = sqlDatabase.select().column("id").from(table).where("workspace_id", .equal, workspaceID).where("name", .equal, name)
        if let id { query.where("id", .notEqual, id) }
        if try await query.first() != nil { throw APIError.conflict("Another one is already called '\(name)'.", field: "name") }
    }

    private static func calendar(row: any SQLRow) throws -> BusinessCalendarResponse {
        BusinessCalendarResponse(
            id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
            calendar: try row.decode(column: "calendar", as: BusinessCalendar.self),
            createdAt: try row.decode(column: "created_at", as: Date.self), updatedAt: try row.decode(column: "updated_at", as: Date.self))
    }
}
