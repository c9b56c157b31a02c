import Fluent
import Foundation
import RapportCore
import SQLKit

/// The queries for one workspace's macros.
struct MacroStore {
    let db: any Database
    let workspaceID: UUID

    func list() async throws -> [Macro] {
        try await Macro.query(on: db).filter(\.$workspaceID == workspaceID).sort(\.$name).all()
    }

    func find(_ id: UUID) async throws -> Macro {
        guard let macro = try await Macro.query(on: db).filter(\.$workspaceID == workspaceID).filter(\.$id == id).first()
        else { throw APIError.notFound("macro") }
        return macro
    }

    /// Creates or updates; a name another macro of the workspace has is a 409.
    func save(_ macro: Macro) async throws {
        let clash = Macro.query(on: db).filter(\.$workspaceID == workspaceID).filter(\.$name == macro.name)
        if let id = macro.id { clash.filter(\.$id != id) }
        if try await clash.count() > 0 { throw APIError.conflict("A macro named '\(macro.name)' already exists.", field: "name") }
        try await macro.save(on: db)
    }

    func delete(_ macro: Macro) async throws {
        try await macro.delete(on: db)
    }
}

/// Reads what a macro's placeholders stand for on one ticket.
struct MacroValuesReader {
    let db: any Database
    let workspaceID: UUID
    private var sql: any SQLDatabase { db as! any SQLDatabase }

    func values(for ticket: Ticket, agentID: UUID) async throws -> MacroValues {
        let customer = try await sql.select().column("name").from("customers")
            .where("workspace_id", .equal, workspaceID).where("id", .equal, ticket.requesterID).first()
        let email = try await sql.select().column("address").from("customer_emails")
            .where("workspace_id", .equal, workspaceID).where("customer_id", .equal, ticket.requesterID)
            .orderBy("position").limit(1).first()
        let agent = try await sql.select().columns("name", "email").from("users")
            .where("workspace_id", .equal, workspaceID).where("id", .equal, agentID).first()
        let workspace = try await sql.select().column("name").from("workspaces").where("id", .equal, workspaceID).first()
        return MacroValues(
            customerName: try customer?.decode(column: "name", as: String.self) ?? "",
            customerEmail: try email?.decode(column: "address", as: String.self),
            ticketNumber: ticket.number, ticketSubject: ticket.subject, ticketStatus: ticket.status.rawValue,
            ticketPriority: ticket.priority.rawValue, ticketSLADue: ticket.slaDueAt,
            agentName: try agent?.decode(column: "name", as: String.self) ?? "",
            agentEmail: try agent?.decode(column: "email", as: String.self),
            workspaceName: try workspace?.decode(column: "name", as: String.self) ?? "")
    }
}
