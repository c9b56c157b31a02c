import Foundation
import RapportCore
import Vapor

/// The inbox: `/views/{name}` for the standard views (mine, unassigned, at_risk, breached, unsolved,
/// follow_ups_due) and saved views (by id), with counts, filters, sorting, paging and bulk changes.
/// Lists come from the same store queries as GET /api/v1/tickets; bulk changes call the API's handler.
struct InboxPages: RouteCollection {
    struct ViewLink: Encodable, Sendable {
        var label: String
        var href: String
        var count: String
        var current: Bool
    }

    struct Row: Encodable, Sendable {
        var id: String
        var number: Int64
        var subject: String
        var href: String
        var requester: String
        var status: String
        var statusLabel: String
        var priority: String
        var priorityLabel: String
        var assignee: String
        var slaLabel: String
        var slaClass: String
        var slaDue: String
        var updated: String
    }

    struct InboxPage: Encodable, Sendable {
        var heading: String
        var viewName: String
        var views: [ViewLink]
        var rows: [Row]
        var isEmpty: Bool
        var statuses: [WebOption]
        var priorities: [WebOption]
        var sorts: [WebOption]
        var canBulk: Bool
        var nextHref: String?
        var bulkAction: String
        var assignees: [WebOption]
    }

    static let standardLabels: [(TicketView, String)] = [
        (.mine, "Mine"), (.unassigned, "Unassigned"), (.atRisk, "At risk"), (.breached, "Breached"),
        (.followUpsDue, "Follow-ups due"), (.unsolved, "All unsolved"),
    ]

    static let sortLabels: [(TicketSort, String)] = [
        (.updatedDescending, "Recently updated"), (.updatedAscending, "Least recently updated"), (.slaDue, "SLA due soonest"),
        (.createdDescending, "Newest"), (.createdAscending, "Oldest"), (.numberDescending, "Number, high to low"),
    ]

    func boot(routes: any RoutesBuilder) throws {
        routes.get("views", ":name", use: { req in try await show(req: req, viewName: try req.parameters.require("name")) })
        routes.requiring(.agent).post("views", ":name", "bulk", use: bulk)
    }

