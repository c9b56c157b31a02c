/// What a user may do in a workspace; each role includes everything the roles below it may do.
public enum Role: String, Codable, CaseIterable, Sendable, Comparable {
    /// Read-only, for example the principal who receives an outsourced team's reports.
    case viewer
    case agent
    case supervisor
    case admin

    var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
}
