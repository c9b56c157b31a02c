import Fluent
import Foundation
import RapportCore
import SQLKit

/// Computes the message- and behaviour-based profile values of some customers of one workspace:
/// communication styles from their messages (`StyleAggregation`) and `high_maintenance` from how
/// their tickets went (`HighMaintenanceRule`). Order-based values come from `CustomerValueFitter`.
struct ProfileBuilder {
    let db: any Database
    let workspaceID: UUID
    let now: Date
    let classifier: TriageClassifier

    static let sources: [ProfileSource] = [.messages, .behaviour]

    private var sql: any SQLDatabase { db as! any SQLDatabase }

    /// Derives and stores the values of `customerIDs`.
    func rebuild(_ customerIDs: [UUID]) async throws {
        for chunk in customerIDs.chunked(into: 200).map(Array.init) {
            let derived = try await derive(chunk)
            try await db.transaction { tx in
                try await ProfileStore(db: tx, workspaceID: workspaceID).replace(derived, from: Self.sources, customers: chunk, at: now)
            }
        }
    }

    func derive(_ customerIDs: [UUID]) async throws -> [UUID: [DerivedProfileValue]] {
        let messages = try await messageStyles(of: customerIDs)
        let behaviour = try await behaviour(of: customerIDs)
        var result: [UUID: [DerivedProfileValue]] = [:]
        for id in customerIDs {
            var values = StyleAggregation.aggregate(messages[id] ?? [], at: now)
            if let figures = behaviour[id], let highMaintenance = HighMaintenanceRule.evaluate(figures) { values.append(highMaintenance) }
            result[id] = values
        }
        return result
    }

    /// The classifier's styles for each customer's latest messages: those they wrote (mail), and
    /// customer messages an agent logged on their tickets (no author id).
    func messageStyles(of customerIDs: [UUID]) async throws -> [UUID: [MessageStyles]] {
        func customerMessages(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
            query.columns("id", "author_customer_id", "ticket_id", "body", "created_at").from("ticket_messages")
                .where("workspace_id", .equal, workspaceID)
                .where("author_kind", .equal, MessageAuthorKind.customer.rawValue).where("kind", .equal, MessageKind.message.rawValue)
                .where("created_at", .lessThanOrEqual, now)
        }
        var found: [(customer: UUID, id: UUID, at: Date, body: String)] = []
        for row in try await customerMessages(sql.select()).where("author_customer_id", .in, customerIDs).all() {
            found.append((try row.decode(column: "author_customer_id", as: UUID.self), try row.decode(column: "id", as: UUID.self),
                          try row.decode(column: "created_at", as: Date.self), try row.decode(column: "body", as: String.self)))
        }
        var requester: [UUID: UUID] = [:]
        for row in try await sql.select().column("id").column("requester_id").from("tickets")
            .where("workspace_id", .equal, workspaceID).where("requester_id", .in, customerIDs).all() {
            requester[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "requester_id", as: UUID.self)
        }
        for chunk in Array(requester.keys).chunked(into: 500).map(Array.init) {
            for row in try await customerMessages(sql.select()).where("ticket_id", .in, chunk).where("author_customer_id", .is, SQLLiteral.null).all() {
                guard let customer = requester[try row.decode(column: "ticket_id", as: UUID.self)] else { continue }
                found.append((customer, try row.decode(column: "id", as: UUID.self),
                              try row.decode(column: "created_at", as: Date.self), try row.decode(column: "body", as: String.self)))
            }
        }
        var texts: [UUID: [(Date, String)]] = [:]
        for message in found.sorted(by: { ($0.at, $0.id.uuidString) > ($1.at, $1.id.uuidString) }) {
            if texts[message.customer, default: []].count >= StyleAggregation.recentMessages { continue }
            texts[message.customer, default: []].append((message.at, message.body))
        }
        var result: [UUID: [MessageStyles]] = [:]
        for (customer, messages) in texts {
            result[customer] = messages.map { at, body in
                let styles = classifier.analyze(body).styles
                return MessageStyles(
                    at: at,
                    scores: Dictionary(styles.map { ($0.label, $0.score) }) { first, _ in first },
                    evidence: Dictionary(styles.map { ($0.label, $0.evidence) }) { first, _ in first })
            }
            // Classifying is the heaviest work here and runs on the few threads that also serve
            // requests: let them in between customers instead of holding a thread for the whole chunk.
            await Task.yield()
        }
        return result
    }

