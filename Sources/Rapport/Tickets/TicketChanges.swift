import Foundation
import RapportCore

/// Validated changes to a ticket's fields, from the API, a macro or an automation: the one shape
/// the service applies. `nil` leaves a field alone; `FieldChange` also allows clearing.
struct TicketChanges: Sendable {
    var subject: String?
    var kind: TicketKind?
    var status: TicketStatus?
    var priority: TicketPriority?
    var channel: TicketChannel?
    var category: FieldChange<ComplaintCategory> = .keep
    var topic: FieldChange<TicketTopic> = .keep
    var product: FieldChange<String> = .keep
    var tags: [String]?
    var addTags: [String] = []
    var removeTags: [String] = []
    var customFields: [String: AttributeValue]?
    var assigneeID: FieldChange<UUID> = .keep
    var teamID: FieldChange<UUID> = .keep
    var followerIDs: [UUID]?

    var isEmpty: Bool {
        subject == nil && kind == nil && status == nil && priority == nil && channel == nil && category.isKeep && topic.isKeep
            && product.isKeep && tags == nil && addTags.isEmpty && removeTags.isEmpty && customFields == nil
            && assigneeID.isKeep && teamID.isKeep && followerIDs == nil
    }
}

extension FieldChange {
    var isKeep: Bool {
        if case .keep = self { return true }
        return false
    }
}

extension TicketInput {
    /// The changes this input asks for, or a 422 naming every bad field.
    func changes(creating: Bool) throws -> TicketChanges {
        var errors = FieldErrors()
        var changes = TicketChanges()
        if creating || present.contains("subject") { changes.subject = errors.requireText("subject", subject, maxLength: 300) }
        changes.kind = errors.choice("kind", kind, as: TicketKind.self)
        changes.status = errors.choice("status", status, as: TicketStatus.self)
        changes.priority = errors.choice("priority", priority, as: TicketPriority.self)
        changes.channel = errors.choice("channel", channel, as: TicketChannel.self)
        changes.category = change("category", errors.choice("category", category, as: ComplaintCategory.self))
        changes.topic = change("topic", errors.choice("topic", topic, as: TicketTopic.self))
        changes.product = change("product", errors.optionalText("product", product, maxLength: 200))
        if let tags { changes.tags = CustomerRules.tags(tags, into: &errors) } else if present.contains("tags") { changes.tags = [] }
        if let customFields {
            changes.customFields = CustomerRules.attributes(customFields, field: "custom_fields", into: &errors)
        } else if present.contains("custom_fields") {
            changes.customFields = [:]
        }
        changes.assigneeID = change("assignee_id", assigneeID)
        changes.teamID = change("team_id", teamID)
        if let followerIDs { changes.followerIDs = Array(Set(followerIDs)) } else if present.contains("follower_ids") { changes.followerIDs = [] }
        if creating, requesterID == nil { errors.add("requester_id", "is required") }
        if !creating, present.contains("requester_id") { errors.add("requester_id", "cannot change; split the ticket or create a new one") }
        if !creating, message != nil { errors.add("message", "is only for a new ticket; post to /messages to add one") }
        try errors.throwIfAny()
        return changes
    }

    private func change<T>(_ key: String, _ value: T?) -> FieldChange<T> {
        if let value { return .set(value) }
        return present.contains(key) ? .clear : .keep
    }
}

/// The rules that tie fields together, checked after changes are applied.
enum TicketRules {
    /// Complaints carry a category and no topic; other tickets the reverse.
    static func checkClassification(_ ticket: Ticket, into errors: inout FieldErrors) {
        if ticket.kind == .complaint, ticket.topic != nil {
            errors.add("topic", "is for questions, requests, incidents and feedback; a complaint has a category")
        }
        if ticket.kind != .complaint, ticket.category != nil {
            errors.add("category", "is only for complaints (kind 'complaint'); use topic for a \(ticket.kind.rawValue)")
        }
    }
}
