import Fluent
import Foundation
import RapportCore
import SQLKit

/// A survey invitation found by its link's token.
struct SurveyInvitation: Sendable {
    var id: UUID
    var workspaceID: UUID
    var kind: FeedbackKind
    var customerID: UUID
    var ticketID: UUID?
    var agentID: UUID?
    var expiresAt: Date
    var answeredAt: Date?
    var workspaceName: String
    var ticketNumber: Int64?
    var ticketSubject: String?
    var ticketProduct: String?
}

/// Finds invitations by token and records answers: once, before the link expires.
struct SurveyAnswers {
    let db: any Database
    private var sql: any SQLDatabase { db as! any SQLDatabase }

    enum Outcome: Sendable, Equatable {
        case recorded
        case alreadyAnswered
        case expired
    }

    /// The invitation whose token this is; nil for a token that was never given out.
    func invitation(token: String) async throws -> SurveyInvitation? {
        guard token.hasPrefix("srv_"), token.count < 100 else { return nil }
        guard let row = try await sql.select()
            .column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("i")))
            .column(SQLAlias(SQLColumn("name", table: "w"), as: SQLIdentifier("workspace_name")))
            .column(SQLAlias(SQLColumn("number", table: "t"), as: SQLIdentifier("ticket_number")))
            .column(SQLAlias(SQLColumn("subject", table: "t"), as: SQLIdentifier("ticket_subject")))
            .column(SQLAlias(SQLColumn("product", table: "t"), as: SQLIdentifier("ticket_product")))
            .from(SQLAlias(SQLIdentifier("survey_invitations"), as: SQLIdentifier("i")))
            .join(SQLAlias(SQLIdentifier("workspaces"), as: SQLIdentifier("w")), on: SQLColumn("id", table: "w"), .equal, SQLColumn("workspace_id", table: "i"))
            .join(SQLAlias(SQLIdentifier("tickets"), as: SQLIdentifier("t")), method: SQLJoinMethod.left, on: SQLColumn("id", table: "t"), .equal, SQLColumn("ticket_id", table: "i"))
            .where(SQLColumn("token_hash", table: "i"), .equal, SQLBind(APITokens.hash(token)))
            .first() else { return nil }
        return SurveyInvitation(
            id: try row.decode(column: "id", as: UUID.self), workspaceID: try row.decode(column: "workspace_id", as: UUID.self),
            kind: try row.decodeEnum("kind"), customerID: try row.decode(column: "customer_id", as: UUID.self),
            ticketID: try row.decode(column: "ticket_id", as: UUID?.self), agentID: try row.decode(column: "agent_id", as: UUID?.self),
            expiresAt: try row.decode(column: "expires_at", as: Date.self), answeredAt: try row.decode(column: "answered_at", as: Date?.self),
            workspaceName: try row.decode(column: "workspace_name", as: String.self),
            ticketNumber: try row.decode(column: "ticket_number", as: Int64?.self),
            ticketSubject: try row.decode(column: "ticket_subject", as: String?.self),
            ticketProduct: try row.decode(column: "ticket_product", as: String?.self))
    }

    /// Records the answer unless the invitation was answered already or has expired. The check and
    /// the write happen in one transaction, so two answers sent at once still count once.
    func answer(_ invitation: SurveyInvitation, score: Int, comment: String, now: Date, writes: WriteQueue) async throws -> Outcome {
        if invitation.answeredAt != nil { return .alreadyAnswered }
        if invitation.expiresAt <= now { return .expired }
        return try await writes.perform { batch in
            let claimed = try await batch.sql.update("survey_invitations").set("answered_at", to: now)
                .where("id", .equal, invitation.id).where("answered_at", .is, SQLLiteral.null)
                .returning("id").first()
            guard claimed != nil else { return Outcome.alreadyAnswered }
            let record = FeedbackRecord(
                id: TimeOrderedID.make(now: now), workspaceID: invitation.workspaceID, kind: invitation.kind, score: score,
                comment: comment, source: .survey, customerID: invitation.customerID, ticketID: invitation.ticketID,
                agentID: invitation.agentID, recordedByID: nil, invitationID: invitation.id, product: nil, receivedAt: now, createdAt: now)
            record.insert(into: batch, actor: EventActor(kind: .customer, id: invitation.customerID))
            return Outcome.recorded
        }
    }
}
