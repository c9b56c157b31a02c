import Fluent
import Foundation
import RapportCore
import SQLKit

/// Reads one workspace's (or one organization's) period and assembles the principal report. The
/// figures come from the metrics: `MetricsStore` for a workspace, and for an organization the same
/// per-ticket contributions (`metric_ticket_facts`) summed over its tickets, turned into figures by `MetricFigures`.
struct ReportBuilder {
    let db: any Database
    let workspaceID: UUID
    let now: Date
    private var sql: any SQLDatabase { db as! any SQLDatabase }

    func build(fromDay: Int, toDay: Int, organizationID: UUID?) async throws -> PrincipalReport {
        let from = MetricDay.start(fromDay), to = MetricDay.start(toDay)
        let workspaceName = try await sql.select().column("name").from("workspaces").where("id", .equal, workspaceID)
            .first()?.decode(column: "name", as: String.self) ?? ""
        var organizationName: String?
        if let organizationID {
            guard let row = try await sql.select().column("name").from("organizations")
                .where("workspace_id", .equal, workspaceID).where("id", .equal, organizationID).first() else {
                throw APIError.validation(["organization_id": "is not an organization of this workspace"])
            }
            organizationName = try row.decode(column: "name", as: String.self)
        }
        func tickets(_ alias: String? = nil) -> SQLSelectBuilder {
            let builder = sql.select()
            func column(_ name: String) -> SQLColumn { alias.map { SQLColumn(name, table: $0) } ?? SQLColumn(name) }
            if let alias {
                builder.from(SQLAlias(SQLIdentifier("ticket_messages"), as: SQLIdentifier("m")))
                    .join(SQLAlias(SQLIdentifier("tickets"), as: SQLIdentifier(alias)), on: SQLColumn("id", table: alias), .equal, SQLColumn("ticket_id", table: "m"))
            } else {
                builder.from("tickets")
            }
            builder.where(column("workspace_id"), .equal, SQLBind(workspaceID)).where(column("merged_into_id"), .is, SQLLiteral.null)
            if let organizationID { builder.where(column("organization_id"), .equal, SQLBind(organizationID)) }
            return builder
        }

        // Contacts by channel: tickets opened, customers' messages and agents' public replies in the period.
        var channels: [String: PrincipalReport.ChannelRow] = [:]
        for row in try await tickets().column("channel").column(SQLRaw("count(*) AS n"))
            .where("created_at", .greaterThanOrEqual, from).where("created_at", .lessThan, to).groupBy("channel").all() {
            let channel = try row.decode(column: "channel", as: String.self)
            channels[channel, default: .init(channel: channel, tickets: 0, customerMessages: 0, agentReplies: 0)].tickets = Int(try row.decode(column: "n", as: Int64.self))
        }
        for row in try await tickets("t").column(SQLColumn("channel", table: "t")).column(SQLColumn("author_kind", table: "m")).column(SQLRaw("count(*) AS n"))
            .where(SQLColumn("created_at", table: "m"), .greaterThanOrEqual, SQLBind(from)).where(SQLColumn("created_at", table: "m"), .lessThan, SQLBind(to))
            .where(SQLColumn("visibility", table: "m"), .equal, SQLBind(MessageVisibility.public.rawValue))
            .groupBy(SQLColumn("channel", table: "t")).groupBy(SQLColumn("author_kind", table: "m")).all() {
            let channel = try row.decode(column: "channel", as: String.self)
            let count = Int(try row.decode(column: "n", as: Int64.self))
            switch try row.decode(column: "author_kind", as: String.self) {
            case MessageAuthorKind.customer.rawValue: channels[channel, default: .init(channel: channel, tickets: 0, customerMessages: 0, agentReplies: 0)].customerMessages += count
            case MessageAuthorKind.agent.rawValue: channels[channel, default: .init(channel: channel, tickets: 0, customerMessages: 0, agentReplies: 0)].agentReplies += count
            default: break
            }
        }

        // Questions and complaints opened in the period, with where they stand now.
        let lineColumns = ["id", "number", "subject", "kind", "category", "product", "status", "created_at", "solved_at"]
        func line(_ row: any SQLRow) throws -> PrincipalReport.TicketLine {
            PrincipalReport.TicketLine(
                id: try row.decode(column: "id", as: UUID.self), number: try row.decode(column: "number", as: Int64.self),
                subject: try row.decode(column: "subject", as: String.self), kind: try row.decode(column: "kind", as: String.self),
                category: try row.decode(column: "category", as: String?.self) ?? "", product: try row.decode(column: "product", as: String?.self) ?? "",
                status: try row.decode(column: "status", as: String.self), createdAt: try row.decode(column: "created_at", as: Date.self),
                solvedAt: try row.decode(column: "solved_at", as: Date?.self))
        }
        let questions = try await tickets().columns("first_response_at", "solved_at").where("kind", .equal, TicketKind.question.rawValue)
            .where("created_at", .greaterThanOrEqual, from).where("created_at", .lessThan, to).all()
        let questionsAnswered = try questions.filter { try $0.decode(column: "first_response_at", as: Date?.self) != nil }.count
        let questionsSolved = try questions.filter { try $0.decode(column: "solved_at", as: Date?.self) != nil }.count
        let complaints = try await tickets().columns(lineColumns.map { SQLIdentifier($0) }).where("kind", .equal, TicketKind.complaint.rawValue)
            .where("created_at", .greaterThanOrEqual, from).where("created_at", .lessThan, to).orderBy("created_at").limit(5_000).all().map(line)
        var byCategory: [String: PrincipalReport.ComplaintRow] = [:]
        for complaint in complaints {
            let category = complaint.category.isEmpty ? "unclassified" : complaint.category
            var row = byCategory[category] ?? .init(category: category, received: 0, solved: 0, open: 0)
            row.received += 1
            if complaint.status == TicketStatus.solved.rawValue || complaint.status == TicketStatus.closed.rawValue { row.solved += 1 } else { row.open += 1 }
            byCategory[category] = row
        }

        // Open issues: tickets opened before the period's end that are still unsolved.
        let openQuery = tickets().where("unsolved", .equal, true).where("created_at", .lessThan, to)
        let openCount = Int(try await openQuery.column(SQLRaw("count(*) AS n")).first()?.decode(column: "n", as: Int64.self) ?? 0)
        let open = try await tickets().columns(lineColumns.map { SQLIdentifier($0) }).where("unsolved", .equal, true).where("created_at", .lessThan, to)
            .orderBy("created_at").limit(200).all().map(line)

        let figures = try await self.figures(fromDay: fromDay, toDay: toDay, organizationID: organizationID)

        let commentQuery = sql.select()
            .column(SQLColumn("score", table: "f")).column(SQLColumn("kind", table: "f")).column(SQLColumn("comment", table: "f")).column(SQLColumn("received_at", table: "f"))
            .from(SQLAlias(SQLIdentifier("feedback"), as: SQLIdentifier("f")))
            .join(SQLAlias(SQLIdentifier("customers"), as: SQLIdentifier("c")), on: SQLColumn("id", table: "c"), .equal, SQLColumn("customer_id", table: "f"))
            .where(SQLColumn("workspace_id", table: "f"), .equal, SQLBind(workspaceID))
            .where(SQLColumn("received_at", table: "f"), .greaterThanOrEqual, SQLBind(from)).where(SQLColumn("received_at", table: "f"), .lessThan, SQLBind(to))
            .where(SQLColumn("comment", table: "f"), .notEqual, SQLBind(""))
        if let organizationID { commentQuery.where(SQLColumn("organization_id", table: "c"), .equal, SQLBind(organizationID)) }
        let comments = try await commentQuery.orderBy(SQLOrderBy(expression: SQLColumn("received_at", table: "f"), direction: SQLDirection.descending)).limit(100).all()
            .map { row in
                let score = try row.decode(column: "score", as: Int?.self).map { "\(try row.decode(column: "kind", as: String.self).uppercased()) \($0)" } ?? "note"
                return (score: score, comment: try row.decode(column: "comment", as: String.self), at: try row.decode(column: "received_at", as: Date.self))
            }

        return PrincipalReport(
            workspaceName: workspaceName, organizationID: organizationID, organizationName: organizationName, fromDay: fromDay, toDay: toDay,
            generatedAt: now, channels: channels.values.sorted { ($1.tickets, $0.channel) < ($0.tickets, $1.channel) },
            questionsReceived: questions.count, questionsAnswered: questionsAnswered, questionsSolved: questionsSolved,
            complaintsByCategory: byCategory.values.sorted { ($1.received, $0.category) < ($0.received, $1.category) },
            complaints: complaints, figures: figures, comments: comments, openTickets: open, openCount: openCount)
    }

