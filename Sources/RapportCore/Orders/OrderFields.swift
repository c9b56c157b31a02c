import Foundation

/// Where an order is in its life.
public enum OrderStatus: String, Codable, CaseIterable, Sendable {
    case pending, paid, shipped, delivered, cancelled, refunded

    /// Cancelled and refunded orders are not purchases for the value models.
    public var countsAsPurchase: Bool { self != .cancelled && self != .refunded }
}

/// Money as the API writes it ("12.34") and stores it (1234 minor units; two decimals).
public enum MoneyText {
    /// Parses "12", "12.3", "12.34" or "-5.00" (a dot or a comma as decimal separator) into minor units.
    public static func minorUnits(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        let negative = trimmed.hasPrefix("-")
        let digits = negative ? String(trimmed.dropFirst()) : trimmed
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts[0].count <= 13,
              parts[0].allSatisfy(\.isASCIIDigit), let whole = Int(parts[0]) else { return nil }
        var cents = 0
        if parts.count == 2 {
            let fraction = parts[1]
            guard (1...2).contains(fraction.count), fraction.allSatisfy(\.isASCIIDigit), let value = Int(fraction) else { return nil }
            cents = fraction.count == 1 ? value * 10 : value
        }
        let total = whole * 100 + cents
        return negative ? -total : total
    }

    /// 1234 as "12.34".
    public static func text(_ minorUnits: Int) -> String {
        let sign = minorUnits < 0 ? "-" : ""
        let magnitude = abs(minorUnits)
        let cents = magnitude % 100
        return "\(sign)\(magnitude / 100).\(cents < 10 ? "0" : "")\(cents)"
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
