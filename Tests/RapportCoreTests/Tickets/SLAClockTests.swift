import Foundation
import Testing

@testable import RapportCore

private func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

@Suite("Business calendars")
struct BusinessCalendarTests {
    static let berlin = BusinessCalendar.officeHours(timeZone: "Europe/Berlin")

    @Test("open seconds across nights, weekends, holidays and time zones", arguments: [
        // Friday 16:00 to Monday 10:00 Berlin (CET, UTC+1): one hour on Friday, one on Monday.
        ("Europe/Berlin", "2026-11-27T15:00:00Z", "2026-11-30T09:00:00Z", 7200.0),
        // Christmas Day (a Friday) is a holiday: Thursday 16:00 to Monday 10:00 is again two hours.
        ("Europe/Berlin+xmas", "2026-12-24T15:00:00Z", "2026-12-28T09:00:00Z", 7200.0),
        // Within one open day: 10:00 to 12:30 Berlin.
        ("Europe/Berlin", "2026-11-24T09:00:00Z", "2026-11-24T11:30:00Z", 9000.0),
        // Kolkata is UTC+5:30: 03:00 to 05:00 UTC is 08:30 to 10:30 there, of which 09:00 to 10:30 is open.
        ("Asia/Kolkata", "2026-11-30T03:00:00Z", "2026-11-30T05:00:00Z", 5400.0),
        // New York in summer (EDT, UTC-4): Friday 2026-07-10 16:00 to Monday 09:30 local is one and a half hours.
        ("America/New_York", "2026-07-10T20:00:00Z", "2026-07-13T13:30:00Z", 5400.0),
    ])
    func businessSeconds(zone: String, from: String, to: String, expected: Double) {
        var calendar = BusinessCalendar.officeHours(timeZone: zone.replacingOccurrences(of: "+xmas", with: ""))
        if zone.hasSuffix("+xmas") { calendar.holidays = [LocalDate(year: 2026, month: 12, day: 25)] }
        #expect(calendar.businessSeconds(from: utc(from), to: utc(to)) == expected)
    }

    @Test("a day that loses an hour to daylight saving time is 23 hours long")
    func springForward() {
        let sundays = BusinessCalendar(timeZone: "Europe/Berlin", weeklyHours: [OpeningHours(.sunday, LocalTime(hour: 0), LocalTime(hour: 24))])
        // 2026-03-29 is the Sunday Berlin moves from CET to CEST: midnight CET is 23:00 UTC the day before.
        #expect(sundays.businessSeconds(from: utc("2026-03-28T23:00:00Z"), to: utc("2026-03-29T22:00:00Z")) == 23 * 3600)
    }

    @Test("adding open time rolls over the weekend")
    func adding() {
        // Friday 16:30 Berlin plus two open hours: 30 minutes on Friday, 90 on Monday, so Monday 10:30 (09:30 UTC).
        #expect(Self.berlin.date(addingBusinessSeconds: 7200, to: utc("2026-11-27T15:30:00Z")) == utc("2026-11-30T09:30:00Z"))
        // Zero from a closed moment is the next opening: Saturday noon gives Monday 09:00 (08:00 UTC).
        #expect(Self.berlin.date(addingBusinessSeconds: 0, to: utc("2026-11-28T11:00:00Z")) == utc("2026-11-30T08:00:00Z"))
    }

    @Test("adding is the inverse of measuring", arguments: 0..<200)
    func inverse(seed: Int) {
        let start = utc("2026-01-01T00:00:00Z").addingTimeInterval(Double((seed * 7_919_113) % 31_536_000))
        let seconds = Double((seed * 104_729) % 500_000)
        let end = Self.berlin.date(addingBusinessSeconds: seconds, to: start)
        #expect(abs(Self.berlin.businessSeconds(from: start, to: end) - seconds) < 1)
    }

    /// The around-the-clock shortcut gives what walking the days gives: a holiday long past makes
    /// the same calendar walk its days.
    @Test("a calendar open around the clock measures elapsed time, as walking its days does", arguments: 0..<40)
    func aroundTheClock(seed: Int) {
        let walked = BusinessCalendar(timeZone: "Europe/Berlin", weeklyHours: BusinessCalendar.alwaysOpen.weeklyHours,
            holidays: [LocalDate("1990-01-01")!])
        let open = BusinessCalendar(timeZone: "Europe/Berlin", weeklyHours: BusinessCalendar.alwaysOpen.weeklyHours)
        let start = utc("2025-01-01T00:00:00Z").addingTimeInterval(Double((seed * 7_919_113) % 31_536_000))
        let end = start.addingTimeInterval(Double((seed * 1_048_573) % 63_072_000))
        #expect(abs(open.businessSeconds(from: start, to: end) - walked.businessSeconds(from: start, to: end)) < 0.001)
        let seconds = Double((seed * 104_729) % 5_000_000)
        #expect(abs(open.date(addingBusinessSeconds: seconds, to: start).timeIntervalSince(walked.date(addingBusinessSeconds: seconds, to: start))) < 0.001)
    }

    @Test("problems are named by field")
    func problems() {
        let bad = BusinessCalendar(timeZone: "Mars/Base", weeklyHours: [OpeningHours(.monday, LocalTime(hour: 17), LocalTime(hour: 9))])
        #expect(Set(bad.problems().keys) == ["time_zone", "weekly_hours"])
        #expect(Self.berlin.problems().isEmpty)
    }
}

@Suite("SLA clocks")
struct SLAClockTests {
    let targets = SLATargets(firstResponseMinutes: 60, nextResponseMinutes: 30, resolutionMinutes: 480)

