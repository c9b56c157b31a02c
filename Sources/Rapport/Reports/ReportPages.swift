import Fluent
import Foundation
import RapportCore
import SQLKit
import Vapor

/// `/reports`: the printable principal report for a period and a workspace or organization, its CSV
/// files, and (supervisors) the scheduled report mail. Viewers, such as a principal's staff, see the report.
struct ReportPages: RouteCollection {
    struct Figure: Encodable, Sendable {
        var label: String
        var value: String
        var basis: String
    }

    struct Channel: Encodable, Sendable {
        var label: String
        var tickets: Int
        var customerMessages: Int
        var agentReplies: Int
    }

    struct Category: Encodable, Sendable {
        var label: String
        var received: Int
        var solved: Int
        var open: Int
    }

    struct Line: Encodable, Sendable {
        var number: String
        var href: String
        var subject: String
        var category: String
        var product: String
        var status: String
        var created: String
        var solved: String
    }

    struct Comment: Encodable, Sendable {
        var score: String
        var comment: String
        var at: String
    }

    struct Schedule: Encodable, Sendable {
        var id: String
        var name: String
        var frequency: String
        var scope: String
        var recipients: String
    }

    struct ReportPage: Encodable, Sendable {
        var title: String
        var from: String
        var to: String
        var organizations: [WebOption]
        var figures: [Figure]
        var channels: [Channel]
        var questionsReceived: Int
        var questionsAnswered: Int
        var questionsSolved: Int
        var categories: [Category]
        var complaints: [Line]
        var comments: [Comment]
        var openCount: Int
        var openTickets: [Line]
        var files: [WebOption]
        var generated: String
        var canSchedule: Bool
        var schedules: [Schedule]
        var frequencies: [WebOption]
        var problems: FormProblems
    }

    func boot(routes: any RoutesBuilder) throws {
        let reports = routes.grouped("reports")
        reports.get(use: { req in try await show(req, problems: .none, status: .ok) })
        let supervisors = reports.grouped(RequireRole(minimum: .supervisor))
        supervisors.post("schedules", use: createSchedule)
        supervisors.post("schedules", ":id", "delete", use: deleteSchedule)
    }

    func show(_ req: Request, problems: FormProblems, status: HTTPStatus) async throws -> Response {
        let actor = try req.actor
        let report: PrincipalReport
        var problems = problems
        var status = status
        do {
            report = try await ReportsAPI.report(req)
        } catch let error as APIError where error.status == .unprocessableEntity {
            req.url.query = nil
            report = try await ReportsAPI.report(req)
            (problems, status) = (FormProblems(error), error.status)
        }
        let sql = req.db as! any SQLDatabase
        let organizations = try await sql.select().columns("id", "name").from("organizations").where("workspace_id", .equal, actor.workspaceID)
            .orderBy("name").limit(500).all().map { row in
                let id = try row.decode(column: "id", as: UUID.self)
                return WebOption(value: id.uuidString, label: try row.decode(column: "name", as: String.self), selected: id == report.organizationID)
            }
        let from = MetricDay.text(report.fromDay), to = MetricDay.text(report.toDay - 1)
        let query = "from=\(from)&to=\(to)" + (report.organizationID.map { "&organization_id=\($0)" } ?? "")
        func line(_ ticket: PrincipalReport.TicketLine) -> Line {
            Line(number: "#\(ticket.number)", href: "/tickets/\(ticket.id)", subject: ticket.subject, category: WebFormat.label(ticket.category),
                 product: ticket.product, status: WebFormat.label(ticket.status), created: WebFormat.time(ticket.createdAt), solved: WebFormat.time(ticket.solvedAt))
        }
        var schedules: [Schedule] = []
        let canSchedule = actor.role >= .supervisor
        if canSchedule {
            let names = Dictionary(uniqueKeysWithValues: organizations.map { ($0.value, $0.label) })
            schedules = try await ReportScheduleStore(db: req.db, workspaceID: actor.workspaceID).list().map {
                Schedule(id: $0.id.uuidString, name: $0.name, frequency: WebFormat.label($0.frequency.rawValue),
                         scope: $0.organizationID.flatMap { names[$0.uuidString] } ?? "Whole workspace", recipients: $0.recipients.joined(separator: ", "))
            }
        }
        let page = ReportPage(
            title: report.title, from: from, to: to,
            organizations: [WebOption(value: "", label: "Whole workspace", selected: report.organizationID == nil)] + organizations,
            figures: report.figures.map { Figure(label: WebFormat.label($0.0.rawValue), value: PrincipalReport.format($0.0, $0.1), basis: String($0.2)) },
            channels: report.channels.map { Channel(label: WebFormat.label($0.channel), tickets: $0.tickets, customerMessages: $0.customerMessages, agentReplies: $0.agentReplies) },
            questionsReceived: report.questionsReceived, questionsAnswered: report.questionsAnswered, questionsSolved: report.questionsSolved,
            categories: report.complaintsByCategory.map { Category(label: WebFormat.label($0.category), received: $0.received, solved: $0.solved, open: $0.open) },
            complaints: report.complaints.prefix(200).map(line),
            comments: report.comments.prefix(20).map { Comment(score: $0.score, comment: $0.comment, at: WebFormat.time($0.at)) },
            openCount: report.openCount, openTickets: report.openTickets.prefix(50).map(line),
            files: PrincipalReport.csvNames.map { WebOption(value: "/api/v1/reports/principal/\($0)?\(query)", label: $0, selected: false) },
            generated: WebFormat.time(report.generatedAt), canSchedule: canSchedule, schedules: schedules,
            frequencies: WebOption.all(ReportFrequency.self, selected: ReportFrequency.weekly.rawValue), problems: problems)
        return try await req.renderPage("reports/principal", title: report.title, section: "reports", page, status: status)
    }

    func createSchedule(req: Request) async throws -> Response {
        var fields: [(String, JSONValue)] = []
        for name in ["name", "frequency", "organization_id"] {
            if let value = req.formText(name) { fields.append((name, .string(value))) }
        }
        let recipients = (req.formText("recipients") ?? "").split { $0 == "," || $0 == ";" || $0.isWhitespace }.map { JSONValue.string(String($0)) }
        fields.append(("recipients", .array(recipients)))
        do {
            _ = try await req.callAPI(.POST, json: .object(fields), ReportsAPI().createSchedule)
        } catch let error as APIError where error.status == .unprocessableEntity {
            req.url.query = nil
            return try await show(req, problems: FormProblems(error), status: error.status)
        }
        return req.redirect(to: "/reports?notice=created", redirectType: .normal)
    }

    func deleteSchedule(req: Request) async throws -> Response {
        _ = try await req.callAPI(.DELETE, ReportsAPI().deleteSchedule)
        return req.redirect(to: "/reports?notice=updated", redirectType: .normal)
    }
}