    private func figures(fromDay: Int, toDay: Int, organizationID: UUID?) async throws -> [(MetricName, Double?, Int64)] {
        let metrics = PrincipalReport.reportedMetrics
        guard let organizationID else {
            let totals = try await MetricsStore(db: db, workspaceID: workspaceID, now: now).run(MetricsQuery(metrics: metrics, fromDay: fromDay, toDay: toDay)).totals
            return metrics.map { ($0, totals.values[$0] ?? nil, totals.basis[$0] ?? 0) }
        }
        var period = MetricCounters()
        let rows = try await sql.select().column(SQLColumn("facts", table: "f"))
            .from(SQLAlias(SQLIdentifier("metric_ticket_facts"), as: SQLIdentifier("f")))
            .join(SQLAlias(SQLIdentifier("tickets"), as: SQLIdentifier("t")), on: SQLColumn("id", table: "t"), .equal, SQLColumn("ticket_id", table: "f"))
            .where(SQLColumn("workspace_id", table: "t"), .equal, SQLBind(workspaceID))
            .where(SQLColumn("organization_id", table: "t"), .equal, SQLBind(organizationID)).all()
        for row in rows {
            let facts = try JSONDecoder().decode(MetricAggregates.Facts.self, from: Data(try row.decode(column: "facts", as: String.self).utf8))
            for (day, values) in facts.days where day >= fromDay && day < toDay { period += MetricCounters(values: values) }
        }
        // Scores without a ticket (NPS surveys) of the organization's people count too, as in the workspace's figures.
        for row in try await sql.select().column(SQLColumn("kind", table: "f")).column(SQLColumn("score", table: "f"))
            .from(SQLAlias(SQLIdentifier("feedback"), as: SQLIdentifier("f")))
            .join(SQLAlias(SQLIdentifier("customers"), as: SQLIdentifier("c")), on: SQLColumn("id", table: "c"), .equal, SQLColumn("customer_id", table: "f"))
            .where(SQLColumn("workspace_id", table: "f"), .equal, SQLBind(workspaceID)).where(SQLColumn("organization_id", table: "c"), .equal, SQLBind(organizationID))
            .where(SQLColumn("ticket_id", table: "f"), .is, SQLLiteral.null).where(SQLColumn("score", table: "f"), .isNot, SQLLiteral.null)
            .where(SQLColumn("received_at", table: "f"), .greaterThanOrEqual, SQLBind(MetricDay.start(fromDay)))
            .where(SQLColumn("received_at", table: "f"), .lessThan, SQLBind(MetricDay.start(toDay))).all() {
            guard let score = try row.decode(column: "score", as: Int?.self) else { continue }
            switch FeedbackKind(rawValue: try row.decode(column: "kind", as: String.self)) {
            case .csat: period.add(csat: score)
            case .nps: period.add(nps: score)
            default: break
            }
        }
        let at = min(MetricDay.start(toDay), now)
        return metrics.map { ($0, MetricFigures.value($0, period: period, backlogBefore: MetricCounters(), backlogAt: at), MetricFigures.basis($0, period: period)) }
    }
}