    /// Tickets, orders, reopens and escalations of each customer over `HighMaintenanceRule.window`.
    func behaviour(of customerIDs: [UUID]) async throws -> [UUID: ContactBehaviour] {
        let since = now.addingTimeInterval(-HighMaintenanceRule.window)
        let tickets = try await sql.select().column("id").column("requester_id").from("tickets")
            .where("workspace_id", .equal, workspaceID).where("requester_id", .in, customerIDs)
            .where("created_at", .greaterThan, since).where("created_at", .lessThanOrEqual, now)
            .where("merged_into_id", .is, SQLLiteral.null).all()
        var requester: [UUID: UUID] = [:]
        for row in tickets { requester[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "requester_id", as: UUID.self) }
        var reopened: Set<UUID> = []
        var escalated: Set<UUID> = []
        for chunk in Array(requester.keys).chunked(into: 500).map(Array.init) {
            let events = try await sql.select().columns("ticket_id", "action", "field", "old_value", "new_value").from("ticket_events")
                .where("workspace_id", .equal, workspaceID).where("ticket_id", .in, chunk)
                .where { $0.where("field", .in, ["status", "priority"]).orWhere("action", .equal, "sla_escalated") }
                .where("at", .lessThanOrEqual, now).all()
            for event in events {
                let ticketID = try event.decode(column: "ticket_id", as: UUID.self)
                let old = try event.decode(column: "old_value", as: String?.self)
                let new = try event.decode(column: "new_value", as: String?.self)
                switch (try event.decode(column: "action", as: String.self), try event.decode(column: "field", as: String?.self)) {
                case ("sla_escalated", _):
                    escalated.insert(ticketID)
                case (_, "status") where old == TicketStatus.solved.rawValue && new != TicketStatus.closed.rawValue:
                    reopened.insert(ticketID)
                case (_, "priority"):
                    if let old = old.flatMap(TicketPriority.init(rawValue:)), let new = new.flatMap(TicketPriority.init(rawValue:)), new > old {
                        escalated.insert(ticketID)
                    }
                default:
                    break
                }
            }
            let calls = try await sql.select().column("ticket_id").from("ticket_messages")
                .where("workspace_id", .equal, workspaceID).where("ticket_id", .in, chunk)
                .where("outcome", .equal, ContactOutcome.escalated.rawValue).all()
            for call in calls { escalated.insert(try call.decode(column: "ticket_id", as: UUID.self)) }
        }
        let orders = try await sql.select().column("customer_id").column("status").from(OrderRow.table)
            .where("workspace_id", .equal, workspaceID).where("customer_id", .in, customerIDs)
            .where("ordered_at", .greaterThan, since).where("ordered_at", .lessThanOrEqual, now).all()
        var result: [UUID: ContactBehaviour] = [:]
        for (ticketID, customerID) in requester {
            result[customerID, default: ContactBehaviour(tickets: 0, orders: 0, reopenedTickets: 0, escalatedTickets: 0)].tickets += 1
            if reopened.contains(ticketID) { result[customerID]?.reopenedTickets += 1 }
            if escalated.contains(ticketID) { result[customerID]?.escalatedTickets += 1 }
        }
        for row in orders {
            let status: OrderStatus = try row.decodeEnum("status")
            guard status.countsAsPurchase else { continue }
            result[try row.decode(column: "customer_id", as: UUID.self)]?.orders += 1
        }
        return result
    }
}
