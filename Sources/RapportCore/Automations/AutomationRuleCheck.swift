import Foundation

/// Checks an automation's trigger, conditions and actions; each problem is named by its path
/// (`conditions.all[0].field`, `actions[1].user_id`) so the API can answer with the exact field.
public enum AutomationRuleCheck {
    /// The ticket fields a condition can test, with the words each accepts (nil: free text or ids).
    public static let ticketFields: [String: [String]?] = [
        "subject": nil, "product": nil, "tags": nil, "assignee_id": nil, "team_id": nil,
        "requester_id": nil, "organization_id": nil,
        "kind": TicketKind.allCases.map(\.rawValue),
        "status": TicketStatus.allCases.map(\.rawValue),
        "priority": TicketPriority.allCases.map(\.rawValue),
        "channel": TicketChannel.allCases.map(\.rawValue),
        "category": ComplaintCategory.allCases.map(\.rawValue),
        "topic": TicketTopic.allCases.map(\.rawValue),
        "sla_state": SLAState.allCases.map(\.rawValue),
    ]

    public static func problems(
        trigger: AutomationTrigger, time: TimeCondition?, conditions: AutomationConditions, actions: [AutomationAction]
    ) -> [String: String] {
        var problems: [String: String] = [:]
        func add(_ path: String, _ message: String) { if problems[path] == nil { problems[path] = message } }

        if trigger == .time {
            if let time {
                if !(1...(24 * 365)).contains(time.hoursSinceStatusChange) { add("time.hours_since_status_change", "must be 1 to 8,760 hours") }
                if time.status == .closed { add("time.status", "a closed ticket never changes; pick another status") }
            } else {
                add("time", "is required for a time rule: {\"status\": \"pending\", \"hours_since_status_change\": 72}")
            }
        } else if time != nil {
            add("time", "is only for trigger 'time'")
        }
        for (group, list) in [("all", conditions.all), ("any", conditions.any)] {
            for (index, condition) in list.enumerated() {
                check(condition, path: "conditions.\(group)[\(index)]", add: add)
            }
        }
        if actions.isEmpty { add("actions", "must list at least one action") }
        for (index, action) in actions.enumerated() { check(action, path: "actions[\(index)]", add: add) }
        return problems
    }

    private static func check(_ condition: AutomationCondition, path: String, add: (String, String) -> Void) {
        let field = condition.field
        var allowed: [String]?
        if field == "text" {
            if condition.operator != .contains { add("\(path).operator", "must be 'contains' for text") }
        } else if field.hasPrefix("profile.") {
            guard let dimension = ProfileDimension(rawValue: String(field.dropFirst("profile.".count))) else {
                add("\(path).field", "names no profile dimension; use one of: " + ProfileDimension.profileDimensions.map { "profile.\($0.rawValue)" }.joined(separator: ", "))
                return
            }
            allowed = dimension.allowedValues
        } else if field.hasPrefix("custom_fields.") {
            if field.count == "custom_fields.".count { add("\(path).field", "needs the custom field's name after 'custom_fields.'") }
        } else if let words = ticketFields[field] {
            allowed = words
        } else {
            add("\(path).field", "must be a ticket field (\(ticketFields.keys.sorted().joined(separator: ", "))), custom_fields.<name>, profile.<dimension> or text")
            return
        }
        let wanted: [String]
        switch condition.operator {
        case .equals, .notEquals, .contains:
            guard let value = condition.value, !value.isEmpty else { return add("\(path).value", "is required for '\(condition.operator.rawValue)'") }
            if condition.values != nil { add("\(path).values", "is only for 'in' and 'not_in'; use value") }
            wanted = condition.operator == .contains ? [] : [value]
        case .oneOf, .noneOf:
            guard let values = condition.values, !values.isEmpty else { return add("\(path).values", "must list at least one value for '\(condition.operator.rawValue)'") }
            wanted = values
        }
        if let allowed {
            for value in wanted where value != AutomationCondition.noValue && !allowed.contains(value) {
                add("\(path).value\(condition.values == nil ? "" : "s")", "'\(value)' is not a value of \(field); use one of: \(allowed.joined(separator: ", "))")
            }
        }
    }

    private static func check(_ action: AutomationAction, path: String, add: (String, String) -> Void) {
        func require(_ present: Bool, _ key: String, _ message: String) { if !present { add("\(path).\(key)", message) } }
        switch action.type {
        case .assignUser: require(action.userID != nil, "user_id", "is required to assign a user")
        case .assignTeam: require(action.teamID != nil, "team_id", "is required to assign a team")
        case .addTag, .removeTag:
            let tag = action.tag?.trimmingCharacters(in: .whitespaces) ?? ""
            require(!tag.isEmpty && tag.count <= 100, "tag", "is required (at most 100 characters)")
        case .setPriority: require(action.priority != nil, "priority", "is required: " + TicketPriority.allCases.map(\.rawValue).joined(separator: ", "))
        case .setStatus:
            require(action.status != nil, "status", "is required: " + TicketStatus.allCases.map(\.rawValue).joined(separator: ", "))
            if action.status == .new { add("\(path).status", "a ticket cannot go back to new") }
        case .addFollowUp:
            require(action.followUpKind != nil, "follow_up_kind", "is required: " + FollowUpKind.allCases.map(\.rawValue).joined(separator: ", "))
            require(action.dueInHours.map { (0...(24 * 365)).contains($0) } ?? false, "due_in_hours", "is required, 0 to 8,760 hours")
        case .notify:
            guard let target = action.target else { return add("\(path).target", "is required: " + NotifyTarget.allCases.map(\.rawValue).joined(separator: ", ")) }
            if target == .user { require(action.userID != nil, "user_id", "is required to notify a user") }
            if target == .team { require(action.teamID != nil, "team_id", "is required to notify a team") }
            require(!(action.text ?? "").isEmpty, "text", "is required: what the notification says")
        case .sendReply:
            require(!(action.text ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "text", "is required: the reply's template")
        }
        if let text = action.text, text.count > 10_000 { add("\(path).text", "must be at most 10,000 characters") }
    }
}

/// When follow-ups are due, for lists: overdue (due now or earlier), today (due before the end of
/// the UTC day, overdue included) or all.
public enum FollowUpDue: String, Sendable, CaseIterable {
    case overdue, today, all

    /// The latest due time the list includes, or nil for no limit.
    public func latest(at now: Date) -> Date? {
        switch self {
        case .overdue: return now
        case .today:
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let start = calendar.startOfDay(for: now)
            return calendar.date(byAdding: .second, value: 86_399, to: start)
        case .all: return nil
        }
    }
}
