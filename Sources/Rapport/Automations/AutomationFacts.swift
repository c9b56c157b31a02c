import Fluent
import Foundation
import RapportCore
import SQLKit

/// Reads what conditions test: the ticket's fields, the requester's profile and name.
struct AutomationFactsLoader {
    let db: any Database
    let workspaceID: UUID
    private var sql: any SQLDatabase { db as! any SQLDatabase }

    struct Customer: Sendable {
        var name: String
        var profile: [ProfileDimension: [String]]
    }

    func customer(_ id: UUID) async throws -> Customer {
        let row = try await sql.select().columns("name", "buying_role").from("customers")
            .where("workspace_id", .equal, workspaceID).where("id", .equal, id).first()
        let name = try row?.decode(column: "name", as: String.self) ?? ""
        var profile: [ProfileDimension: [String]] = [:]
        for row in try await sql.select().columns("dimension", "value").from("customer_profile_values")
            .where("workspace_id", .equal, workspaceID).where("customer_id", .equal, id).all() {
            if let dimension = ProfileDimension(rawValue: try row.decode(column: "dimension", as: String.self)) {
                profile[dimension, default: []].append(try row.decode(column: "value", as: String.self))
            }
        }
        // The buying role lives on the customer, not in the profile, but conditions can test it too.
        if let role = try row?.decode(column: "buying_role", as: String?.self) { profile[.buyingRole] = [role] }
        return Customer(name: name, profile: profile)
    }

    static func facts(_ ticket: Ticket, tags: [String], profile: [ProfileDimension: [String]], message: String?) -> AutomationFacts {
        func one(_ value: String?) -> [String] { value.map { [$0] } ?? [] }
        var fields: [String: [String]] = [
            "subject": [ticket.subject], "kind": [ticket.kind.rawValue], "status": [ticket.status.rawValue],
            "priority": [ticket.priority.rawValue], "channel": [ticket.channel.rawValue],
            "category": one(ticket.category?.rawValue), "topic": one(ticket.topic?.rawValue), "product": one(ticket.product),
            "assignee_id": one(ticket.assigneeID?.uuidString), "team_id": one(ticket.teamID?.uuidString),
            "requester_id": [ticket.requesterID.uuidString], "organization_id": one(ticket.organizationID?.uuidString),
            "sla_state": one(ticket.slaState?.rawValue), "tags": tags,
        ]
        for (name, value) in ticket.customFields {
            switch value {
            case .text(let text): fields["custom_fields.\(name)"] = [text]
            case .number(let number): fields["custom_fields.\(name)"] = [number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)]
            case .flag(let flag): fields["custom_fields.\(name)"] = [String(flag)]
            }
        }
        let text = [ticket.subject, message].compactMap { $0 }.joined(separator: "\n")
        return AutomationFacts(fields: fields, profile: profile, text: text)
    }
}
