import Foundation
import RapportCore
import Vapor

/// A business calendar as the API shows it.
struct BusinessCalendarResponse: Content {
    var id: UUID
    var name: String
    var calendar: BusinessCalendar
    var createdAt: Date
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name
        case timeZone = "time_zone"
        case weeklyHours = "weekly_hours"
        case holidays
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    init(id: UUID, name: String, calendar: BusinessCalendar, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.name = name
        self.calendar = calendar
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(calendar.timeZone, forKey: .timeZone)
        try c.encode(calendar.weeklyHours, forKey: .weeklyHours)
        try c.encode(calendar.holidays, forKey: .holidays)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(UUID.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        calendar = BusinessCalendar(
            timeZone: try c.decode(String.self, forKey: .timeZone),
            weeklyHours: try c.decode([OpeningHours].self, forKey: .weeklyHours),
            holidays: try c.decode([LocalDate].self, forKey: .holidays))
        createdAt = try c.decode(Date.self, forKey: .createdAt)
        updatedAt = try c.decode(Date.self, forKey: .updatedAt)
    }
}

/// A business calendar to create or change. Times and dates arrive as text so that a bad one is
/// reported with its field (`weekly_hours[2].start`) instead of as an undecodable body.
struct BusinessCalendarInput: Content {
    struct Hours: Codable {
        var weekday: String?
        var start: String?
        var end: String?
    }

    var name: String?
    var timeZone: String?
    var weeklyHours: [Hours]?
    var holidays: [String]?

    enum CodingKeys: String, CodingKey {
        case name, holidays
        case timeZone = "time_zone"
        case weeklyHours = "weekly_hours"
    }

    /// The calendar this input makes from `base` (the stored one when changing), or a 422 naming each problem.
    func calendar(name oldName: String?, base: BusinessCalendar?) throws -> (name: String, calendar: BusinessCalendar) {
        var errors = FieldErrors()
        let creating = base == nil
        let name = (creating || self.name != nil) ? errors.requireText("name", self.name, maxLength: 100) : oldName ?? ""
        var calendar = base ?? BusinessCalendar(timeZone: "UTC", weeklyHours: [])
        if let timeZone { calendar.timeZone = timeZone } else if creating { errors.add("time_zone", "is required, for example 'Europe/Berlin'") }
        if let weeklyHours {
            calendar.weeklyHours = weeklyHours.enumerated().compactMap { index, hours in
                let field = "weekly_hours[\(index)]"
                let weekday = errors.choice("\(field).weekday", hours.weekday ?? "", as: Weekday.self)
                let start = LocalTime(hours.start ?? "")
                let end = LocalTime(hours.end ?? "")
                if start == nil { errors.add("\(field).start", "must be a time such as 09:00") }
                if end == nil { errors.add("\(field).end", "must be a time such as 17:30 (24:00 for midnight)") }
                guard let weekday, let start, let end else { return nil }
                return OpeningHours(weekday, start, end)
            }
        } else if creating {
            errors.add("weekly_hours", "is required: the opening hours of each working day")
        }
        if let holidays {
            calendar.holidays = holidays.enumerated().compactMap { index, text in
                guard let date = LocalDate(text) else {
                    errors.add("holidays[\(index)]", "must be a date such as 2026-12-25")
                    return nil
                }
                return date
            }
        }
        try errors.throwIfAny()
        for (field, problem) in calendar.problems() { errors.add(field, problem) }
        try errors.throwIfAny()
        return (name, calendar)
    }
}

/// An SLA policy as the API shows it.
struct SLAPolicyResponse: Content {
    var id: UUID
    var name: String
    var position: Int
    var priorities: [String]
    var valueTiers: [String]
    var lifecycles: [String]
    var targets: SLATargets
    var calendarID: UUID?
    var escalation: SLAEscalation

    enum CodingKeys: String, CodingKey {
        case id, name, position, priorities, lifecycles, targets, escalation
        case valueTiers = "value_tiers"
        case calendarID = "calendar_id"
    }

    /// `calendar_id` is always present: null means round-the-clock hours.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(position, forKey: .position)
        try c.encode(priorities, forKey: .priorities)
        try c.encode(valueTiers, forKey: .valueTiers)
        try c.encode(lifecycles, forKey: .lifecycles)
        try c.encode(targets, forKey: .targets)
        try c.encode(calendarID, forKey: .calendarID)
        try c.encode(escalation, forKey: .escalation)
    }

    init(_ policy: SLAPolicyRecord) {
        id = policy.id
        name = policy.name
        position = policy.position
        priorities = policy.priorities
        valueTiers = policy.valueTiers
        lifecycles = policy.lifecycles
        targets = policy.targets
        calendarID = policy.calendarID
        escalation = policy.escalation
    }
}

