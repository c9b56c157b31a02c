import Foundation

/// A day of the week, in the API's words.
public enum Weekday: String, Codable, Sendable, CaseIterable {
    case monday, tuesday, wednesday, thursday, friday, saturday, sunday

    /// Foundation's numbering: 1 is Sunday.
    init(gregorian: Int) { self = Self.allCases[(gregorian + 5) % 7] }
}

/// A time of day, written "HH:MM"; "24:00" ends a day that runs to midnight.
public struct LocalTime: Codable, Sendable, Equatable, Comparable {
    public var minutes: Int

    public init(hour: Int, minute: Int = 0) { minutes = hour * 60 + minute }

    public init?(_ text: String) {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[1].count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
              (0...24).contains(hour), (0..<60).contains(minute), hour * 60 + minute <= 24 * 60 else { return nil }
        minutes = hour * 60 + minute
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let time = LocalTime(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a time such as 09:30"))
        }
        self = time
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(String(format: "%02d:%02d", minutes / 60, minutes % 60))
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.minutes < rhs.minutes }
}

/// A calendar date, written "YYYY-MM-DD", read in the business calendar's time zone.
public struct LocalDate: Codable, Sendable, Hashable {
    public var year, month, day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public init?(_ text: String) {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        self.init(year: parts[0], month: parts[1], day: parts[2])
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = LocalDate(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a date such as 2026-12-25"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(String(format: "%04d-%02d-%02d", year, month, day))
    }
}

/// Opening hours on one weekday; a day may have several.
public struct OpeningHours: Codable, Sendable, Equatable {
    public var weekday: Weekday
    public var start: LocalTime
    public var end: LocalTime

    public init(_ weekday: Weekday, _ start: LocalTime, _ end: LocalTime) {
        self.weekday = weekday
        self.start = start
        self.end = end
    }
}

/// Business hours: when service-level clocks run. A time zone, weekly opening hours and holidays.
public struct BusinessCalendar: Codable, Sendable, Equatable {
    public var timeZone: String
    public var weeklyHours: [OpeningHours]
    public var holidays: [LocalDate]

    enum CodingKeys: String, CodingKey {
        case timeZone = "time_zone"
        case weeklyHours = "weekly_hours"
        case holidays
    }

    public init(timeZone: String, weeklyHours: [OpeningHours], holidays: [LocalDate] = []) {
        self.timeZone = timeZone
        self.weeklyHours = weeklyHours
        self.holidays = holidays
    }

    /// Open all day, every day, in UTC.
    public static let alwaysOpen = BusinessCalendar(
        timeZone: "UTC", weeklyHours: Weekday.allCases.map { OpeningHours($0, LocalTime(hour: 0), LocalTime(hour: 24)) })

    /// Weekdays nine to five.
    public static func officeHours(timeZone: String) -> BusinessCalendar {
        BusinessCalendar(timeZone: timeZone, weeklyHours: [.monday, .tuesday, .wednesday, .thursday, .friday].map {
            OpeningHours($0, LocalTime(hour: 9), LocalTime(hour: 17))
        })
    }

