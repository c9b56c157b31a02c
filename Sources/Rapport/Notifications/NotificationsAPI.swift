import Fluent
import Foundation
import RapportCore
import SQLKit
import Vapor

/// /api/v1/notifications: what Rapport has told the signed-in user, unread first.
struct NotificationsAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let notifications = routes.grouped("notifications")
        notifications.get(use: list)
        notifications.post(":id", "read", use: markRead)
    }

    func list(req: Request) async throws -> Page<NotificationResponse> {
        let actor = try req.actor
        let page = try PageRequest(req)
        var errors = FieldErrors()
        var unreadOnly = false
        if let raw: String = req.query["unread"] {
            if raw == "true" { unreadOnly = true } else if raw != "false" { errors.add("unread", "must be true or false") }
        }
        try errors.throwIfAny()
        // Unread first, then newest first; pages by position, as the order changes when items are read.
        let offset = page.cursor.flatMap { Int($0.key) } ?? 0
        let rows = try await NotificationStore(db: req.db, workspaceID: actor.workspaceID)
            .list(for: actor.userID, unreadOnly: unreadOnly, limit: page.limit + 1, offset: offset)
        let shown = Array(rows.prefix(page.limit))
        let next = rows.count > page.limit ? ListCursor(key: String(offset + page.limit), id: shown[shown.count - 1].id).encoded() : nil
        return Page(items: shown.map(NotificationResponse.init), nextCursor: next)
    }

    func markRead(req: Request) async throws -> NotificationResponse {
        let actor = try req.actor
        let id = try req.requireUUID("id")
        let now = req.clock.now
        let workspaceID = actor.workspaceID
        let row = try await req.writes.perform { batch in
            let store = NotificationStore(db: batch.db, workspaceID: workspaceID)
            var row = try await store.find(id, user: actor.userID)
            if row.readAt == nil {
                try await store.markRead(id, at: now)
                row.readAt = now
            }
            return row
        }
        return NotificationResponse(row)
    }
}

/// The queries on one workspace's notifications.
struct NotificationStore {
    let db: any Database
    let workspaceID: UUID
    private var sql: any SQLDatabase { db as! any SQLDatabase }

    func list(for userID: UUID, unreadOnly: Bool, limit: Int, offset: Int) async throws -> [NotificationRow] {
        let query = sql.select().column("*").from(NotificationRow.table)
            .where("workspace_id", .equal, workspaceID).where("user_id", .equal, userID)
        if unreadOnly { query.where("read_at", .is, SQLLiteral.null) }
        return try await query
            .orderBy(SQLRaw("CASE WHEN read_at IS NULL THEN 0 ELSE 1 END"))
            .orderBy("created_at", .descending).orderBy("id", .descending)
            .limit(limit).offset(offset).all().map(NotificationRow.init(row:))
    }

    /// One of the user's notifications; someone else's answers 404 like a missing one.
    func find(_ id: UUID, user: UUID) async throws -> NotificationRow {
        guard let row = try await sql.select().column("*").from(NotificationRow.table)
            .where("workspace_id", .equal, workspaceID).where("user_id", .equal, user).where("id", .equal, id).first()
        else { throw APIError.notFound("notification") }
        return try NotificationRow(row: row)
    }

    func markRead(_ id: UUID, at now: Date) async throws {
        try await sql.update(NotificationRow.table).set("read_at", to: SQLBind(now))
            .where("workspace_id", .equal, workspaceID).where("id", .equal, id).run()
    }
}

struct NotificationResponse: Content {
    var id: UUID
    var ticketID: UUID?
    var kind: NotificationKind
    var text: String
    var read: Bool
    var createdAt: Date
    var readAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, kind, text, read
        case ticketID = "ticket_id"
        case createdAt = "created_at"
        case readAt = "read_at"
    }

    init(_ row: NotificationRow) {
        id = row.id
        ticketID = row.ticketID
        kind = row.kind
        text = row.text
        read = row.readAt != nil
        createdAt = row.createdAt
        readAt = row.readAt
    }
}
