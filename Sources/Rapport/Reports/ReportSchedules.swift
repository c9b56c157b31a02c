import Fluent
import Foundation
import RapportCore
import SQLKit
import Vapor

/// A report that goes out by email every day, week or month to chosen people.
struct ReportSchedule: Sendable {
    var id: UUID
    var workspaceID: UUID
    var name: String
    var frequency: ReportFrequency
    var organizationID: UUID?
    var recipients: [String]
    var createdByID: UUID?
    var createdAt: Date

    static let columns = ["id", "workspace_id", "name", "frequency", "organization_id", "recipients", "created_by_id", "created_at"]

    init(id: UUID, workspaceID: UUID, name: String, frequency: ReportFrequency, organizationID: UUID?, recipients: [String], createdByID: UUID?, createdAt: Date) {
        (self.id, self.workspaceID, self.name, self.frequency) = (id, workspaceID, name, frequency)
        (self.organizationID, self.recipients, self.createdByID, self.createdAt) = (organizationID, recipients, createdByID, createdAt)
    }

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: UUID.self)
        workspaceID = try row.decode(column: "workspace_id", as: UUID.self)
        name = try row.decode(column: "name", as: String.self)
        frequency = try row.decodeEnum("frequency")
        organizationID = try row.decode(column: "organization_id", as: UUID?.self)
        recipients = try row.decode(column: "recipients", as: String.self).split(separator: ",").map(String.init)
        createdByID = try row.decode(column: "created_by_id", as: UUID?.self)
        createdAt = try row.decode(column: "created_at", as: Date.self)
    }
}

/// The report schedules of one workspace.
struct ReportScheduleStore {
    let db: any Database
    let workspaceID: UUID
    private var sql: any SQLDatabase { db as! any SQLDatabase }

    func list() async throws -> [ReportSchedule] {
        try await sql.select().columns(ReportSchedule.columns.map { SQLIdentifier($0) }).from("report_schedules")
            .where("workspace_id", .equal, workspaceID).orderBy("created_at").orderBy("id").all().map(ReportSchedule.init(row:))
    }

    func insert(_ schedule: ReportSchedule) async throws {
        try await sql.insertRows([[schedule.id, schedule.workspaceID, schedule.name, schedule.frequency.rawValue, schedule.organizationID,
                                   schedule.recipients.joined(separator: ","), schedule.createdByID, schedule.createdAt]],
                                 into: "report_schedules", columns: ReportSchedule.columns)
    }

    func delete(_ id: UUID) async throws {
        guard try await sql.select().column("id").from("report_schedules").where("workspace_id", .equal, workspaceID).where("id", .equal, id).first() != nil else {
            throw APIError.notFound("report schedule")
        }
        try await sql.delete(from: "report_runs").where("schedule_id", .equal, id).run()
        try await sql.delete(from: "report_schedules").where("workspace_id", .equal, workspaceID).where("id", .equal, id).run()
    }
}

/// Sends each schedule's report for its last complete period, once: the period's `report_runs` row
/// and the mail are written in one transaction, and the row's unique key refuses a second run of
/// the same period (another node, or a restart in the middle), which rolls its mail back with it.
enum ReportScheduler {
    struct Outcome: Equatable, Sendable {
        var sent: Int
        var mails: Int
    }

    static func runOnce(_ app: Application, now: Date) async throws -> Outcome {
        let sql = app.db as! any SQLDatabase
        let schedules = try await sql.select().columns(ReportSchedule.columns.map { SQLIdentifier($0) }).from("report_schedules").all().map(ReportSchedule.init(row:))
        let today = MetricDay.of(now)
        var outcome = Outcome(sent: 0, mails: 0)
        for schedule in schedules {
            let period = schedule.frequency.lastCompletePeriod(today: today)
            // A schedule made mid-period starts with the next complete one.
            guard period.to > MetricDay.of(schedule.createdAt) else { continue }
            let done = try await sql.select().column("id").from("report_runs")
                .where("schedule_id", .equal, schedule.id).where("period_start", .equal, Int64(period.from)).first()
            guard done == nil else { continue }
            let report = try await ReportBuilder(db: app.db, workspaceID: schedule.workspaceID, now: now)
                .build(fromDay: period.from, toDay: period.to, organizationID: schedule.organizationID)
            do {
                let mails = try await app.writes.perform { batch in
                    try await batch.sql.insert(into: "report_runs").columns("id", "schedule_id", "workspace_id", "period_start", "period_end", "sent_at")
                        .values(SQLBind(TimeOrderedID.make(now: now)), SQLBind(schedule.id), SQLBind(schedule.workspaceID),
                                SQLBind(Int64(period.from)), SQLBind(Int64(period.to)), SQLBind(now))
                        .run()
                    return try await enqueue(report, schedule: schedule, batch: batch, now: now)
                }
                outcome.sent += 1
                outcome.mails += mails
            } catch let error as any DatabaseError where error.isConstraintFailure {
                continue
            }
        }
        return outcome
    }

    /// One mail per recipient, with the summary as text and the CSV bundle attached.
    private static func enqueue(_ report: PrincipalReport, schedule: ReportSchedule, batch: WriteBatch, now: Date) async throws -> Int {
        let sender = try await Outbox.sender(batch.sql, workspaceID: schedule.workspaceID, teamID: nil)?.address
            ?? ComposedMail.Address(name: "Rapport", address: "no-reply@rapport.invalid")
        let attachments = report.csvFiles.map { ComposedMail.Attachment(filename: $0.name, mediaType: "text/csv", data: Array($0.text.utf8)) }
        for recipient in schedule.recipients {
            let id = TimeOrderedID.make(now: now)
            let mail = ComposedMail(
                from: sender, to: [ComposedMail.Address(address: recipient)], subject: "\(schedule.name): \(report.title)", date: now,
                messageID: ComposedMail.messageID(uuid: id, fromAddress: sender.address), automatic: .autoGenerated,
                text: report.textSummary, html: Outbox.html(fromText: report.textSummary), attachments: attachments)
            Outbox.insert(mail, id: id, kind: .report, workspaceID: schedule.workspaceID, ticketID: nil, messageID: nil, batch: batch, now: now)
        }
        return schedule.recipients.count
    }
}

extension Application {
    /// Sends due scheduled reports every five minutes while the server runs (not under tests, which call `ReportScheduler.runOnce`).
    func setUpReportScheduler() {
        guard environment != .testing else { return }
        lifecycle.use(RepeatingJob(name: "scheduled reports", every: .seconds(300)) { app in
            let outcome = try await ReportScheduler.runOnce(app, now: app.clock.now)
            return outcome.sent == 0 ? nil : ["reports": "\(outcome.sent)", "mails": "\(outcome.mails)"]
        })
    }
}

struct ReportScheduleInput: Content {
    var name: String?
    var frequency: String?
    var organizationID: UUID?
    var recipients: [String]?

    enum CodingKeys: String, CodingKey {
        case name, frequency, recipients
        case organizationID = "organization_id"
    }
}

struct ReportScheduleResponse: Content {
    var id: UUID
    var name: String
    var frequency: ReportFrequency
    var organizationID: UUID?
    var recipients: [String]
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name, frequency, recipients
        case organizationID = "organization_id", createdAt = "created_at"
    }

    init(_ schedule: ReportSchedule) {
        (id, name, frequency, organizationID, recipients, createdAt) =
            (schedule.id, schedule.name, schedule.frequency, schedule.organizationID, schedule.recipients, schedule.createdAt)
    }
}
