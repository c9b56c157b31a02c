import Foundation
import Testing

@testable import RapportCore

private func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

@Suite("Automation conditions")
struct AutomationConditionsTests {
    /// A complaint by email from an impatient, at-risk, high-value customer, tagged vip and late.
    static let facts = AutomationFacts(
        fields: [
            "subject": ["Where is my Order 1042?"], "kind": ["complaint"], "status": ["open"], "priority": ["normal"],
            "channel": ["email"], "category": ["slow_response"], "topic": [], "assignee_id": [], "tags": ["vip", "late"],
            "custom_fields.order_value": ["250"],
        ],
        profile: [.lifecycle: ["at_risk"], .communicationStyle: ["impatient", "demanding"], .valueTier: ["high"]],
        text: "Where is my Order 1042?\nI want a REFUND now.")

    @Test("each operator on ticket fields, profile dimensions, channel and text", arguments: [
        (AutomationCondition("priority", .equals, "normal"), true),
        (AutomationCondition("priority", .equals, "NORMAL"), true),
        (AutomationCondition("priority", .equals, "high"), false),
        (AutomationCondition("priority", .notEquals, "high"), true),
        (AutomationCondition("priority", .notEquals, "normal"), false),
        (AutomationCondition("channel", .oneOf, values: ["chat", "email"]), true),
        (AutomationCondition("channel", .oneOf, values: ["chat", "phone"]), false),
        (AutomationCondition("channel", .noneOf, values: ["chat", "phone"]), true),
        (AutomationCondition("channel", .noneOf, values: ["email"]), false),
        (AutomationCondition("tags", .equals, "vip"), true),
        (AutomationCondition("tags", .notEquals, "vip"), false),
        (AutomationCondition("tags", .oneOf, values: ["gold", "late"]), true),
        (AutomationCondition("subject", .contains, "order 10"), true),
        (AutomationCondition("subject", .contains, "refund"), false),
        (AutomationCondition("text", .contains, "refund"), true),
        (AutomationCondition("text", .contains, "cancel"), false),
        (AutomationCondition("assignee_id", .equals, "none"), true),
        (AutomationCondition("assignee_id", .notEquals, "none"), false),
        (AutomationCondition("category", .notEquals, "none"), true),
        (AutomationCondition("topic", .equals, "none"), true),
        (AutomationCondition("custom_fields.order_value", .equals, "250"), true),
        (AutomationCondition("custom_fields.missing", .equals, "none"), true),
        (AutomationCondition("profile.lifecycle", .equals, "at_risk"), true),
        (AutomationCondition("profile.lifecycle", .equals, "loyal"), false),
        (AutomationCondition("profile.communication_style", .equals, "impatient"), true),
        (AutomationCondition("profile.communication_style", .equals, "chatty"), false),
        (AutomationCondition("profile.communication_style", .noneOf, values: ["chatty", "confused"]), true),
        (AutomationCondition("profile.communication_style", .noneOf, values: ["demanding"]), false),
        (AutomationCondition("profile.value_tier", .oneOf, values: ["high", "medium"]), true),
        (AutomationCondition("profile.shopper_type", .equals, "none"), true),
        (AutomationCondition("profile.shopper_type", .equals, "discount"), false),
    ])
    func holds(condition: AutomationCondition, expected: Bool) {
        #expect(condition.holds(for: Self.facts) == expected, "\(condition)")
    }

    @Test("all must hold; one of any is enough; empty conditions match everything")
    func groups() {
        let yes = AutomationCondition("channel", .equals, "email")
        let no = AutomationCondition("channel", .equals, "chat")
        #expect(AutomationConditions().matches(Self.facts))
        #expect(AutomationConditions(all: [yes]).matches(Self.facts))
        #expect(!AutomationConditions(all: [yes, no]).matches(Self.facts))
        #expect(AutomationConditions(any: [no, yes]).matches(Self.facts))
        #expect(!AutomationConditions(any: [no]).matches(Self.facts))
        #expect(!AutomationConditions(all: [no], any: [yes]).matches(Self.facts))
        #expect(AutomationConditions(all: [yes], any: [no, AutomationCondition("text", .contains, "refund")]).matches(Self.facts))
    }

    @Test("an empty contains never matches, so a blank rule cannot catch every ticket by accident")
    func emptyContains() {
        #expect(!AutomationCondition("text", .contains, "").holds(for: Self.facts))
    }

    @Test("conditions decode from the API's JSON, missing groups meaning none")
    func decoding() throws {
        let json = #"{"any": [{"field": "profile.lifecycle", "operator": "in", "values": ["at_risk", "lost"]}]}"#
        let conditions = try JSONDecoder().decode(AutomationConditions.self, from: Data(json.utf8))
        #expect(conditions.all.isEmpty)
        #expect(conditions.any == [AutomationCondition("profile.lifecycle", .oneOf, values: ["at_risk", "lost"])])
        #expect(conditions.matches(Self.facts))
    }
}

