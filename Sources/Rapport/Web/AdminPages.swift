import Foundation
import RapportCore
import Vapor

/// `/admin/...`: SLA policies and business hours, users, teams and macros here; skills, automations,
/// playbooks, support addresses and outbound mail in the `AdminPages+*.swift` files. Each list and each
/// form goes through the API's handler for it; the whole area needs the admin role, as the API's writes do.
struct AdminPages: RouteCollection {
    struct Row: Encodable, Sendable {
        var cells: [String]
    }

    struct Table: Encodable, Sendable {
        var headings: [String]
        var rows: [Row]
    }

    struct AdminPage: Encodable, Sendable {
        var heading: String
        var intro: String
        var table: Table
        var form: String
        var problems: FormProblems
        var calendars: [WebOption]
        var priorities: [WebOption]
        var roles: [WebOption]
        var statuses: [WebOption]
    }

    func boot(routes: any RoutesBuilder) throws {
        let admin = routes.grouped("admin").grouped(RequireRole(minimum: .admin))
        admin.get(use: { req in req.redirect(to: "/admin/sla", redirectType: .normal) })
        admin.get("sla", use: { req in try await sla(req, problems: .none) })
        admin.post("sla", "policies", use: createPolicy)
        admin.post("sla", "calendars", use: createCalendar)
        admin.get("users", use: { req in try await users(req, problems: .none) })
        admin.post("users", use: createUser)
        admin.get("teams", use: { req in try await teams(req, problems: .none) })
        admin.post("teams", use: createTeam)
        admin.get("macros", use: { req in try await macros(req, problems: .none) })
        admin.post("macros", use: createMacro)
        bootSkills(admin)
        bootAutomations(admin)
        bootPlaybooks(admin)
        bootMail(admin)
    }

    private func page(_ heading: String, intro: String, table: Table, form: String, problems: FormProblems, calendars: [WebOption] = []) -> AdminPage {
        AdminPage(heading: heading, intro: intro, table: table, form: form, problems: problems, calendars: calendars,
            priorities: WebOption.all(TicketPriority.self, selected: nil), roles: WebOption.all(Role.self, selected: Role.agent.rawValue),
            statuses: WebOption.all(TicketStatus.self, selected: nil, none: "Leave the status"))
    }

    func render(_ req: Request, _ page: AdminPage, status: HTTPStatus) async throws -> Response {
        try await req.renderPage("admin/index", title: "Admin: \(page.heading)", section: "admin", page, status: status)
    }

    /// A form's 422 or 409 re-renders the page with the problems; anything else propagates.
    private func submit(_ req: Request, redisplay: (FormProblems) async throws -> Response, _ work: () async throws -> Void) async throws -> Response {
        try await submit(req, then: req.url.path.hasPrefix("/admin/sla") ? "/admin/sla?notice=created" : req.url.path + "?notice=created",
            redisplay: redisplay, work)
    }

    /// The same, redirecting (303) to `then` when the work succeeds.
    func submit(_ req: Request, then: String, redisplay: (FormProblems) async throws -> Response, _ work: () async throws -> Void) async throws -> Response {
        do {
            try await work()
        } catch let error as APIError where error.status == .unprocessableEntity || error.status == .conflict {
            let response = try await redisplay(FormProblems(error))
            response.status = error.status
            return response
        }
        return req.redirect(to: then, redirectType: .normal)
    }

    // MARK: SLA policies and business hours

