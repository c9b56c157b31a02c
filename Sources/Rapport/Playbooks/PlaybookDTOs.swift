import Foundation
import RapportCore
import Vapor

/// A playbook entry as the API shows it.
struct PlaybookEntryResponse: Content {
    var dimension: ProfileDimension
    var value: String
    var title: String
    var summary: String
    var actions: [String]
    var tone: String
    var offer: [String]
    var avoid: [String]
    var followUp: [String]
    var importance: Int
    /// True when the workspace has edited this entry; a reset brings back the default.
    var customized: Bool

    enum CodingKeys: String, CodingKey {
        case dimension, value, title, summary, actions, tone, offer, avoid, importance, customized
        case followUp = "follow_up"
    }

    init(_ entry: PlaybookEntry, customized: Bool) {
        dimension = entry.dimension
        value = entry.value
        title = entry.title
        summary = entry.summary
        actions = entry.actions
        tone = entry.tone
        offer = entry.offer
        avoid = entry.avoid
        followUp = entry.followUp
        importance = entry.importance
        self.customized = customized
    }
}

/// An admin's edit of one entry; every field is required so the entry stays complete.
struct PlaybookEntryInput: Content {
    var title: String?
    var summary: String?
    var actions: [String]?
    var tone: String?
    var offer: [String]?
    var avoid: [String]?
    var followUp: [String]?
    var importance: Int?

    enum CodingKeys: String, CodingKey {
        case title, summary, actions, tone, offer, avoid, importance
        case followUp = "follow_up"
    }

    func entry(for key: PlaybookKey) throws -> PlaybookEntry {
        var errors = FieldErrors()
        let title = errors.requireText("title", title, maxLength: 80)
        let summary = errors.requireText("summary", summary, maxLength: 1000)
        let tone = errors.requireText("tone", tone, maxLength: 500)
        func list(_ field: String, _ items: [String]?, minimum: Int) -> [String] {
            let cleaned = (items ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            if cleaned.count < minimum { errors.add(field, minimum == 1 ? "needs at least one item" : "needs at least \(minimum) items") }
            if cleaned.count > 20 { errors.add(field, "may hold at most 20 items") }
            if cleaned.contains(where: { $0.count > 500 }) { errors.add(field, "items must be at most 500 characters") }
            return cleaned
        }
        let actions = list("actions", actions, minimum: 1)
        let offer = list("offer", offer, minimum: 0)
        let avoid = list("avoid", avoid, minimum: 0)
        let followUp = list("follow_up", followUp, minimum: 0)
        if importance == nil { errors.add("importance", "is required") }
        if let importance, !(1...100).contains(importance) { errors.add("importance", "must be from 1 to 100") }
        try errors.throwIfAny()
        return PlaybookEntry(
            dimension: key.dimension, value: key.value, title: title, summary: summary, actions: actions, tone: tone,
            offer: offer, avoid: avoid, followUp: followUp, importance: importance!)
    }
}

/// The combined guidance for one customer, most important first.
struct CustomerPlaybookResponse: Content {
    var customerID: UUID
    var name: String
    var checklist: [String]
    var avoid: [String]
    var entries: [Item]
    /// Said when the profile is empty, so the agent knows why there is no guidance.
    var hint: String?

    struct Item: Content {
        var entry: PlaybookEntryResponse
        var broughtInBy: BroughtInBy
        var weight: Double

        enum CodingKeys: String, CodingKey {
            case entry, weight
            case broughtInBy = "brought_in_by"
        }
    }

    /// The profile value that made this entry apply.
    struct BroughtInBy: Content {
        var dimension: ProfileDimension
        var value: String
        var source: String
        var setByUserID: UUID?
        var setAt: Date?
        var confidence: Double

        enum CodingKeys: String, CodingKey {
            case dimension, value, source, confidence
            case setByUserID = "set_by_user_id"
            case setAt = "set_at"
        }
    }

    enum CodingKeys: String, CodingKey {
        case name, checklist, avoid, entries, hint
        case customerID = "customer_id"
    }

    init(customerID: UUID, name: String, guidance: CombinedPlaybook) {
        self.customerID = customerID
        self.name = name
        checklist = guidance.checklist
        avoid = guidance.avoid
        entries = guidance.guidance.map { applied in
            let origin = applied.broughtInBy.map {
                BroughtInBy(dimension: $0.dimension, value: $0.value, source: $0.source.rawValue, setByUserID: $0.setByUserID, setAt: $0.setAt, confidence: $0.confidence)
            } ?? BroughtInBy(dimension: .buyingRole, value: applied.entry.value, source: "organization", setByUserID: nil, setAt: nil, confidence: 1)
            return Item(entry: PlaybookEntryResponse(applied.entry, customized: false), broughtInBy: origin, weight: applied.weight)
        }
        hint = entries.isEmpty
            ? "This customer has no profile yet. Set their lifecycle, communication styles, shopper type, relationship or value tier to see how to handle them."
            : nil
    }
}
