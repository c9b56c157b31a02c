import Fluent
import Foundation
import RapportCore
import SQLKit
import Vapor

/// /api/v1/reports/principal (the report as JSON, and its CSV files) and /api/v1/report-schedules.
struct ReportsAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let reports = routes.grouped("reports", "principal")
        reports.get(use: principal)
        reports.get(":file", use: csv)
        let schedules = routes.grouped("report-schedules").requiring(.supervisor)
        schedules.get(use: listSchedules)
        schedules.post(use: createSchedule)
        schedules.delete(":id", use: deleteSchedule)
    }

    /// `from`, `to` (dates, `to` included; default the last 30 days) and `organization_id` (default the whole workspace).
    static func report(_ req: Request) async throws -> PrincipalReport {
        var errors = FieldErrors()
        let (from, to) = req.metricPeriod(into: &errors, atMostThreeYears: true)
        var organizationID: UUID?
        if let raw: String = req.query["organization_id"], !raw.isEmpty {
            if let id = UUID(uuidString: raw) { organizationID = id } else { errors.add("organization_id", "must be an id") }
        }
        try errors.throwIfAny()
        return try await ReportBuilder(db: req.db, workspaceID: try req.workspaceID, now: req.clock.now)
            .build(fromDay: from, toDay: to + 1, organizationID: organizationID)
    }

    func principal(req: Request) async throws -> PrincipalReportResponse {
        PrincipalReportResponse(try await Self.report(req))
    }

    /// One file of the CSV bundle: summary.csv, channels.csv, complaint-categories.csv, complaints.csv, open-issues.csv, comments.csv.
    func csv(req: Request) async throws -> Response {
        let name = req.parameters.get("file") ?? ""
        guard PrincipalReport.csvNames.contains(name) else { throw APIError.notFound("report file") }
        let report = try await Self.report(req)
        let text = report.csvFiles.first { $0.name == name }?.text ?? ""
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: "report-\(MetricDay.text(report.fromDay))-\(name)")
        return Response(status: .ok, headers: headers, body: .init(string: text))
    }

    func listSchedules(req: Request) async throws -> Page<ReportScheduleResponse> {
        Page(items: try await ReportScheduleStore(db: req.db, workspaceID: try req.workspaceID).list().map(ReportScheduleResponse.init), nextCursor: nil)
    }

    func createSchedule(req: Request) async throws -> Response {
        let input = try req.content.decode(ReportScheduleInput.self)
        let workspaceID = try req.workspaceID
        var errors = FieldErrors()
        let name = errors.requireText("name", input.name, maxLength: 200)
        let frequency = errors.choice("frequency", input.frequency ?? "", as: ReportFrequency.self)
        let recipients = errors.emails("recipients", input.recipients ?? [])
        if (input.recipients ?? []).isEmpty { errors.add("recipients", "needs at least one email address") }
        if recipients.count > 50 { errors.add("recipients", "may hold at most 50 addresses") }
        if let organizationID = input.organizationID,
           try await (req.db as! any SQLDatabase).select().column("id").from("organizations")
            .where("workspace_id", .equal, workspaceID).where("id", .equal, organizationID).first() == nil {
            errors.add("organization_id", "is not an organization of this workspace")
        }
        try errors.throwIfAny()
        let schedule = ReportSchedule(
            id: TimeOrderedID.make(now: req.clock.now), workspaceID: workspaceID, name: name, frequency: frequency!,
            organizationID: input.organizationID, recipients: recipients, createdByID: try req.actor.userID, createdAt: req.clock.now)
        try await ReportScheduleStore(db: req.db, workspaceID: workspaceID).insert(schedule)
        return try await ReportScheduleResponse(schedule).encodeResponse(status: .created, for: req)
    }

    func deleteSchedule(req: Request) async throws -> HTTPStatus {
        try await ReportScheduleStore(db: req.db, workspaceID: try req.workspaceID).delete(try req.requireUUID("id"))
        return .noContent
    }
}

extension PrincipalReport {
    static let csvNames = ["summary.csv", "channels.csv", "complaint-categories.csv", "complaints.csv", "open-issues.csv", "comments.csv"]
}

/// The principal report as JSON.
struct PrincipalReportResponse: Content {
    struct Channel: Content {
        var channel: String
        var tickets: Int
        var customerMessages: Int
        var agentReplies: Int
        enum CodingKeys: String, CodingKey {
            case channel, tickets
            case customerMessages = "customer_messages", agentReplies = "agent_replies"
        }
    }
    struct Category: Content {
        var category: String
        var received: Int
        var solved: Int
        var open: Int
    }
    struct TicketLine: Content {
        var id: UUID
        var number: Int64
        var subject: String
        var category: String?
        var product: String?
        var status: String
        var createdAt: Date
        var solvedAt: Date?
        enum CodingKeys: String, CodingKey {
            case id, number, subject, category, product, status
            case createdAt = "created_at", solvedAt = "solved_at"
        }
    }

    var title: String
    var from: String
    var to: String
    var organizationID: UUID?
    var channels: [Channel]
    var questions: [String: Int]
    var complaintsByCategory: [Category]
    var complaints: [TicketLine]
    var figures: [String: Double?]
    var basis: [String: Int64]
    var openIssues: Int
    var openTickets: [TicketLine]
    var files: [String]

    enum CodingKeys: String, CodingKey {
        case title, from, to, channels, questions, complaints, figures, basis, files
        case organizationID = "organization_id", complaintsByCategory = "complaints_by_category"
        case openIssues = "open_issues", openTickets = "open_tickets"
    }

    init(_ report: PrincipalReport) {
        func line(_ ticket: PrincipalReport.TicketLine) -> TicketLine {
            TicketLine(id: ticket.id, number: ticket.number, subject: ticket.subject, category: ticket.category.isEmpty ? nil : ticket.category,
                       product: ticket.product.isEmpty ? nil : ticket.product, status: ticket.status, createdAt: ticket.createdAt, solvedAt: ticket.solvedAt)
        }
        title = report.title
        from = MetricDay.text(report.fromDay)
        to = MetricDay.text(report.toDay - 1)
        organizationID = report.organizationID
        channels = report.channels.map { Channel(channel: $0.channel, tickets: $0.tickets, customerMessages: $0.customerMessages, agentReplies: $0.agentReplies) }
        questions = ["received": report.questionsReceived, "answered": report.questionsAnswered, "solved": report.questionsSolved]
        complaintsByCategory = report.complaintsByCategory.map { Category(category: $0.category, received: $0.received, solved: $0.solved, open: $0.open) }
        complaints = report.complaints.map(line)
        figures = Dictionary(uniqueKeysWithValues: report.figures.map { ($0.0.rawValue, $0.1) })
        basis = Dictionary(uniqueKeysWithValues: report.figures.map { ($0.0.rawValue, $0.2) })
        openIssues = report.openCount
        openTickets = report.openTickets.map(line)
        files = PrincipalReport.csvNames
    }
}
