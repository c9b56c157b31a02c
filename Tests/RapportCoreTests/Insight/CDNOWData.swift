import Foundation
import RapportCore
import Testing

/// The CDNOW sample kept under Fixtures/cdnow (see its README), read into purchase histories.
enum CDNOWData {
    static func text(_ name: String, _ ext: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Fixtures/cdnow"))
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// 1997-09-30, the end of the 39-week calibration period.
    static let calibrationEnd = date("19970930")

    static func date(_ yyyymmdd: String) -> Date {
        var components = DateComponents()
        components.year = Int(yyyymmdd.prefix(4))
        components.month = Int(yyyymmdd.dropFirst(4).prefix(2))
        components.day = Int(yyyymmdd.suffix(2))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: components)!
    }

    /// Per sample customer id, the calibration-period history built from the raw purchases.
    static func calibrationHistories() throws -> [Int: PurchaseHistory] {
        var purchases: [Int: [PurchaseHistory.Purchase]] = [:]
        for line in try text("CDNOW_sample", "txt").split(whereSeparator: \.isNewline) {
            let fields = line.split(separator: " ")
            guard fields.count == 5, let id = Int(fields[1]), let value = Double(fields[4]) else { continue }
            purchases[id, default: []].append(.init(at: date(String(fields[2])), value: value))
        }
        return purchases.compactMapValues { PurchaseHistory(purchases: $0, end: calibrationEnd) }
    }

    /// The published summary: id, x, t_x, T, zbar.
    static func publishedSummary() throws -> [Int: (x: Int, recency: Double, age: Double, zbar: Double)] {
        var rows: [Int: (x: Int, recency: Double, age: Double, zbar: Double)] = [:]
        for line in try text("cdnow_customers_summary_with_transactions", "csv").split(whereSeparator: \.isNewline).dropFirst() {
            let f = line.split(separator: ",").map(String.init)
            guard f.count == 5, let id = Int(f[0]), let x = Int(f[1]), let tx = Double(f[2]), let T = Double(f[3]), let zbar = Double(f[4]) else { continue }
            rows[id] = (x, tx, T, zbar)
        }
        return rows
    }
}