@Suite("Automation rule checks")
struct AutomationRuleCheckTests {
    static let tag: AutomationAction = {
        var action = AutomationAction(.addTag)
        action.tag = "vip"
        return action
    }()

    @Test("a valid event rule and a valid time rule have no problems")
    func valid() {
        #expect(AutomationRuleCheck.problems(trigger: .ticketCreated, time: nil, conditions: .init(all: [.init("channel", .equals, "email")]), actions: [Self.tag]).isEmpty)
        var reply = AutomationAction(.sendReply)
        reply.text = "Hello {{customer_name}}"
        #expect(AutomationRuleCheck.problems(trigger: .time, time: .init(status: .pending, hoursSinceStatusChange: 72), conditions: .init(), actions: [reply]).isEmpty)
    }

    @Test("each problem is named by its path", arguments: [
        (AutomationCondition("colour", .equals, "red"), "conditions.all[0].field"),
        (AutomationCondition("priority", .equals, "extreme"), "conditions.all[0].value"),
        (AutomationCondition("channel", .oneOf, values: ["email", "pigeon"]), "conditions.all[0].values"),
        (AutomationCondition("channel", .oneOf), "conditions.all[0].values"),
        (AutomationCondition("priority", .equals), "conditions.all[0].value"),
        (AutomationCondition("profile.mood", .equals, "happy"), "conditions.all[0].field"),
        (AutomationCondition("profile.lifecycle", .equals, "grumpy"), "conditions.all[0].value"),
        (AutomationCondition("text", .equals, "refund"), "conditions.all[0].operator"),
        (AutomationCondition("custom_fields.", .equals, "x"), "conditions.all[0].field"),
    ])
    func conditionProblems(condition: AutomationCondition, path: String) {
        let problems = AutomationRuleCheck.problems(trigger: .ticketUpdated, time: nil, conditions: .init(all: [condition]), actions: [Self.tag])
        #expect(Array(problems.keys) == [path], "\(problems)")
    }

    @Test("actions need their settings; time rules need their time")
    func actionAndTimeProblems() {
        var followUp = AutomationAction(.addFollowUp)
        followUp.followUpKind = .call
        var notify = AutomationAction(.notify)
        notify.target = .user
        let problems = AutomationRuleCheck.problems(
            trigger: .ticketCreated, time: nil, conditions: .init(),
            actions: [AutomationAction(.assignUser), AutomationAction(.setPriority), followUp, notify, AutomationAction(.sendReply)])
        #expect(Set(problems.keys) == [
            "actions[0].user_id", "actions[1].priority", "actions[2].due_in_hours", "actions[3].user_id", "actions[3].text", "actions[4].text",
        ])
        #expect(AutomationRuleCheck.problems(trigger: .time, time: nil, conditions: .init(), actions: [Self.tag]).keys.contains("time"))
        #expect(AutomationRuleCheck.problems(trigger: .time, time: .init(status: .pending, hoursSinceStatusChange: 0), conditions: .init(), actions: [Self.tag])
            .keys.contains("time.hours_since_status_change"))
        #expect(AutomationRuleCheck.problems(trigger: .ticketCreated, time: .init(status: .pending, hoursSinceStatusChange: 3), conditions: .init(), actions: [Self.tag])
            .keys.contains("time"))
        #expect(AutomationRuleCheck.problems(trigger: .ticketCreated, time: nil, conditions: .init(), actions: []).keys.contains("actions"))
    }
}

@Suite("Time rules, templates and follow-up windows")
struct AutomationTimeTests {
    @Test("a 72-hour rule is due exactly 72 hours after the status change, not a second before")
    func timeCondition() {
        let rule = TimeCondition(status: .pending, hoursSinceStatusChange: 72)
        let since = utc("2026-11-02T10:00:00Z")
        #expect(!rule.isDue(statusSince: since, at: utc("2026-11-05T09:59:59Z")))
        #expect(rule.isDue(statusSince: since, at: utc("2026-11-05T10:00:00Z")))
        #expect(rule.latestStatusChange(dueAt: utc("2026-11-05T10:00:00Z")) == since)
    }

    @Test("templates fill known placeholders and leave unknown ones visible")
    func template() {
        let text = AutomationTemplate.render("Hi {{customer_name}}, about ticket {{ ticket_number }}: {{unknown}}",
            values: ["customer_name": "Nora", "ticket_number": "42"])
        #expect(text == "Hi Nora, about ticket 42: {{unknown}}")
    }

    @Test("follow-up windows: overdue ends now, today ends at the end of the UTC day, all has no end")
    func windows() {
        let now = utc("2026-11-02T10:15:00Z")
        #expect(FollowUpDue.overdue.latest(at: now) == now)
        #expect(FollowUpDue.today.latest(at: now) == utc("2026-11-02T23:59:59Z"))
        #expect(FollowUpDue.all.latest(at: now) == nil)
    }
}