/// An SLA policy to create or change; on a change, absent keys keep their value and
/// `"calendar_id": null` goes back to round-the-clock hours.
struct SLAPolicyInput: Content {
    struct Targets: Codable {
        var firstResponseMinutes: Int?
        var nextResponseMinutes: Int?
        var resolutionMinutes: Int?
        enum CodingKeys: String, CodingKey {
            case firstResponseMinutes = "first_response_minutes"
            case nextResponseMinutes = "next_response_minutes"
            case resolutionMinutes = "resolution_minutes"
        }
    }

    /// Escalation settings, given whole: absent keys take their defaults (notify, no raise, no reassignment).
    struct Escalation: Codable {
        var notify: Bool?
        var raisePriorityOnBreach: Bool?
        var reassignOnBreachTo: UUID?
        enum CodingKeys: String, CodingKey {
            case notify
            case raisePriorityOnBreach = "raise_priority_on_breach"
            case reassignOnBreachTo = "reassign_on_breach_to"
        }
    }

    var name: String?
    var position: Int?
    var priorities: [String]?
    var valueTiers: [String]?
    var lifecycles: [String]?
    var targets: Targets?
    var calendarID: UUID?
    var escalation: Escalation?
    /// Which keys the body had, to tell "leave alone" from "clear".
    var present: Set<String> = []

    enum CodingKeys: String, CodingKey {
        case name, position, priorities, lifecycles, targets, escalation
        case valueTiers = "value_tiers"
        case calendarID = "calendar_id"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        position = try c.decodeIfPresent(Int.self, forKey: .position)
        priorities = try c.decodeIfPresent([String].self, forKey: .priorities)
        valueTiers = try c.decodeIfPresent([String].self, forKey: .valueTiers)
        lifecycles = try c.decodeIfPresent([String].self, forKey: .lifecycles)
        targets = try c.decodeIfPresent(Targets.self, forKey: .targets)
        calendarID = try c.decodeIfPresent(UUID.self, forKey: .calendarID)
        escalation = try c.decodeIfPresent(Escalation.self, forKey: .escalation)
        present = Set(c.allKeys.map(\.stringValue))
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeIfPresent(position, forKey: .position)
        try c.encodeIfPresent(priorities, forKey: .priorities)
        try c.encodeIfPresent(valueTiers, forKey: .valueTiers)
        try c.encodeIfPresent(lifecycles, forKey: .lifecycles)
        try c.encodeIfPresent(targets, forKey: .targets)
        try c.encodeIfPresent(calendarID, forKey: .calendarID)
        try c.encodeIfPresent(escalation, forKey: .escalation)
    }

    /// The longest target accepted: a year of minutes.
    static let maxMinutes = 525_600

    /// Applies the input to `policy`, or answers a 422 naming every bad field.
    func apply(to policy: inout SLAPolicyRecord, creating: Bool) throws {
        var errors = FieldErrors()
        if creating || name != nil { policy.name = errors.requireText("name", name, maxLength: 100) }
        if let position {
            if position < 0 { errors.add("position", "must be 0 or more") } else { policy.position = position }
        }
        func words<T: RawRepresentable & CaseIterable>(_ field: String, _ values: [String]?, as type: T.Type) -> [String]? where T.RawValue == String {
            guard let values else { return nil }
            var result: [String] = []
            for (index, value) in values.enumerated() {
                if errors.choice("\(field)[\(index)]", value, as: T.self) != nil, !result.contains(value) { result.append(value) }
            }
            return result
        }
        if let priorities = words("priorities", priorities, as: TicketPriority.self) { policy.priorities = priorities }
        if let tiers = words("value_tiers", valueTiers, as: ValueTier.self) { policy.valueTiers = tiers }
        if let lifecycles = words("lifecycles", lifecycles, as: Lifecycle.self) { policy.lifecycles = lifecycles }
        if let targets {
            let values = [("first_response_minutes", targets.firstResponseMinutes), ("next_response_minutes", targets.nextResponseMinutes),
                          ("resolution_minutes", targets.resolutionMinutes)]
            for (key, minutes) in values {
                if let minutes, !(1...Self.maxMinutes).contains(minutes) { errors.add("targets.\(key)", "must be 1 to \(Self.maxMinutes) minutes") }
            }
            if values.allSatisfy({ $0.1 == nil }) { errors.add("targets", "needs at least one of first_response_minutes, next_response_minutes, resolution_minutes") }
            policy.targets = SLATargets(
                firstResponseMinutes: targets.firstResponseMinutes, nextResponseMinutes: targets.nextResponseMinutes,
                resolutionMinutes: targets.resolutionMinutes)
        } else if creating {
            errors.add("targets", "is required, for example {\"first_response_minutes\": 60}")
        }
        if present.contains("calendar_id") { policy.calendarID = calendarID }
        if let escalation {
            policy.escalation = SLAEscalation(
                notify: escalation.notify ?? true, raisePriorityOnBreach: escalation.raisePriorityOnBreach ?? false,
                reassignOnBreachTo: escalation.reassignOnBreachTo)
        }
        try errors.throwIfAny()
    }
}
