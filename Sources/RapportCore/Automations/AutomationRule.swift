import Foundation

/// What makes an automation look at a ticket: a change to it, a message on it, or time passing.
public enum AutomationTrigger: String, Codable, Sendable, CaseIterable {
    case ticketCreated = "ticket_created"
    case ticketUpdated = "ticket_updated"
    case customerMessage = "customer_message"
    case agentReply = "agent_reply"
    case time
}

/// A time rule's moment: the ticket has had `status` for at least `hoursSinceStatusChange` hours.
public struct TimeCondition: Codable, Sendable, Equatable {
    public var status: TicketStatus
    public var hoursSinceStatusChange: Double

    enum CodingKeys: String, CodingKey {
        case status
        case hoursSinceStatusChange = "hours_since_status_change"
    }

    public init(status: TicketStatus, hoursSinceStatusChange: Double) {
        self.status = status
        self.hoursSinceStatusChange = hoursSinceStatusChange
    }

    /// Tickets whose status changed at or before this instant are due at `now`.
    public func latestStatusChange(dueAt now: Date) -> Date {
        now.addingTimeInterval(-hoursSinceStatusChange * 3600)
    }

    public func isDue(statusSince: Date, at now: Date) -> Bool {
        statusSince <= latestStatusChange(dueAt: now)
    }
}

/// How a condition compares a field's values with the rule's.
public enum ConditionOperator: String, Codable, Sendable, CaseIterable {
    case equals = "is"
    case notEquals = "is_not"
    case oneOf = "in"
    case noneOf = "not_in"
    case contains
}

/// One test on a ticket: a ticket field, a customer profile dimension (`profile.<dimension>`),
/// a custom field (`custom_fields.<name>`) or `text` (the subject and the triggering message).
public struct AutomationCondition: Codable, Sendable, Equatable {
    public var field: String
    public var `operator`: ConditionOperator
    public var value: String?
    public var values: [String]?

    public init(_ field: String, _ op: ConditionOperator, _ value: String? = nil, values: [String]? = nil) {
        self.field = field
        self.operator = op
        self.value = value
        self.values = values
    }
}

/// All of `all` must hold, and at least one of `any` when it is not empty.
public struct AutomationConditions: Codable, Sendable, Equatable {
    public var all: [AutomationCondition]
    public var any: [AutomationCondition]

    public init(all: [AutomationCondition] = [], any: [AutomationCondition] = []) {
        self.all = all
        self.any = any
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        all = try container.decodeIfPresent([AutomationCondition].self, forKey: .all) ?? []
        any = try container.decodeIfPresent([AutomationCondition].self, forKey: .any) ?? []
    }

    enum CodingKeys: String, CodingKey { case all, any }
}

/// What an automation does.
public enum AutomationActionType: String, Codable, Sendable, CaseIterable {
    case assignUser = "assign_user"
    case assignTeam = "assign_team"
    case addTag = "add_tag"
    case removeTag = "remove_tag"
    case setPriority = "set_priority"
    case setStatus = "set_status"
    case addFollowUp = "add_follow_up"
    case notify
    /// A public reply to the customer from a template, for reminders.
    case sendReply = "send_reply"
}

/// Whom a `notify` action tells.
public enum NotifyTarget: String, Codable, Sendable, CaseIterable {
    case assignee, user, team
}

/// One action with the settings its type needs (the others stay empty).
public struct AutomationAction: Codable, Sendable, Equatable {
    public var type: AutomationActionType
    public var userID: UUID?
    public var teamID: UUID?
    public var tag: String?
    public var priority: TicketPriority?
    public var status: TicketStatus?
    public var followUpKind: FollowUpKind?
    public var dueInHours: Double?
    public var note: String?
    public var target: NotifyTarget?
    /// The notification's text or the reply's template; `{{customer_name}}`, `{{ticket_number}}` and `{{ticket_subject}}` are filled in.
    public var text: String?

    enum CodingKeys: String, CodingKey {
        case type, tag, priority, status, note, target, text
        case userID = "user_id"
        case teamID = "team_id"
        case followUpKind = "follow_up_kind"
        case dueInHours = "due_in_hours"
    }

    public init(_ type: AutomationActionType) { self.type = type }
}

/// What a follow-up asks its owner to do.
public enum FollowUpKind: String, Codable, Sendable, CaseIterable {
    case call, email, visit
    case progressUpdate = "progress_update"
}
