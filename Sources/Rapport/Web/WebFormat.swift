import Foundation
import RapportCore

/// Display-ready words and times for the pages; templates only show what these return.
enum WebFormat {
    /// "on_hold" → "On hold".
    static func label(_ raw: String) -> String {
        let words = raw.replacingOccurrences(of: "_", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    static func label<T: RawRepresentable>(_ value: T?) -> String where T.RawValue == String {
        value.map { label($0.rawValue) } ?? "—"
    }

    /// "1 Dec 2026, 14:05 UTC". Built from calendar fields: a page shows many times, and a new DateFormatter
    /// for each one is needless work (a shared one is not Sendable).
    static func time(_ date: Date?) -> String {
        guard let date else { return "—" }
        let parts = utc.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        let (hour, minute) = (parts.hour ?? 0, parts.minute ?? 0)
        return "\(parts.day ?? 1) \(months[(parts.month ?? 1) - 1]) \(parts.year ?? 1970), \(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute) UTC"
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    static func iso(_ date: Date?) -> String {
        guard let date else { return "" }
        return ISO8601DateFormatter().string(from: date)
    }

    /// "in 2 h 5 min" or "3 h 10 min ago", for SLA clocks.
    static func relative(_ date: Date?, now: Date) -> String {
        guard let date else { return "" }
        let seconds = Int(date.timeIntervalSince(now))
        let minutes = abs(seconds) / 60
        let text = minutes >= 1440 ? "\(minutes / 1440) d \(minutes % 1440 / 60) h"
            : minutes >= 60 ? "\(minutes / 60) h \(minutes % 60) min" : "\(minutes) min"
        return seconds >= 0 ? "in \(text)" : "\(text) ago"
    }

    /// A CSS class for an SLA state: the colour is never the only signal, the label is always shown too.
    static func slaClass(_ state: SLAState?) -> String {
        switch state {
        case .breached, .missed: "bad"
        case .atRisk: "warn"
        case .met: "good"
        default: "plain"
        }
    }
}

/// A choice in a select, with its current state.
struct WebOption: Encodable, Sendable {
    var value: String
    var label: String
    var selected: Bool

    static func all<T: RawRepresentable & CaseIterable>(_ type: T.Type, selected: String?, none: String? = nil) -> [WebOption] where T.RawValue == String {
        var options: [WebOption] = []
        if let none { options.append(WebOption(value: "", label: none, selected: selected == nil || selected == "")) }
        options += T.allCases.map { WebOption(value: $0.rawValue, label: WebFormat.label($0.rawValue), selected: $0.rawValue == selected) }
        return options
    }
}
