import Fluent
import Foundation
import RapportCore
import SQLKit
import Vapor

extension DashboardPages {
    struct TicketLine: Encodable, Sendable {
        var number: String
        var href: String
        var subject: String
        var status: String
        var assignee: String
        var created: String
    }

    struct TicketsPage: Encodable, Sendable {
        var heading: String
        var period: String
        var scope: String
        var figure: String
        var tickets: [TicketLine]
        var complete: Bool
        var backHref: String
    }

    /// `/dashboard/tickets?metrics=M&from&to[&team_id][&agent_id][&breakdown=D&value=V]`: the tickets behind one figure.
    func tickets(req: Request) async throws -> Response {
        let actor = try req.actor
        var query = try MetricsQuery.parse(req)
        guard query.metrics.count == 1, let metric = query.metrics.first else {
            throw APIError.validation(["metrics": "must name exactly one metric"])
        }
        let value: String? = query.breakdown == nil ? nil : (req.query["value"] ?? "")
        let found = try await MetricTickets(db: req.db, workspaceID: actor.workspaceID).find(metric, query: query, value: value)
        let result = try await MetricsStore(db: req.db, workspaceID: actor.workspaceID, now: req.clock.now).run(query)
        let figure = query.breakdown == nil ? result.totals.values[metric] ?? nil
            : result.breakdown.first { $0.value == (value ?? "") }.flatMap { $0.figures.values[metric] ?? nil }

        let sql = req.db as! any SQLDatabase
        var lines: [UUID: TicketLine] = [:]
        let names = Dictionary(try await req.people.users().map { ($0.id!, $0.name) }, uniquingKeysWith: { first, _ in first })
        for chunk in found.ids.chunked(into: 500) where !chunk.isEmpty {
            for row in try await sql.select().columns("id", "number", "subject", "status", "assignee_id", "created_at").from("tickets")
                .where("workspace_id", .equal, actor.workspaceID).where("id", .in, Array(chunk)).all() {
                let id = try row.decode(column: "id", as: UUID.self)
                lines[id] = TicketLine(
                    number: "#\(try row.decode(column: "number", as: Int64.self))", href: "/tickets/\(id)",
                    subject: try row.decode(column: "subject", as: String.self),
                    status: WebFormat.label(try row.decode(column: "status", as: String.self)),
                    assignee: try row.decode(column: "assignee_id", as: UUID?.self).flatMap { names[$0] } ?? "Unassigned",
                    created: WebFormat.time(try row.decode(column: "created_at", as: Date.self)))
            }
        }
        var scope: [String] = []
        if let team = query.teamID { scope.append("team " + (try await req.people.teams().first { $0.id == team }?.name ?? "unknown")) }
        if let agent = query.agentID { scope.append("agent " + (names[agent] ?? "unknown")) }
        if let breakdown = query.breakdown {
            let label = result.breakdown.first { $0.value == (value ?? "") }?.label ?? ((value ?? "").isEmpty ? "(none)" : value ?? "")
            scope.append(DashboardHeadlines.label(breakdown).lowercased() + " " + label)
        }
        query.breakdown = nil
        let page = TicketsPage(
            heading: "Tickets behind: " + DashboardHeadlines.label(metric),
            period: "\(MetricDay.text(query.fromDay)) to \(MetricDay.text(query.toDay - 1))",
            scope: scope.isEmpty ? "whole workspace" : scope.joined(separator: ", "),
            figure: PrincipalReport.format(metric, figure),
            tickets: found.ids.compactMap { lines[$0] }, complete: found.complete, backHref: DashboardLinks(query: query).dashboard())
        return try await req.renderPage("dashboard/tickets", title: page.heading, section: "dashboard", page)
    }
}
