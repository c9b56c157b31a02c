import Foundation
import RapportCore
import SQLKit
import Vapor

/// The standard work queues every agent has.
enum TicketView: String, CaseIterable, Sendable {
    case mine, unassigned
    case atRisk = "at_risk"
    case breached
    case unsolved
    case followUpsDue = "follow_ups_due"
}

/// How a ticket list is ordered; each order pages by keyset on (its column, id).
enum TicketSort: String, CaseIterable, Sendable, Codable {
    case updatedDescending = "-updated_at"
    case updatedAscending = "updated_at"
    case createdDescending = "-created_at"
    case createdAscending = "created_at"
    case slaDue = "sla_due_at"
    case numberDescending = "-number"
    case numberAscending = "number"

    var column: String {
        switch self {
        case .updatedDescending, .updatedAscending: "updated_at"
        case .createdDescending, .createdAscending: "created_at"
        case .slaDue: "sla_due_at"
        case .numberDescending, .numberAscending: "number"
        }
    }

    var descending: Bool { rawValue.hasPrefix("-") }
}

/// Filters on a ticket list, from the query string or a saved view.
struct TicketFilter: Codable, Sendable, Equatable {
    var statuses: [TicketStatus] = []
    var priorities: [TicketPriority] = []
    var kinds: [TicketKind] = []
    var channels: [TicketChannel] = []
    var categories: [ComplaintCategory] = []
    var topics: [TicketTopic] = []
    var slaStates: [SLAState] = []
    /// `nil`: anyone; `.some(nil)`: nobody.
    var assigneeID: UUID??
    var teamID: UUID??
    var requesterID: UUID?
    var organizationID: UUID?
    var tags: [String] = []
    var unsolved: Bool?
    var text: String?
    /// Tickets with an open follow-up of this owner due by this time (FollowUpStore.swift).
    var followUpsDue: FollowUpsDueFilter?

    enum CodingKeys: String, CodingKey {
        case statuses = "status", priorities = "priority", kinds = "kind", channels = "channel", categories = "category"
        case topics = "topic", slaStates = "sla_state", assigneeID = "assignee_id", teamID = "team_id"
        case requesterID = "requester_id", organizationID = "organization_id", tags = "tag", unsolved, text = "q"
    }
}

extension TicketFilter {
    /// Reads the filters from the query string; `me` stands for the signed-in user.
    init(query req: Request, me: UUID) throws {
        try self.init(parameters: { req.query[$0] }, me: me)
    }

    /// Reads the filters from named text values: a query string's, or a saved view's.
    init(parameters: (String) -> String?, me: UUID) throws {
        var errors = FieldErrors()
        func list<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) -> [T] where T.RawValue == String {
            guard let raw = parameters(name), !raw.isEmpty else { return [] }
            return raw.split(separator: ",").compactMap { errors.choice(name, String($0).trimmed, as: T.self) }
        }
        func person(_ name: String) -> UUID?? {
            guard let raw = parameters(name), !raw.isEmpty else { return nil }
            if raw == "none" { return .some(nil) }
            if raw == "me" { return .some(me) }
            guard let id = UUID(uuidString: raw) else {
                errors.add(name, "must be an id, 'none' or 'me'")
                return nil
            }
            return .some(id)
        }
        statuses = list("status", TicketStatus.self)
        priorities = list("priority", TicketPriority.self)
        kinds = list("kind", TicketKind.self)
        channels = list("channel", TicketChannel.self)
        categories = list("category", ComplaintCategory.self)
        topics = list("topic", TicketTopic.self)
        slaStates = list("sla_state", SLAState.self)
        assigneeID = person("assignee_id")
        teamID = person("team_id")
        for (name, keyPath) in [("requester_id", \TicketFilter.requesterID), ("organization_id", \TicketFilter.organizationID)] {
            if let raw = parameters(name), !raw.isEmpty {
                if let id = UUID(uuidString: raw) { self[keyPath: keyPath] = id } else { errors.add(name, "must be an id") }
            }
        }
        if let raw = parameters("tag"), !raw.isEmpty { tags = raw.split(separator: ",").map { $0.trimmed.lowercased() } }
        if let raw = parameters("unsolved"), !raw.isEmpty {
            switch raw {
            case "true": unsolved = true
            case "false": unsolved = false
            default: errors.add("unsolved", "must be true or false")
            }
        }
        if let raw = parameters("q"), !raw.trimmed.isEmpty { text = String(raw.trimmed.prefix(200)) }
        try errors.throwIfAny()
    }

    /// Narrows the filter to a standard view.
    mutating func apply(_ view: TicketView, me: UUID, now: Date) {
        switch view {
        case .mine: assigneeID = .some(me); unsolved = true
        case .unassigned: assigneeID = .some(nil); unsolved = true
        case .atRisk: slaStates = [.atRisk]; unsolved = true
        case .breached: slaStates = [.breached]; unsolved = true
        case .unsolved: unsolved = true
        case .followUpsDue: followUpsDue = FollowUpsDueFilter(ownerID: me, dueBy: now)
        }
    }

    /// Adds the filter's conditions, on columns of `table` (an alias when the query joins).
    func apply(to query: some SQLPredicateBuilder, workspaceID: UUID, table: String) {
        func column(_ name: String) -> SQLColumn { SQLColumn(name, table: table) }
        query.where(column("workspace_id"), .equal, SQLBind(workspaceID))
        if !statuses.isEmpty { query.where(column("status"), .in, SQLBind.group(statuses.map(\.rawValue))) }
        if !priorities.isEmpty { query.where(column("priority"), .in, SQLBind.group(priorities.map(\.rawValue))) }
        if !kinds.isEmpty { query.where(column("kind"), .in, SQLBind.group(kinds.map(\.rawValue))) }
        if !channels.isEmpty { query.where(column("channel"), .in, SQLBind.group(channels.map(\.rawValue))) }
        if !categories.isEmpty { query.where(column("category"), .in, SQLBind.group(categories.map(\.rawValue))) }
        if !topics.isEmpty { query.where(column("topic"), .in, SQLBind.group(topics.map(\.rawValue))) }
        if !slaStates.isEmpty { query.where(column("sla_state"), .in, SQLBind.group(slaStates.map(\.rawValue))) }
        if let assigneeID {
            if let id = assigneeID { query.where(column("assignee_id"), .equal, SQLBind(id)) } else { query.where(column("assignee_id"), .is, SQLLiteral.null) }
        }
        if let teamID {
            if let id = teamID { query.where(column("team_id"), .equal, SQLBind(id)) } else { query.where(column("team_id"), .is, SQLLiteral.null) }
        }
        if let requesterID { query.where(column("requester_id"), .equal, SQLBind(requesterID)) }
        if let organizationID { query.where(column("organization_id"), .equal, SQLBind(organizationID)) }
        if let unsolved { query.where(column("unsolved"), .equal, SQLBind(unsolved)) }
        if let followUpsDue { query.where(column("id"), .in, followUpsDue.ticketIDs(workspaceID: workspaceID)) }
        for tag in tags {
            query.where(column("id"), .in, SQLSubquery.select { $0
                .column("subject_id").from("taggings").where("workspace_id", .equal, workspaceID).where("tag", .equal, tag)
            })
        }
    }
}
