import Foundation
import RapportCore
import Vapor

/// `/customers` (filters by every profile dimension, tags and text) and `/customers/{id}` (profile,
/// editable by agents, playbook, tickets, organization, notes). Lists and changes go through the API's handlers.
struct CustomerPages: RouteCollection {
    struct Filter: Encodable, Sendable {
        var name: String
        var label: String
        var options: [WebOption]
    }

    struct Row: Encodable, Sendable {
        var name: String
        var href: String
        var emails: String
        var profile: String
        var tags: String
    }

    struct ListPage: Encodable, Sendable {
        var filters: [Filter]
        var q: String
        var rows: [Row]
        var isEmpty: Bool
        var nextHref: String?
    }

    struct TicketRow: Encodable, Sendable {
        var numberText: String
        var subject: String
        var href: String
        var status: String
        var updated: String
    }

    struct DetailPage: Encodable, Sendable {
        var id: String
        var name: String
        var emails: String
        var phones: String
        var organization: String
        var notes: String
        var tags: String
        var profile: [ProfileLine]
        var playbook: PlaybookPanel
        var tickets: [TicketRow]
        var hasTickets: Bool
        var canEdit: Bool
        var editors: [Filter]
        var problems: FormProblems
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("customers", use: list)
        routes.get("customers", ":id", use: show)
        routes.grouped(RequireRole(minimum: .agent)).post("customers", ":id", "profile", use: updateProfile)
    }

    static func dimensionOptions(_ dimension: ProfileDimension, selected: [String], none: String) -> [WebOption] {
        [WebOption(value: "", label: none, selected: selected.isEmpty)]
            + dimension.allowedValues.map { WebOption(value: $0, label: WebFormat.label($0), selected: selected.contains($0)) }
    }

    func list(req: Request) async throws -> Response {
        let page = try await CustomersAPI().list(req: req)
        let filters = ProfileDimension.allCases.map { dimension in
            let selected = ((try? req.query.get(String.self, at: dimension.rawValue)) ?? "").split(separator: ",").map(String.init)
            return Filter(name: dimension.rawValue, label: WebFormat.label(dimension.rawValue), options: Self.dimensionOptions(dimension, selected: selected, none: "Any"))
        }
        let rows = page.items.map { customer in
            Row(name: customer.name, href: "/customers/\(customer.id)", emails: customer.emails.joined(separator: ", "),
                profile: ProfileLine.lines(customer).filter { $0.value != "Not set" && $0.value != "—" }.map { "\($0.label): \($0.value)" }.joined(separator: " · "),
                tags: customer.tags.joined(separator: ", "))
        }
        var nextHref: String?
        if let cursor = page.nextCursor {
            var components = URLComponents()
            components.path = "/customers"
            components.queryItems = (URLComponents(string: req.url.string)?.queryItems ?? []).filter { $0.name != "cursor" } + [URLQueryItem(name: "cursor", value: cursor)]
            nextHref = components.string
        }
        return try await req.renderPage("customers/index", title: "Customers", section: "customers",
            ListPage(filters: filters, q: (try? req.query.get(String.self, at: "q")) ?? "", rows: rows, isEmpty: rows.isEmpty, nextHref: nextHref))
    }

    func show(req: Request) async throws -> Response {
        try await render(req, problems: .none, status: .ok)
    }

    private func render(_ req: Request, problems: FormProblems, status: HTTPStatus) async throws -> Response {
        let customer = try await CustomersAPI().show(req: req)
        let playbook = try await PlaybookPanel.load(customerID: customer.id, req: req)
        var filter = TicketFilter()
        filter.requesterID = customer.id
        let (tickets, _) = try await req.tickets.list(filter, sort: .updatedDescending, limit: 50, after: nil)
        var organization = "—"
        if let organizationID = customer.organizationID {
            organization = try await req.callAPI(.GET, parameters: ["id": organizationID.uuidString], OrganizationsAPI().show).name
        }
        let profile = customer.profile
        func values(_ value: ProfileValueResponse?) -> [String] { value.map { [$0.value] } ?? [] }
        let editors: [Filter] = [
            Filter(name: "lifecycle", label: "Lifecycle", options: Self.dimensionOptions(.lifecycle, selected: values(profile.lifecycle), none: "Not set")),
            Filter(name: "communication_styles", label: "Communication styles", options: ProfileDimension.communicationStyle.allowedValues.map { value in
                WebOption(value: value, label: WebFormat.label(value), selected: profile.communicationStyles.contains { $0.value == value })
            }),
            Filter(name: "shopper_type", label: "Shopper type", options: Self.dimensionOptions(.shopperType, selected: values(profile.shopperType), none: "Not set")),
            Filter(name: "relationship", label: "Relationship", options: Self.dimensionOptions(.relationship, selected: values(profile.relationship), none: "Not set")),
            Filter(name: "value_tier", label: "Value tier", options: Self.dimensionOptions(.valueTier, selected: values(profile.valueTier), none: "Not set")),
            Filter(name: "buying_role", label: "Buying role", options: Self.dimensionOptions(.buyingRole, selected: customer.buyingRole.map { [$0.rawValue] } ?? [], none: "Not set")),
        ]
        let page = DetailPage(
            id: customer.id.uuidString, name: customer.name, emails: customer.emails.joined(separator: ", "), phones: customer.phones.joined(separator: ", "),
            organization: organization, notes: customer.notes ?? "", tags: customer.tags.joined(separator: ", "),
            profile: ProfileLine.lines(customer), playbook: playbook,
            tickets: tickets.map {
                TicketRow(numberText: "#\($0.number)", subject: $0.subject, href: "/tickets/\($0.id!)", status: WebFormat.label($0.status.rawValue), updated: WebFormat.time($0.updatedAt))
            },
            hasTickets: !tickets.isEmpty, canEdit: try req.actor.role >= .agent, editors: editors, problems: problems)
        return try await req.renderPage("customers/show", title: customer.name, section: "customers", page, status: status)
    }

    /// The profile form, sent to PATCH /api/v1/customers/{id} as the agent's own judgement.
    func updateProfile(req: Request) async throws -> Response {
        let id = try req.requireUUID("id")
        func single(_ name: String) -> JSONValue { req.formText(name).map { .string($0) } ?? .null }
        let profile: JSONValue = .object([
            ("lifecycle", single("lifecycle")), ("shopper_type", single("shopper_type")), ("relationship", single("relationship")),
            ("value_tier", single("value_tier")), ("communication_styles", .array(req.formList("communication_styles").map { .string($0) })),
        ])
        var fields: [(String, JSONValue)] = [("profile", profile), ("buying_role", single("buying_role"))]
        fields.append(("notes", single("notes")))
        do {
            _ = try await req.callAPI(.PATCH, json: .object(fields), CustomersAPI().update)
        } catch let error as APIError where error.status == .unprocessableEntity || error.status == .conflict {
            return try await render(req, problems: FormProblems(error), status: error.status)
        }
        return req.redirect(to: "/customers/\(id)?notice=updated", redirectType: .normal)
    }
}
