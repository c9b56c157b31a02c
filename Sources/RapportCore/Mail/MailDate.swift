import Foundation

/// The Date header: RFC 5322 and the broken variants seen in the wild (no weekday, two-digit years, zone
/// names, "+0100 (CET)", missing zone, asctime order, ISO 8601, "10.30" times).
enum MailDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let zones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "wet": 0, "bst": 60, "cet": 60, "met": 60, "cest": 120, "mest": 120, "eet": 120,
        "eest": 180, "msk": 180, "ist": 330, "jst": 540, "kst": 540, "hkt": 480, "sgt": 480, "aest": 600, "aedt": 660,
        "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420, "mdt": -360, "pst": -480, "pdt": -420,
    ]

    static func parse(_ raw: String?) -> Date? {
        guard let raw else { return nil }
        var text = ""
        var depth = 0
        for char in raw {
            if char == "(" { depth += 1 } else if char == ")" { depth = max(0, depth - 1) } else if depth == 0 { text.append(char) }
        }
        if let iso = isoDate(text.trimmingASCIISpace()) { return iso }
        let tokens = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" })
        var day: Int?, month: Int?, year: Int?
        var hour = 0, minute = 0, second = 0
        var offsetMinutes: Int?
        var numbers: [Int] = []
        for token in tokens {
            let word = String(token)
            if word.contains(":") || (word.contains(".") && word.split(separator: ".").count >= 2 && word.allSatisfy { $0.isNumber || $0 == "." } && word.count <= 8 && day != nil) {
                let parts = word.split(whereSeparator: { $0 == ":" || $0 == "." }).map { Int($0) }
                guard parts.count >= 2, let h = parts[0], let m = parts[1] else { continue }
                hour = h
                minute = m
                second = parts.count > 2 ? (parts[2] ?? 0) : 0
            } else if (word.hasPrefix("+") || word.hasPrefix("-")), (3...6).contains(word.count), let value = Int(word.dropFirst().filter { $0 != ":" }) {
                let sign = word.hasPrefix("-") ? -1 : 1
                let digits = word.dropFirst().filter { $0 != ":" }
                offsetMinutes = digits.count <= 2 ? sign * value * 60 : sign * (value / 100 * 60 + value % 100)
            } else if let index = months.firstIndex(where: { word.hasPrefix($0) }), month == nil, word.count >= 3 {
                month = index + 1
            } else if let value = Int(word) {
                numbers.append(value)
            } else if let zone = zones[word] {
                offsetMinutes = zone
            }
        }
        // Day then year (RFC) unless the first number is clearly a year (asctime "Jan 5 10:00:00 2024" also fits).
        if numbers.count >= 2 {
            if numbers[0] > 31 { year = numbers[0]; day = numbers[1] } else { day = numbers[0]; year = numbers[1] }
        }
        guard let d = day, let m = month, var y = year, (1...31).contains(d),
            (0..<24).contains(hour), (0..<60).contains(minute), (0...60).contains(second), (0...9999).contains(y)
        else { return nil }
        if y < 50 { y += 2000 } else if y < 100 { y += 1900 } else if y < 1000 { y += 1900 }
        return date(year: y, month: m, day: d, hour: hour, minute: minute, second: second, offset: offsetMinutes ?? 0)
    }

    private static func isoDate(_ text: String) -> Date? {
        guard text.count >= 19, let first = text.first, first.isNumber, text.contains("T") || text.dropFirst(10).first == " " else { return nil }
        let chars = Array(text)
        func number(_ from: Int, _ length: Int) -> Int? {
            guard from + length <= chars.count else { return nil }
            return Int(String(chars[from..<(from + length)]))
        }
        guard let y = number(0, 4), let m = number(5, 2), let d = number(8, 2), let h = number(11, 2), let mi = number(14, 2),
            let s = number(17, 2), (1...12).contains(m), (1...31).contains(d), (0..<24).contains(h), (0..<60).contains(mi), (0...60).contains(s)
        else { return nil }
        var rest = String(chars[19...])
        if rest.hasPrefix(".") { rest = String(rest.drop(while: { $0 == "." || $0.isNumber })) }
        var offset = 0
        if rest.hasPrefix("+") || rest.hasPrefix("-") {
            let digits = rest.dropFirst().filter(\.isNumber).prefix(4)
            if let value = Int(digits) {
                offset = (rest.hasPrefix("-") ? -1 : 1) * (digits.count <= 2 ? value * 60 : value / 100 * 60 + value % 100)
            }
        }
        return date(year: y, month: m, day: d, hour: h, minute: mi, second: s, offset: offset)
    }

    /// Days from the civil calendar (Howard Hinnant's algorithm); avoids a Calendar per message.
    private static func date(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, offset: Int) -> Date {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146097 + dayOfEra - 719468
        let seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset * 60
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}
