import Fluent
import Foundation
import RapportCore

/// A reusable reply with placeholders and the ticket changes that go with it, applied in one step.
final class Macro: Model, @unchecked Sendable {
    static let schema = "macros"

    @ID(key: .id) var id: UUID?
    @Field(key: "workspace_id") var workspaceID: UUID
    @Field(key: "name") var name: String
    /// The reply's template; `nil` for a macro that only changes the ticket.
    @OptionalField(key: "body") var body: String?
    @Field(key: "visibility") var visibility: MessageVisibility
    @OptionalField(key: "status") var status: TicketStatus?
    @OptionalField(key: "priority") var priority: TicketPriority?
    @Field(key: "add_tags") var addTags: [String]
    @Field(key: "remove_tags") var removeTags: [String]
    @OptionalField(key: "assignee_id") var assigneeID: UUID?
    @OptionalField(key: "team_id") var teamID: UUID?
    @OptionalField(key: "created_by_id") var createdByID: UUID?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    /// The ticket changes the macro's actions ask for.
    var changes: TicketChanges {
        var changes = TicketChanges()
        changes.status = status
        changes.priority = priority
        changes.addTags = addTags
        changes.removeTags = removeTags
        if let assigneeID { changes.assigneeID = .set(assigneeID) }
        if let teamID { changes.teamID = .set(teamID) }
        return changes
    }
}
