import Fluent
import Foundation
import RapportCore
import SQLKit

extension MetricAggregates {
    /// Reads what the metrics need about `ids` (a few queries for all of them) and computes each ticket's facts.
    static func compute(tickets ids: [UUID], in workspaceID: UUID, sql: any SQLDatabase, db: any Database) async throws -> [UUID: (UUID, Facts)] {
        guard !ids.isEmpty else { return [:] }
        let ticketRows = try await sql.select()
            .columns("id", "workspace_id", "requester_id", "created_at", "channel", "kind", "category", "topic", "product",
                     "assignee_id", "team_id", "sla_policy_id", "sla")
            .from("tickets").where("workspace_id", .equal, workspaceID).where("id", .in, ids).all()

        var messages: [UUID: [TicketMetricInput.Message]] = [:]
        for row in try await sql.select().columns("ticket_id", "created_at", "author_kind", "visibility").from("ticket_messages")
            .where("workspace_id", .equal, workspaceID).where("ticket_id", .in, ids).all() {
            guard let author = MessageAuthorKind(rawValue: try row.decode(column: "author_kind", as: String.self)),
                  let visibility = MessageVisibility(rawValue: try row.decode(column: "visibility", as: String.self)) else { continue }
            messages[try row.decode(column: "ticket_id", as: UUID.self), default: []].append(
                .init(at: try row.decode(column: "created_at", as: Date.self), author: author, visibility: visibility))
        }

        var changes: [UUID: [(Date, UUID, TicketMetricInput.StatusChange)]] = [:]
        for row in try await sql.select().columns("id", "ticket_id", "at", "old_value", "new_value").from("ticket_events")
            .where("workspace_id", .equal, workspaceID).where("ticket_id", .in, ids).where("field", .equal, "status").all() {
            guard let to = TicketStatus(rawValue: try row.decode(column: "new_value", as: String?.self) ?? "") else { continue }
            let at = try row.decode(column: "at", as: Date.self)
            let from = TicketStatus(rawValue: try row.decode(column: "old_value", as: String?.self) ?? "")
            changes[try row.decode(column: "ticket_id", as: UUID.self), default: []].append((at, try row.decode(column: "id", as: UUID.self), .init(at: at, from: from, to: to)))
        }

        var feedback: [UUID: [TicketMetricInput.Feedback]] = [:]
        for row in try await sql.select().columns("ticket_id", "received_at", "kind", "score").from("feedback")
            .where("workspace_id", .equal, workspaceID).where("ticket_id", .in, ids).where("score", .isNot, SQLLiteral.null).all() {
            guard let kind = FeedbackKind(rawValue: try row.decode(column: "kind", as: String.self)),
                  let score = try row.decode(column: "score", as: Int?.self) else { continue }
            feedback[try row.decode(column: "ticket_id", as: UUID.self), default: []].append(
                .init(at: try row.decode(column: "received_at", as: Date.self), kind: kind, score: score))
        }

        let requesterIDs = Array(Set(try ticketRows.map { try $0.decode(column: "requester_id", as: UUID.self) }))
        var profiles: [UUID: [[String]]] = [:]
        let profileDimensions = [ProfileDimension.communicationStyle, .lifecycle, .valueTier].map(\.rawValue)
        for chunk in requesterIDs.chunked(into: 1000) {
            for row in try await sql.select().columns("customer_id", "dimension", "value").from("customer_profile_values")
                .where("workspace_id", .equal, workspaceID).where("customer_id", .in, Array(chunk)).where("dimension", .in, profileDimensions).all() {
                profiles[try row.decode(column: "customer_id", as: UUID.self), default: []].append(
                    [try row.decode(column: "dimension", as: String.self), try row.decode(column: "value", as: String.self)])
            }
        }

        let policies = try await ServiceLevelStore(db: db, workspaceID: workspaceID).policies()
        var result: [UUID: (UUID, Facts)] = [:]
        for row in ticketRows {
            let id = try row.decode(column: "id", as: UUID.self)
            let policy = policies.policy(id: try row.decode(column: "sla_policy_id", as: UUID?.self))
            let ordered = (changes[id] ?? []).sorted { ($0.0, $0.1.uuidString) < ($1.0, $1.1.uuidString) }.map(\.2)
            let input = TicketMetricInput(
                createdAt: try row.decode(column: "created_at", as: Date.self), messages: messages[id] ?? [],
                statusChanges: ordered, sla: try row.decode(column: "sla", as: StoredMeasures.self).measures,
                calendar: policy?.calendar ?? .alwaysOpen)
            var withFeedback = input
            withFeedback.feedback = feedback[id] ?? []
            let contributions = TicketMetricFacts.contributions(withFeedback)

            let team = try row.decode(column: "team_id", as: UUID?.self)?.uuidString
            var dimensions: [[String]] = [
                [MetricDimension.agent.rawValue, try row.decode(column: "assignee_id", as: UUID?.self)?.uuidString ?? ""],
                [MetricDimension.team.rawValue, team ?? ""],
            ]
            for (dimension, column) in [(MetricDimension.channel, "channel"), (.kind, "kind"), (.category, "category"), (.topic, "topic"), (.product, "product")] {
                dimensions.append([dimension.rawValue, try row.decode(column: column, as: String?.self) ?? ""])
            }
            let profile = profiles[try row.decode(column: "requester_id", as: UUID.self)] ?? []
            for dimension in [MetricDimension.communicationStyle, .lifecycle, .valueTier] {
                let values = profile.filter { $0[0] == dimension.rawValue }.map { $0[1] }.sorted()
                for value in values.isEmpty ? [""] : values { dimensions.append([dimension.rawValue, value]) }
            }
            result[id] = (workspaceID, Facts(team: team, dimensions: dimensions, days: contributions.mapValues(\.values)))
        }
        return result
    }
}
