import Foundation

/// Who or what set a profile value. `agent` and `import` are manual settings, which win over
/// anything derived until an agent clears them; `messages`, `orders` and `behaviour` are derived
/// (from the customer's messages, their orders, and how their tickets went). `system` is the
/// word earlier versions stored for order-based values (migrated to `orders`).
public enum ProfileSource: String, Codable, CaseIterable, Sendable {
    case agent, system, `import`, messages, orders, behaviour

    /// True for a person's setting (an agent's or an import's), which derivations never replace.
    public var isManual: Bool { self == .agent || self == .import }
}

/// One value of one profile dimension, with its provenance.
public struct ProfileValue: Codable, Equatable, Sendable {
    public var dimension: ProfileDimension
    public var value: String
    public var source: ProfileSource
    /// The user who set it, when an agent did.
    public var setByUserID: UUID?
    public var setAt: Date
    /// 0...1; an agent's own judgement counts as 1.
    public var confidence: Double
    /// Why a derived value was concluded, in words; nil for manual settings.
    public var explanation: String?

    public init(
        dimension: ProfileDimension, value: String, source: ProfileSource,
        setByUserID: UUID? = nil, setAt: Date, confidence: Double = 1, explanation: String? = nil
    ) {
        self.explanation = explanation
        self.dimension = dimension
        self.value = value
        self.source = source
        self.setByUserID = setByUserID
        self.setAt = setAt
        self.confidence = confidence
    }
}

/// A customer's profile: independent dimensions, each value carrying who set it, when and how sure.
public struct CustomerProfile: Equatable, Sendable {
    public var values: [ProfileValue]

    public init(values: [ProfileValue] = []) { self.values = values }

    public func values(of dimension: ProfileDimension) -> [ProfileValue] {
        values.filter { $0.dimension == dimension }
    }

    /// Replaces every value of `dimension` with `newValues`, keeping the provenance
    /// of values that did not change so a re-save does not pretend to be new.
    public mutating func replace(_ dimension: ProfileDimension, with newValues: [ProfileValue]) {
        let old = values(of: dimension)
        let merged = newValues.map { candidate in
            old.first { $0.value == candidate.value && $0.source == candidate.source } ?? candidate
        }
        values.removeAll { $0.dimension == dimension }
        values.append(contentsOf: merged)
        values.sort { ($0.dimension.sortIndex, $0.value) < ($1.dimension.sortIndex, $1.value) }
    }
}

extension CustomerProfile {
    /// True when both hold the same values with the same provenance, in any order.
    public func sameValues(as other: CustomerProfile) -> Bool {
        func key(_ value: ProfileValue) -> String {
            "\(value.dimension.rawValue)|\(value.value)|\(value.source.rawValue)|\(value.setByUserID?.uuidString ?? "")|\(value.setAt.timeIntervalSince1970)|\(value.confidence)"
        }
        return values.count == other.values.count && values.map(key).sorted() == other.values.map(key).sorted()
    }
}

extension ProfileDimension {
    /// The dimension's place in the profile's display order.
    public var sortIndex: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}
