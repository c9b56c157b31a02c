import Foundation
import Leaf
import RapportCore
import Vapor

/// What the base layout (Views/layout/base.leaf) shows around every page: the signed-in user, the
/// navigation for their role, the search box, the CSRF token for forms and a notice after a redirect.
/// A new page renders through `Request.renderPage`, and a new section adds one entry to `WebNav.sections`.
struct WebLayout: Encodable, Sendable {
    var title: String
    var csrf: String
    var userName: String?
    var roleLabel: String?
    var nav: [WebNav.Link]
    var search: String
    var notice: String?
    /// "staff", "portal" or "public": which header the layout draws.
    var area: String
    /// The portal's sign-out and home links carry the workspace.
    var portalHome: String?
}

/// A page: the layout's values and the page's own.
struct WebPage<Content: Encodable & Sendable>: Encodable, Sendable {
    var layout: WebLayout
    var page: Content
}

/// The top navigation. Each section names the role it needs, so nobody sees a link that would answer 403.
enum WebNav {
    struct Link: Encodable, Sendable {
        var label: String
        var href: String
        var current: Bool
    }

    struct Section: Sendable {
        var id: String
        var label: String
        var href: String
        var minimum: Role
    }

    static let sections: [Section] = [
        Section(id: "inbox", label: "Inbox", href: "/", minimum: .viewer),
        Section(id: "customers", label: "Customers", href: "/customers", minimum: .viewer),
        Section(id: "dashboard", label: "Dashboard", href: "/dashboard", minimum: .agent),
        Section(id: "feedback", label: "Feedback", href: "/feedback", minimum: .agent),
        Section(id: "reports", label: "Reports", href: "/reports", minimum: .viewer),
        Section(id: "admin", label: "Admin", href: "/admin", minimum: .admin),
    ]

    static func links(for role: Role?, current: String) -> [Link] {
        guard let role else { return [] }
        return sections.filter { role >= $0.minimum }.map { Link(label: $0.label, href: $0.href, current: $0.id == current) }
    }
}

/// Fixed texts shown after a redirect (`?notice=`): a page never echoes text from the address bar.
enum WebNotice {
    static let texts: [String: String] = [
        "signed_out": "You are signed out.",
        "reset_sent": "If that address belongs to an account, we have sent it a link to choose a new password. The link works once, for an hour.",
        "password_changed": "Your password is changed. Sign in with it now.",
        "link_sent": "If that address belongs to a customer, we have sent a sign-in link to it. The link works once, for 30 minutes.",
        "replied": "Your reply is added.",
        "updated": "Saved.",
        "bulk_done": "The selected tickets are updated.",
        "macro_applied": "The macro is applied.",
        "created": "Created.",
        "deleted": "Deleted.",
        "reset": "The entry is back to Rapport's default.",
        "request_sent": "Thank you: your request is sent. We will answer by email and here.",
    ]
}

extension Request {
    /// Renders `template` inside the base layout. `section` marks the current navigation entry.
    func renderPage<Content: Encodable & Sendable>(
        _ template: String, title: String, section: String = "", _ page: Content, status: HTTPStatus = .ok
    ) async throws -> Response {
        let actor = signedInActor
        let layout = WebLayout(
            title: title, csrf: web.csrfToken, userName: actor?.name, roleLabel: actor.map { $0.role.rawValue.capitalized },
            nav: WebNav.links(for: actor?.role, current: section), search: (try? query.get(String.self, at: "q")) ?? "",
            notice: (try? query.get(String.self, at: "notice")).flatMap { WebNotice.texts[$0] },
            area: actor != nil ? "staff" : "public", portalHome: nil)
        return try await renderPage(template, layout: layout, page, status: status)
    }

    func renderPage<Content: Encodable & Sendable>(_ template: String, layout: WebLayout, _ page: Content, status: HTTPStatus = .ok) async throws -> Response {
        let view = try await self.view.render(template, WebPage(layout: layout, page: page))
        let response = try await view.encodeResponse(status: status, for: self)
        WebHeaders.add(to: response)
        return response
    }

    /// Runs an API handler with `json` as its body, as the same signed-in user, so that a form is
    /// judged by exactly the API's validation and rules. Path parameters carry over.
    func callAPI<Output>(
        _ method: HTTPMethod, json: JSONValue = .null, parameters overrides: [String: String] = [:], _ handler: (Request) async throws -> Output
    ) async throws -> Output {
        var headers = HTTPHeaders()
        headers.contentType = .json
        let body = ByteBuffer(bytes: Array(try JSONEncoder().encode(json)))
        let sub = Request(application: application, method: method, url: url, headers: headers, collectedBody: body,
            remoteAddress: remoteAddress, logger: logger, on: eventLoop)
        sub.parameters = parameters
        for (name, value) in overrides { sub.parameters.set(name, to: value) }
        if let actor = signedInActor { sub.signIn(actor) }
        return try await handler(sub)
    }

    /// A form field as trimmed text; nil when absent or empty.
    func formText(_ name: String) -> String? {
        guard let raw = try? content.get(String.self, at: name) else { return nil }
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Every value of a repeated form field (checkboxes, multiple selects).
    func formList(_ name: String) -> [String] {
        if let many = try? content.get([String].self, at: name) { return many.filter { !$0.isEmpty } }
        return formText(name).map { [$0] } ?? []
    }
}

/// Form errors of a 422, by field, for a page to show next to each control.
struct FormProblems: Encodable, Sendable {
    struct Item: Encodable, Sendable {
        var field: String
        var message: String
    }

    var summary: String?
    var items: [Item]

    static let none = FormProblems(summary: nil)

    init(summary: String?, fields: [String: String] = [:]) {
        self.summary = summary
        self.items = fields.sorted { $0.key < $1.key }.map { Item(field: $0.key.replacingOccurrences(of: "_", with: " "), message: $0.value) }
    }

    init(_ error: APIError) {
        self.init(summary: error.fields.isEmpty ? error.message : "Please correct these fields:", fields: error.fields)
    }
}
