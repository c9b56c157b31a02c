import Foundation

/// Finds complaint groups (a category, a product, or a category for one product) whose volume this
/// week rises well above their usual level, and words what it may mean.
///
/// The usual level is the mean weekly count over the `baselineWeeks` weeks before; a week's count
/// of independent complaints is taken as Poisson with that mean, so the surprise is the z-score
/// `(count - mean) / sqrt(mean)`. The mean is floored at `minimumBaseline` so that a group that
/// used to be silent does not flag on its second complaint; `minimumCount` complaints are needed
/// in any case.
public enum ComplaintSurge {
    /// One complaint: when it came, its category and its product (either may be missing).
    public struct Complaint: Sendable, Equatable {
        public var ticketID: UUID
        public var at: Date
        public var category: String?
        public var product: String?

        public init(ticketID: UUID, at: Date, category: String?, product: String?) {
            self.ticketID = ticketID
            self.at = at
            self.category = category
            self.product = product
        }
    }

    public struct Settings: Sendable, Equatable {
        public var baselineWeeks = 8
        public var minimumCount = 5
        public var minimumZ = 3.0
        /// The count must also be at least this multiple of the usual level.
        public var minimumRatio = 2.0
        public var minimumBaseline = 0.5

        public init() {}
    }

    /// A group whose volume rose: the figures behind it and the tickets of the current week.
    public struct Insight: Sendable, Equatable {
        public var category: String?
        public var product: String?
        public var count: Int
        public var usualWeekly: Double
        public var zScore: Double
        public var ticketIDs: [UUID]
        public var message: String

        /// A stable key for the group, to link an improvement to ("category=product_defect|product=Mower X").
        public var key: String {
            [category.map { "category=\($0)" }, product.map { "product=\($0)" }].compactMap { $0 }.joined(separator: "|")
        }
    }

    /// The insights for the week `[weekStart, weekStart + 7 days)`, strongest first. A category-only
    /// or product-only group is left out when a more precise group (category and product) explains it.
    public static func insights(_ complaints: [Complaint], weekStart: Date, settings: Settings = Settings()) -> [Insight] {
        let week: TimeInterval = 7 * 86_400
        let baselineStart = weekStart.addingTimeInterval(-Double(settings.baselineWeeks) * week)
        let weekEnd = weekStart.addingTimeInterval(week)
        struct Group: Hashable { var category: String?; var product: String? }
        var current: [Group: [UUID]] = [:]
        var before: [Group: Int] = [:]
        for complaint in complaints where complaint.at >= baselineStart && complaint.at < weekEnd {
            var groups: [Group] = []
            if let category = complaint.category { groups.append(Group(category: category, product: nil)) }
            if let product = complaint.product { groups.append(Group(category: nil, product: product)) }
            if complaint.category != nil, complaint.product != nil { groups.append(Group(category: complaint.category, product: complaint.product)) }
            for group in groups {
                if complaint.at >= weekStart { current[group, default: []].append(complaint.ticketID) } else { before[group, default: 0] += 1 }
            }
        }
        var found: [Insight] = []
        for (group, tickets) in current {
            let usual = Double(before[group] ?? 0) / Double(settings.baselineWeeks)
            let expected = max(usual, settings.minimumBaseline)
            let z = (Double(tickets.count) - expected) / expected.squareRoot()
            guard tickets.count >= settings.minimumCount, z >= settings.minimumZ, Double(tickets.count) >= settings.minimumRatio * expected else { continue }
            found.append(Insight(
                category: group.category, product: group.product, count: tickets.count, usualWeekly: usual, zScore: z,
                ticketIDs: tickets.sorted { $0.uuidString < $1.uuidString },
                message: wording(category: group.category, product: group.product, count: tickets.count, usual: usual)))
        }
        // A product's rise that one of its categories accounts for says the same thing less precisely.
        let precise = found.filter { $0.category != nil && $0.product != nil }
        found.removeAll { insight in
            guard insight.category == nil || insight.product == nil else { return false }
            return precise.contains { ($0.category == insight.category || $0.product == insight.product) && $0.count * 10 >= insight.count * 8 }
        }
        return found.sorted { ($1.zScore, $0.key) < ($0.zScore, $1.key) }
    }

    /// "complaints about product X for 'product_defect' tripled this week: possible malfunction".
    public static func wording(category: String?, product: String?, count: Int, usual: Double) -> String {
        var subject = "complaints"
        if let product { subject += " about product \(product)" }
        if let category { subject += " for '\(category)'" }
        let change: String
        if usual < 0.25 {
            change = "appeared this week (\(count), usually none)"
            return cause(category).map { "\(subject) \(change): \($0)" } ?? "\(subject) \(change)"
        } else {
            let ratio = Double(count) / usual
            switch ratio {
            case ..<2.5: change = "doubled this week"
            case ..<3.5: change = "tripled this week"
            case ..<4.5: change = "quadrupled this week"
            default: change = "rose \(Int(ratio.rounded()))-fold this week"
            }
        }
        let text = "\(subject) \(change) (\(count) against about \(formatted(usual)) a week)"
        return cause(category).map { "\(text): \($0)" } ?? text
    }

    /// What a rise in a category usually points to.
    static func cause(_ category: String?) -> String? {
        switch category {
        case "product_defect": "possible malfunction"
        case "service_failure": "possible process or staffing problem"
        case "over_promise", "misleading_marketing": "possible misleading promise in sales or marketing"
        case "product_dissatisfaction": "possible mismatch between product and expectations"
        case "customer_error": "possibly unclear instructions"
        case "rudeness", "discrimination": "possible conduct problem in the team"
        case "price_exploitation": "possible pricing error"
        case "slow_response": "possible understaffing"
        default: nil
        }
    }

    static func formatted(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }
}