    /// What is wrong with the calendar, by field; empty when it can be used.
    public func problems() -> [String: String] {
        var problems: [String: String] = [:]
        if TimeZone(identifier: timeZone) == nil { problems["time_zone"] = "must be an IANA time zone such as 'Europe/Berlin'" }
        if weeklyHours.isEmpty { problems["weekly_hours"] = "must open at least once a week" }
        for hours in weeklyHours where hours.end <= hours.start {
            problems["weekly_hours"] = "\(hours.weekday.rawValue) closes before it opens"
        }
        for day in Weekday.allCases {
            let intervals = weeklyHours.filter { $0.weekday == day }.sorted { $0.start < $1.start }
            for (earlier, later) in zip(intervals, intervals.dropFirst()) where later.start < earlier.end {
                problems["weekly_hours"] = "\(day.rawValue) has overlapping hours"
            }
        }
        return problems
    }

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: timeZone) ?? TimeZone(identifier: "UTC")!
        return calendar
    }

    /// The open intervals of the local day that contains `date`, as instants.
    private func openIntervals(onDayOf date: Date, calendar: Calendar) -> [DateInterval] {
        let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: date)
        let local = LocalDate(year: parts.year!, month: parts.month!, day: parts.day!)
        if holidays.contains(local) { return [] }
        let weekday = Weekday(gregorian: parts.weekday!)
        let midnight = calendar.startOfDay(for: date)
        return weeklyHours.filter { $0.weekday == weekday }.sorted { $0.start < $1.start }.compactMap { hours in
            // Wall-clock times: across a DST change, 09:00 to 17:00 is still eight hours.
            let start = instant(midnight, hours.start, calendar: calendar)
            let end = instant(midnight, hours.end, calendar: calendar)
            return end > start ? DateInterval(start: start, end: end) : nil
        }
    }

    private func instant(_ midnight: Date, _ time: LocalTime, calendar: Calendar) -> Date {
        if time.minutes == 24 * 60 { return calendar.date(byAdding: .day, value: 1, to: midnight)! }
        let parts = calendar.dateComponents([.year, .month, .day], from: midnight)
        var components = DateComponents(year: parts.year, month: parts.month, day: parts.day, hour: time.minutes / 60, minute: time.minutes % 60)
        components.timeZone = calendar.timeZone
        // A time skipped by a DST change lands on the next valid one.
        return calendar.date(from: components) ?? midnight.addingTimeInterval(Double(time.minutes * 60))
    }

    /// Calls `body` with each open interval from the day of `start` on, until it returns false.
    /// Gives up after ten years of days, which only a calendar with no hours reaches.
    private func forEachOpenInterval(from start: Date, _ body: (DateInterval) -> Bool) {
        let calendar = self.calendar
        var day = calendar.startOfDay(for: start)
        for _ in 0..<3660 {
            for interval in openIntervals(onDayOf: day, calendar: calendar) where interval.end > start {
                if !body(interval) { return }
            }
            day = calendar.date(byAdding: .day, value: 1, to: day)!
        }
    }

    public func isOpen(at date: Date) -> Bool {
        openIntervals(onDayOf: date, calendar: calendar).contains { $0.start <= date && date < $0.end }
    }

    /// Open all day on every weekday, with no holidays: open time is elapsed time. The clocks then
    /// skip walking the days, which for a ticket two years old took thousands of calendar
    /// computations per evaluation (the SLA run over an imported backlog spent most of its time there).
    private var isOpenAroundTheClock: Bool {
        holidays.isEmpty && Weekday.allCases.allSatisfy { day in
            weeklyHours.contains { $0.weekday == day && $0.start.minutes == 0 && $0.end.minutes == 24 * 60 }
        }
    }

    /// Open seconds between two instants; 0 when `end` is not after `start`.
    public func businessSeconds(from start: Date, to end: Date) -> TimeInterval {
        guard end > start else { return 0 }
        if isOpenAroundTheClock { return end.timeIntervalSince(start) }
        var total: TimeInterval = 0
        forEachOpenInterval(from: start) { interval in
            if interval.start >= end { return false }
            total += min(interval.end, end).timeIntervalSince(max(interval.start, start))
            return true
        }
        return total
    }

    /// The instant at which `seconds` of open time have passed since `start`. A calendar that never
    /// opens never gets there: `Date.distantFuture`.
    public func date(addingBusinessSeconds seconds: TimeInterval, to start: Date) -> Date {
        if isOpenAroundTheClock { return start.addingTimeInterval(max(0, seconds)) }
        var remaining = max(0, seconds)
        var result = Date.distantFuture
        forEachOpenInterval(from: start) { interval in
            let from = max(interval.start, start)
            let available = interval.end.timeIntervalSince(from)
            if remaining <= available {
                result = from.addingTimeInterval(remaining)
                return false
            }
            remaining -= available
            return true
        }
        return result
    }

    public func nextOpening(after date: Date) -> Date? {
        let found = self.date(addingBusinessSeconds: 0, to: date)
        return found == .distantFuture ? nil : found
    }
}