    func first(_ measures: [SLAMeasure], _ metric: SLAMetric) -> SLAMeasure? { measures.first { $0.metric == metric } }

    @Test("pending pauses the clock; it runs on when the ticket opens again")
    func pause() {
        // Created 10:00, pending 10:10 to 12:10: at 12:40 forty minutes are used, twenty left, due 13:00.
        let timeline = SLATimeline(createdAt: utc("2026-11-24T10:00:00Z"), entries: [
            .status(utc("2026-11-24T10:10:00Z"), .paused), .status(utc("2026-11-24T12:10:00Z"), .active),
        ])
        let at1240 = first(SLAClock.evaluate(targets, calendar: .alwaysOpen, timeline: timeline, at: utc("2026-11-24T12:40:00Z")), .firstResponse)
        #expect(at1240?.usedSeconds == 2400)
        #expect(at1240?.state == .running)
        #expect(at1240?.dueAt == utc("2026-11-24T13:00:00Z"))
        // At 12:50 ten minutes are left, within the last quarter: at risk. At 13:05 breached.
        #expect(first(SLAClock.evaluate(targets, calendar: .alwaysOpen, timeline: timeline, at: utc("2026-11-24T12:50:00Z")), .firstResponse)?.state == .atRisk)
        #expect(first(SLAClock.evaluate(targets, calendar: .alwaysOpen, timeline: timeline, at: utc("2026-11-24T13:05:00Z")), .firstResponse)?.state == .breached)
        // While paused, nothing is due and time does not count.
        let paused = first(SLAClock.evaluate(targets, calendar: .alwaysOpen, timeline: timeline, at: utc("2026-11-24T11:00:00Z")), .firstResponse)
        #expect(paused?.state == .paused)
        #expect(paused?.usedSeconds == 600)
        #expect(paused?.dueAt == nil)
    }

    @Test("a Friday evening ticket is due on Monday morning in business hours")
    func fridayEvening() {
        let berlin = BusinessCalendar.officeHours(timeZone: "Europe/Berlin")
        // Created Friday 18:00 Berlin (17:00 UTC), closed: the hour of first response starts Monday 09:00, due 10:00 (09:00 UTC).
        let timeline = SLATimeline(createdAt: utc("2026-11-27T17:00:00Z"), entries: [])
        let measure = first(SLAClock.evaluate(targets, calendar: berlin, timeline: timeline, at: utc("2026-11-28T12:00:00Z")), .firstResponse)
        #expect(measure?.usedSeconds == 0)
        #expect(measure?.dueAt == utc("2026-11-30T09:00:00Z"))
        // The scheduler should look again when 45 minutes are used (at risk): Monday 09:45 Berlin.
        #expect(SLAClock.nextChange(targets, calendar: berlin, timeline: timeline, at: utc("2026-11-28T12:00:00Z")) == utc("2026-11-30T08:45:00Z"))
    }

    @Test("first response met or missed; next response waits for the customer's second message")
    func responses() {
        let created = utc("2026-11-24T10:00:00Z")
        let timeline = SLATimeline(createdAt: created, entries: [
            .agentReply(utc("2026-11-24T10:50:00Z")),
            .customerMessage(utc("2026-11-24T11:00:00Z")),
            .customerMessage(utc("2026-11-24T11:10:00Z")),
        ])
        let measures = SLAClock.evaluate(targets, calendar: .alwaysOpen, timeline: timeline, at: utc("2026-11-24T11:20:00Z"))
        #expect(first(measures, .firstResponse)?.state == .met)
        // Waiting since the first unanswered message at 11:00: 20 of 30 minutes used.
        #expect(first(measures, .nextResponse)?.usedSeconds == 1200)
        #expect(first(measures, .nextResponse)?.dueAt == utc("2026-11-24T11:30:00Z"))
        let late = SLATimeline(createdAt: created, entries: [.agentReply(utc("2026-11-24T11:30:00Z"))])
        #expect(first(SLAClock.evaluate(targets, calendar: .alwaysOpen, timeline: late, at: utc("2026-11-24T12:00:00Z")), .firstResponse)?.state == .missed)
    }

    @Test("time while solved does not count when the ticket reopens")
    func reopen() {
        let timeline = SLATimeline(createdAt: utc("2026-11-24T10:00:00Z"), entries: [
            .status(utc("2026-11-24T11:00:00Z"), .stopped), .status(utc("2026-11-25T11:00:00Z"), .active),
        ])
        let solved = first(SLAClock.evaluate(targets, calendar: .alwaysOpen, timeline: timeline, at: utc("2026-11-24T12:00:00Z")), .resolution)
        #expect(solved?.state == .met)
        let reopened = first(SLAClock.evaluate(targets, calendar: .alwaysOpen, timeline: timeline, at: utc("2026-11-25T12:00:00Z")), .resolution)
        #expect(reopened?.usedSeconds == 7200)
        #expect(reopened?.state == .running)
    }
}

@Suite("Ticket status machine")
struct TicketStatusMachineTests {
    @Test("allowed and refused changes", arguments: [
        (TicketStatus.new, TicketStatus.open, true), (.open, .pending, true), (.pending, .onHold, true), (.onHold, .solved, true),
        (.solved, .open, true), (.solved, .closed, true), (.open, .open, true),
        (.open, .new, false), (.open, .closed, false), (.closed, .open, false), (.closed, .solved, false), (.pending, .closed, false),
    ])
    func transitions(from: TicketStatus, to: TicketStatus, allowed: Bool) {
        let error = TicketStatusMachine.check(from: from, to: to)
        #expect((error == nil) == allowed)
        if let error { #expect(error.message.contains(to.rawValue) || error.message.contains(from.rawValue)) }
    }
}