    func sla(_ req: Request, problems: FormProblems) async throws -> Response {
        let calendars = try await ServiceLevelsAPI().listCalendars(req: req).items
        let policies = try await ServiceLevelsAPI().listPolicies(req: req).items
        let calendarNames = Dictionary(calendars.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        func minutes(_ value: Int?) -> String { value.map { "\($0) min" } ?? "—" }
        let table = Table(headings: ["Order", "Policy", "Applies to priorities", "First response", "Next response", "Resolution", "Business hours"],
            rows: policies.map {
                Row(cells: ["\($0.position + 1)", $0.name, $0.priorities.isEmpty ? "Any" : $0.priorities.map(WebFormat.label).joined(separator: ", "),
                    minutes($0.targets.firstResponseMinutes), minutes($0.targets.nextResponseMinutes), minutes($0.targets.resolutionMinutes),
                    $0.calendarID.flatMap { calendarNames[$0] } ?? "Around the clock"])
            } + calendars.map { Row(cells: ["", "Business hours: \($0.name)", "", "", "", "", "Time zone \($0.calendar.timeZone)"]) })
        let options = [WebOption(value: "", label: "Around the clock", selected: true)] + calendars.map { WebOption(value: $0.id.uuidString, label: $0.name, selected: false) }
        return try await render(req, page("SLA policies and business hours",
            intro: "The first policy (in this order) that matches a ticket's priority applies. A ticket takes a new policy when it is created or its priority changes.",
            table: table, form: "sla", problems: problems, calendars: options), status: .ok)
    }

    func createPolicy(req: Request) async throws -> Response {
        func number(_ name: String) -> JSONValue { req.formText(name).flatMap(Int.init).map { .number(Double($0)) } ?? .null }
        var fields: [(String, JSONValue)] = [
            ("name", .string(req.formText("name") ?? "")),
            ("priorities", .array(req.formList("priorities").map { .string($0) })),
            ("targets", .object([("first_response_minutes", number("first_response_minutes")), ("next_response_minutes", number("next_response_minutes")),
                                 ("resolution_minutes", number("resolution_minutes"))])),
        ]
        if req.formText("first") != nil { fields.append(("position", 0)) }
        if let calendar = req.formText("calendar_id") { fields.append(("calendar_id", .string(calendar))) }
        let first = req.formText("first") != nil
        return try await submit(req, redisplay: { try await sla(req, problems: $0) }) {
            let existing = first ? try await ServiceLevelsAPI().listPolicies(req: req).items : []
            _ = try await req.callAPI(.POST, json: .object(fields), ServiceLevelsAPI().createPolicy)
            // Position 0 can tie with a policy already there; "first" means before every existing one, so they move down.
            for policy in existing {
                _ = try await req.callAPI(.PATCH, json: .object([("position", .number(Double(policy.position + 1)))]),
                    parameters: ["id": policy.id.uuidString], ServiceLevelsAPI().updatePolicy)
            }
        }
    }

    func createCalendar(req: Request) async throws -> Response {
        let days = req.formList("weekdays")
        let start = req.formText("start") ?? "09:00", end = req.formText("end") ?? "17:00"
        let fields: [(String, JSONValue)] = [
            ("name", .string(req.formText("name") ?? "")), ("time_zone", .string(req.formText("time_zone") ?? "UTC")),
            ("weekly_hours", .array(days.map { .object([("weekday", .string($0)), ("start", .string(start)), ("end", .string(end))]) })),
        ]
        return try await submit(req, redisplay: { try await sla(req, problems: $0) }) {
            _ = try await req.callAPI(.POST, json: .object(fields), ServiceLevelsAPI().createCalendar)
        }
    }

    // MARK: Users, teams, macros

    func users(_ req: Request, problems: FormProblems) async throws -> Response {
        let users = try await UsersAPI().list(req: req).items
        let table = Table(headings: ["Name", "Email", "Role", "Active"],
            rows: users.map { Row(cells: [$0.name, $0.email, WebFormat.label($0.role.rawValue), $0.active ? "Yes" : "No"]) })
        return try await render(req, page("Users", intro: "People who sign in. Roles: viewer reads, agent works tickets, supervisor also edits macros, admin everything.",
            table: table, form: "users", problems: problems), status: .ok)
    }

    func createUser(req: Request) async throws -> Response {
        var fields: [(String, JSONValue)] = [
            ("name", .string(req.formText("name") ?? "")), ("email", .string(req.formText("email") ?? "")), ("role", .string(req.formText("role") ?? "")),
        ]
        if let password = try? req.content.get(String.self, at: "password"), !password.isEmpty { fields.append(("password", .string(password))) }
        return try await submit(req, redisplay: { try await users(req, problems: $0) }) {
            _ = try await req.callAPI(.POST, json: .object(fields), UsersAPI().create)
        }
    }

    func teams(_ req: Request, problems: FormProblems) async throws -> Response {
        let teams = try await TeamsAPI().list(req: req).items
        let table = Table(headings: ["Team", "Description", "Members"],
            rows: teams.map { Row(cells: [$0.name, $0.description ?? "", "\($0.memberIDs.count)"]) })
        return try await render(req, page("Teams", intro: "Groups of people who share a queue.", table: table, form: "teams", problems: problems), status: .ok)
    }

    func createTeam(req: Request) async throws -> Response {
        var fields: [(String, JSONValue)] = [("name", .string(req.formText("name") ?? ""))]
        if let description = req.formText("description") { fields.append(("description", .string(description))) }
        return try await submit(req, redisplay: { try await teams(req, problems: $0) }) {
            _ = try await req.callAPI(.POST, json: .object(fields), TeamsAPI().create)
        }
    }

    func macros(_ req: Request, problems: FormProblems) async throws -> Response {
        let macros = try await MacrosAPI().list(req: req).items
        let table = Table(headings: ["Macro", "Reply", "Visibility", "Then set status"],
            rows: macros.map { Row(cells: [$0.name, String(($0.body ?? "").prefix(120)), WebFormat.label($0.visibility.rawValue), $0.actions.status.map(WebFormat.label) ?? "—"]) })
        return try await render(req, page("Macros", intro: "Canned replies with actions. Placeholders such as {{customer.first_name}} are filled in for each ticket.",
            table: table, form: "macros", problems: problems), status: .ok)
    }

    func createMacro(req: Request) async throws -> Response {
        var actions: [(String, JSONValue)] = []
        if let status = req.formText("status") { actions.append(("status", .string(status))) }
        var fields: [(String, JSONValue)] = [
            ("name", .string(req.formText("name") ?? "")), ("visibility", .string(req.formText("visibility") ?? "public")), ("actions", .object(actions)),
        ]
        if let body = req.formText("body") { fields.append(("body", .string(body))) }
        return try await submit(req, redisplay: { try await macros(req, problems: $0) }) {
            _ = try await req.callAPI(.POST, json: .object(fields), MacrosAPI().create)
        }
    }
}
