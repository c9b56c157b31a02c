import Fluent
import Foundation
import RapportCore
import SQLKit

/// One piece of feedback as stored in `feedback` (the table the metrics read for CSAT and NPS).
struct FeedbackRecord: Sendable {
    var id: UUID
    var workspaceID: UUID
    var kind: FeedbackKind
    var score: Int?
    var comment: String
    var source: FeedbackSource
    var customerID: UUID
    var ticketID: UUID?
    var agentID: UUID?
    var recordedByID: UUID?
    var invitationID: UUID?
    var product: String?
    var receivedAt: Date
    var createdAt: Date

    static let columns = [
        "id", "workspace_id", "kind", "score", "comment", "source", "customer_id", "ticket_id", "agent_id", "recorded_by_id",
        "invitation_id", "product", "received_at", "created_at",
    ]

    var values: [any Encodable & Sendable] {
        [id, workspaceID, kind.rawValue, score, comment, source.rawValue, customerID, ticketID, agentID, recordedByID,
         invitationID, product, receivedAt, createdAt]
    }

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: UUID.self)
        workspaceID = try row.decode(column: "workspace_id", as: UUID.self)
        kind = try row.decodeEnum("kind")
        score = try row.decode(column: "score", as: Int?.self)
        comment = try row.decode(column: "comment", as: String.self)
        source = FeedbackSource(rawValue: try row.decode(column: "source", as: String.self)) ?? .other
        customerID = try row.decode(column: "customer_id", as: UUID.self)
        ticketID = try row.decode(column: "ticket_id", as: UUID?.self)
        agentID = try row.decode(column: "agent_id", as: UUID?.self)
        recordedByID = try row.decode(column: "recorded_by_id", as: UUID?.self)
        invitationID = try row.decode(column: "invitation_id", as: UUID?.self)
        product = try row.decode(column: "product", as: String?.self)
        receivedAt = try row.decode(column: "received_at", as: Date.self)
        createdAt = try row.decode(column: "created_at", as: Date.self)
    }

    init(id: UUID, workspaceID: UUID, kind: FeedbackKind, score: Int?, comment: String, source: FeedbackSource, customerID: UUID,
         ticketID: UUID?, agentID: UUID?, recordedByID: UUID?, invitationID: UUID?, product: String?, receivedAt: Date, createdAt: Date) {
        (self.id, self.workspaceID, self.kind, self.score, self.comment, self.source) = (id, workspaceID, kind, score, comment, source)
        (self.customerID, self.ticketID, self.agentID, self.recordedByID) = (customerID, ticketID, agentID, recordedByID)
        (self.invitationID, self.product, self.receivedAt, self.createdAt) = (invitationID, product, receivedAt, createdAt)
    }

    /// Adds the answer to the batch; on a ticket it also leaves an event, which brings the ticket's
    /// metrics (CSAT, NPS) up to date in the same transaction.
    func insert(into batch: WriteBatch, actor: EventActor) {
        batch.insert(into: "feedback", columns: Self.columns, values: values)
        guard let ticketID else { return }
        var events = TicketEventLog(workspaceID: workspaceID, ticketID: ticketID, actor: actor, at: createdAt)
        events.add("feedback_received", field: kind.rawValue, newValue: score.map(String.init) ?? comment.prefix(200).description)
        events.insert(into: batch)
    }
}

/// The feedback of one workspace: the only place that reads the `feedback` table outside the metrics.
struct FeedbackStore {
    let db: any Database
    let workspaceID: UUID
    private var sql: any SQLDatabase { db as! any SQLDatabase }

    struct Filter: Sendable {
        var kind: FeedbackKind?
        var customerID: UUID?
        var ticketID: UUID?
        var agentID: UUID?
        /// Feedback about this user or recorded by them (an agent's own view).
        var involving: UUID?
        var from: Date?
        var to: Date?
    }

    /// Newest first, `offset` for paging.
    func list(_ filter: Filter, limit: Int, offset: Int) async throws -> [FeedbackRecord] {
        let query = sql.select().columns(FeedbackRecord.columns.map { SQLIdentifier($0) }).from("feedback").where("workspace_id", .equal, workspaceID)
        if let kind = filter.kind { query.where("kind", .equal, kind.rawValue) }
        if let customer = filter.customerID { query.where("customer_id", .equal, customer) }
        if let ticket = filter.ticketID { query.where("ticket_id", .equal, ticket) }
        if let agent = filter.agentID { query.where("agent_id", .equal, agent) }
        if let user = filter.involving { query.where { $0.where("agent_id", .equal, user).orWhere("recorded_by_id", .equal, user) } }
        if let from = filter.from { query.where("received_at", .greaterThanOrEqual, from) }
        if let to = filter.to { query.where("received_at", .lessThan, to) }
        return try await query.orderBy("received_at", .descending).orderBy("id", .descending).limit(limit).offset(offset).all()
            .map(FeedbackRecord.init(row:))
    }

    /// Comments with their ticket's product and category, for the themes.
    func comments(from: Date, to: Date) async throws -> [(text: String, ticketID: UUID?, product: String?, category: String?)] {
        let rows = try await sql.select()
            .column(SQLColumn("comment", table: "f")).column(SQLColumn("ticket_id", table: "f")).column(SQLColumn("product", table: "f"))
            .column(SQLAlias(SQLColumn("product", table: "t"), as: SQLIdentifier("ticket_product")))
            .column(SQLColumn("category", table: "t"))
            .from(SQLAlias(SQLIdentifier("feedback"), as: SQLIdentifier("f")))
            .join(SQLAlias(SQLIdentifier("tickets"), as: SQLIdentifier("t")), method: SQLJoinMethod.left, on: SQLColumn("id", table: "t"), .equal, SQLColumn("ticket_id", table: "f"))
            .where(SQLColumn("workspace_id", table: "f"), .equal, SQLBind(workspaceID))
            .where(SQLColumn("received_at", table: "f"), .greaterThanOrEqual, SQLBind(from))
            .where(SQLColumn("received_at", table: "f"), .lessThan, SQLBind(to))
            .where(SQLColumn("comment", table: "f"), .notEqual, SQLBind(""))
            .all()
        return try rows.map { row in
            (try row.decode(column: "comment", as: String.self), try row.decode(column: "ticket_id", as: UUID?.self),
             try row.decode(column: "product", as: String?.self) ?? row.decode(column: "ticket_product", as: String?.self),
             try row.decode(column: "category", as: String?.self))
        }
    }
}
