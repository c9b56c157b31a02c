import Foundation
import RapportCore

extension TicketFilter {
    /// The query parameters a ticket filter reads, the same for the list and saved views.
    static let parameterNames = [
        "status", "priority", "kind", "channel", "category", "topic", "sla_state", "assignee_id", "team_id",
        "requester_id", "organization_id", "tag", "unsolved", "q",
    ]

    /// Whether the filter asks for more than text: search then has to read each candidate ticket.
    var narrowsBeyondText: Bool {
        var withoutText = self
        withoutText.text = nil
        return withoutText != TicketFilter()
    }

    /// Tickets that match this filter and `other` too; `nil` when no ticket can match both
    /// (a view of open tickets narrowed to solved ones, say).
    func narrowed(by other: TicketFilter) -> TicketFilter? {
        func both<T: Equatable>(_ a: [T], _ b: [T]) -> [T]? {
            if a.isEmpty { return b }
            if b.isEmpty { return a }
            let common = a.filter(b.contains)
            return common.isEmpty ? nil : common
        }
        func same<T: Equatable>(_ a: T?, _ b: T?) -> T?? {
            guard let a else { return .some(b) }
            guard let b else { return .some(a) }
            return a == b ? .some(a) : nil
        }
        var result = self
        guard let statuses = both(statuses, other.statuses), let priorities = both(priorities, other.priorities),
            let kinds = both(kinds, other.kinds), let channels = both(channels, other.channels),
            let categories = both(categories, other.categories), let topics = both(topics, other.topics),
            let slaStates = both(slaStates, other.slaStates),
            let assigneeID = same(assigneeID, other.assigneeID), let teamID = same(teamID, other.teamID),
            let requesterID = same(requesterID, other.requesterID), let organizationID = same(organizationID, other.organizationID),
            let unsolved = same(unsolved, other.unsolved)
        else { return nil }
        result.statuses = statuses
        result.priorities = priorities
        result.kinds = kinds
        result.channels = channels
        result.categories = categories
        result.topics = topics
        result.slaStates = slaStates
        result.assigneeID = assigneeID
        result.teamID = teamID
        result.requesterID = requesterID
        result.organizationID = organizationID
        result.unsolved = unsolved
        result.tags = tags + other.tags.filter { !tags.contains($0) }
        // Every word must match, so two searches narrow by joining their words.
        result.text = [text, other.text].compactMap { $0 }.joined(separator: " ").nonEmpty
        return result
    }
}

extension String {
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