    func show(req: Request, viewName: String) async throws -> Response {
        let actor = try req.actor
        let now = req.clock.now
        var filter = try TicketFilter(query: req, me: actor.userID)
        var sort: TicketSort?
        var heading: String
        if let standard = TicketView(rawValue: viewName) {
            filter.apply(standard, me: actor.userID, now: now)
            heading = Self.standardLabels.first { $0.0 == standard }?.1 ?? WebFormat.label(viewName)
        } else if UUID(uuidString: viewName) != nil {
            let view = try await req.savedViews.find(UUID(uuidString: viewName)!)
            heading = view.name
            if let saved = try await TicketsAPI.savedView(viewName, narrowing: filter, req: req) {
                (filter, sort) = saved
            } else {
                filter.statuses = []
                filter.requesterID = UUID()
            }
        } else {
            throw APIError.notFound("view")
        }
        var errors = FieldErrors()
        let chosenSort = errors.choice("sort", (try? req.query.get(String.self, at: "sort")).flatMap { $0.isEmpty ? nil : $0 }, as: TicketSort.self)
        try errors.throwIfAny()
        sort = chosenSort ?? sort ?? .updatedDescending
        let page = try PageRequest(req)
        let store = try req.tickets
        let (tickets, next) = try await store.list(filter, sort: sort!, limit: page.limit, after: page.cursor)

        // Names for the rows: one query for the requesters, one for the workspace's users.
        let requesters = try await req.customers.customers(withIDs: Array(Set(tickets.map(\.requesterID))))
        let requesterNames = Dictionary(requesters.map { ($0.id!, $0.name) }, uniquingKeysWith: { first, _ in first })
        let users = try await req.people.users()
        let userNames = Dictionary(users.map { ($0.id!, $0.name) }, uniquingKeysWith: { first, _ in first })

        let counts = try await TicketsAPI().views(req: req)
        var links: [ViewLink] = Self.standardLabels.map { view, label in
            let count = counts.items.first { $0.id == view.rawValue }
            return ViewLink(label: label, href: "/views/\(view.rawValue)", count: Self.countText(count), current: view.rawValue == viewName)
        }
        links += counts.items.filter { $0.name != nil }.map {
            ViewLink(label: $0.name ?? "", href: "/views/\($0.id)", count: Self.countText($0), current: $0.id.lowercased() == viewName.lowercased())
        }

        let rows = tickets.map { ticket in
            Row(id: ticket.id!.uuidString, number: ticket.number, subject: ticket.subject, href: "/tickets/\(ticket.id!)",
                requester: requesterNames[ticket.requesterID] ?? "Unknown customer",
                status: ticket.status.rawValue, statusLabel: WebFormat.label(ticket.status.rawValue),
                priority: ticket.priority.rawValue, priorityLabel: WebFormat.label(ticket.priority.rawValue),
                assignee: ticket.assigneeID.flatMap { userNames[$0] } ?? "Unassigned",
                slaLabel: ticket.slaState.map { WebFormat.label($0.rawValue) } ?? "No SLA", slaClass: WebFormat.slaClass(ticket.slaState),
                slaDue: ticket.slaDueAt.map { WebFormat.relative($0, now: now) } ?? "", updated: WebFormat.time(ticket.updatedAt))
        }
        var nextHref: String?
        if let next {
            var components = URLComponents()
            components.path = "/views/\(viewName)"
            var items = (URLComponents(string: req.url.string)?.queryItems ?? []).filter { $0.name != "cursor" && $0.name != "notice" }
            items.append(URLQueryItem(name: "cursor", value: next.encoded()))
            components.queryItems = items
            nextHref = components.string
        }
        let selectedStatus: String? = try? req.query.get(String.self, at: "status")
        let selectedPriority: String? = try? req.query.get(String.self, at: "priority")
        let assignable = users.filter { $0.active && $0.role != .viewer }
        let page_ = InboxPage(
            heading: heading, viewName: viewName, views: links, rows: rows, isEmpty: rows.isEmpty,
            statuses: WebOption.all(TicketStatus.self, selected: selectedStatus, none: "Any status"),
            priorities: WebOption.all(TicketPriority.self, selected: selectedPriority, none: "Any priority"),
            sorts: Self.sortLabels.map { WebOption(value: $0.0.rawValue, label: $0.1, selected: $0.0 == sort) },
            canBulk: actor.role >= .agent, nextHref: nextHref, bulkAction: "/views/\(viewName)/bulk",
            assignees: assignable.map { WebOption(value: $0.id!.uuidString, label: $0.name, selected: false) })
        return try await req.renderPage("inbox/index", title: heading, section: "inbox", page_)
    }

    static func countText(_ view: ViewsResponse.View?) -> String {
        guard let view else { return "0" }
        return view.countCapped ? "\(view.count)+" : "\(view.count)"
    }

    /// Applies one change to the ticked tickets through the API's bulk handler, then shows the view again.
    func bulk(req: Request) async throws -> Response {
        let name = try req.parameters.require("name")
        let ids = req.formList("ids").filter { UUID(uuidString: $0) != nil }
        let action = req.formText("action") ?? ""
        var changes: [(String, JSONValue)] = []
        switch action {
        case "assign_me": changes = [("assignee_id", .string(try req.actor.userID.uuidString))]
        case "unassign": changes = [("assignee_id", .null)]
        case let value where value.hasPrefix("assign:"): changes = [("assignee_id", .string(String(value.dropFirst(7))))]
        case let value where value.hasPrefix("status:"): changes = [("status", .string(String(value.dropFirst(7))))]
        case let value where value.hasPrefix("priority:"): changes = [("priority", .string(String(value.dropFirst(9))))]
        default: throw APIError.validation(["action": "choose what to do with the selected tickets"])
        }
        guard !ids.isEmpty else { throw APIError.validation(["ids": "tick at least one ticket"]) }
        let body: JSONValue = .object([("ids", .array(ids.map { .string($0) })), ("changes", .object(changes))])
        let result = try await req.callAPI(.POST, json: body, TicketsAPI().bulk)
        let failed = result.results.filter { !$0.ok }.count
        if failed > 0 { req.logger.info("bulk change refused for some tickets", metadata: ["failed": "\(failed)"]) }
        return req.redirect(to: "/views/\(name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? "mine")?notice=bulk_done", redirectType: .normal)
    }
}
