import Fluent
import Foundation
import RapportCore
import Vapor

/// The customer portal, `/portal/{workspace}/...`: a customer signs in by a link mailed to them (no
/// password), sends requests through a web form (channel `web`), sees only their own tickets and only
/// their public messages, replies and attaches files. Writes go through `TicketService` like every other.
struct PortalPages: RouteCollection {
    struct HomePage: Encodable, Sendable {
        var signedIn: Bool
        var base: String
        var tickets: [TicketRow]
        var hasTickets: Bool
        var problems: FormProblems
    }

    struct TicketRow: Encodable, Sendable {
        var numberText: String
        var subject: String
        var href: String
        var status: String
        var updated: String
    }

    struct LinkPage: Encodable, Sendable {
        var base: String
        var token: String
        var live: Bool
    }

    struct NewRequestPage: Encodable, Sendable {
        var base: String
        var subject: String
        var body: String
        var problems: FormProblems
    }

    struct Message: Encodable, Sendable {
        var author: String
        var fromUs: Bool
        var at: String
        var body: String
        var attachments: [TicketShowPage.Attachment]
        var hasAttachments: Bool
    }

    struct TicketPage: Encodable, Sendable {
        var base: String
        var id: String
        var numberText: String
        var subject: String
        var status: String
        var messages: [Message]
        var canReply: Bool
        var problems: FormProblems
    }

    func boot(routes: any RoutesBuilder) throws {
        let portal = routes.grouped("portal", ":workspace")
        portal.get(use: home)
        portal.post("sign-in", use: sendLink)
        portal.get("link", ":token", use: linkForm)
        portal.post("link", ":token", use: redeemLink)
        portal.post("sign-out", use: signOut)
        portal.get("requests", "new", use: { req in try await newRequestForm(req, subject: "", body: "", problems: .none, status: .ok) })
        portal.on(.POST, "requests", body: .collect(maxSize: "40mb"), use: createRequest)
        portal.get("tickets", ":id", use: { req in try await ticket(req, problems: .none, status: .ok) })
        portal.get("tickets", ":id", "attachments", ":attachment", use: attachment)
        portal.on(.POST, "tickets", ":id", "reply", body: .collect(maxSize: "40mb"), use: reply)
    }

    // MARK: Who is here

    private func workspace(_ req: Request) async throws -> Workspace {
        guard let slug = req.parameters.get("workspace"),
            let workspace = try await Workspace.query(on: req.db).filter(\.$slug == slug).first()
        else { throw APIError.notFound("help centre") }
        return workspace
    }

    /// The signed-in customer of this workspace, or nil (a session of another workspace counts as none).
    private func visitor(_ req: Request, in workspace: Workspace) -> PortalVisitor? {
        guard let visitor = req.web.visitor, visitor.workspaceID == workspace.id else { return nil }
        return visitor
    }

    private func requireVisitor(_ req: Request) async throws -> (Workspace, PortalVisitor) {
        let workspace = try await workspace(req)
        guard let visitor = visitor(req, in: workspace) else { throw APIError(.unauthorized, code: "unauthenticated", message: "Sign in to the help centre first.") }
        return (workspace, visitor)
    }

    private func layout(_ req: Request, workspace: Workspace, title: String) -> WebLayout {
        let visitor = visitor(req, in: workspace)
        return WebLayout(
            title: title, csrf: req.web.csrfToken, userName: visitor?.name, roleLabel: nil, nav: [], search: "",
            notice: (try? req.query.get(String.self, at: "notice")).flatMap { WebNotice.texts[$0] }, area: "portal",
            portalHome: "/portal/\(workspace.slug)")
    }

    // MARK: Sign-in by link

    func home(req: Request) async throws -> Response {
        let workspace = try await workspace(req)
        let base = "/portal/\(workspace.slug)"
        var rows: [TicketRow] = []
        if let visitor = visitor(req, in: workspace) {
            var filter = TicketFilter()
            filter.requesterID = visitor.customerID
            let (tickets, _) = try await TicketStore(db: req.db, workspaceID: workspace.id!).list(filter, sort: .updatedDescending, limit: 100, after: nil)
            rows = tickets.map {
                TicketRow(numberText: "#\($0.number)", subject: $0.subject, href: "\(base)/tickets/\($0.id!)", status: WebFormat.label($0.status.rawValue),
                    updated: WebFormat.time($0.updatedAt))
            }
        }
        return try await req.renderPage("portal/home", layout: layout(req, workspace: workspace, title: workspace.name),
            HomePage(signedIn: visitor(req, in: workspace) != nil, base: base, tickets: rows, hasTickets: !rows.isEmpty, problems: .none))
    }

    /// Mails a sign-in link when the address is a customer's; the answer never says whether it is.
    func sendLink(req: Request) async throws -> Response {
        let workspace = try await workspace(req)
        let email = EmailAddress.normalize(req.formText("email") ?? "")
        guard EmailAddress.isValid(email) else {
            return try await req.renderPage("portal/home", layout: layout(req, workspace: workspace, title: workspace.name),
                HomePage(signedIn: false, base: "/portal/\(workspace.slug)", tickets: [], hasTickets: false,
                    problems: FormProblems(summary: "Please correct these fields:", fields: ["email": "is not an email address"])),
                status: .unprocessableEntity)
        }
        let store = CustomerStore(db: req.db, workspaceID: workspace.id!)
        if let customerID = try await store.owners(ofEmails: [email])[email] {
            let customer = try await store.find(customerID, includeArchived: false)
            let secret = try await WebSessionStore(db: req.db).issueLink(.portal, workspaceID: workspace.id!, userID: nil, customerID: customerID, now: req.clock.now)
            let link = "\(req.publicBaseURL)/portal/\(workspace.slug)/link/\(secret)"
            try await WebMail.send(
                to: email, name: customer.name, subject: "Your sign-in link for \(workspace.name)",
                text: "Hello \(customer.name),\n\nopen this link within 30 minutes to see your requests with \(workspace.name):\n\n\(link)\n\nThe link works once. If you did not ask for it, ignore this mail.",
                workspaceID: workspace.id!, req: req)
        }
        return req.redirect(to: "/portal/\(workspace.slug)?notice=link_sent", redirectType: .normal)
    }

    /// The link shows a button rather than signing in on GET, so that a mail scanner opening it does not use it up.
    func linkForm(req: Request) async throws -> Response {
        let workspace = try await workspace(req)
        let token = req.parameters.get("token") ?? ""
        let live = try await WebSessionStore(db: req.db).linkIsLive(.portal, secret: token, now: req.clock.now)
        return try await req.renderPage("portal/link", layout: layout(req, workspace: workspace, title: "Sign in"),
            LinkPage(base: "/portal/\(workspace.slug)", token: token, live: live), status: live ? .ok : .gone)
    }

    func redeemLink(req: Request) async throws -> Response {
        let workspace = try await workspace(req)
        let token = req.parameters.get("token") ?? ""
        let store = WebSessionStore(db: req.db)
        guard let link = try await store.redeemLink(.portal, secret: token, now: req.clock.now), link.workspaceID == workspace.id,
            let customerID = link.customerID
        else {
            return try await req.renderPage("portal/link", layout: layout(req, workspace: workspace, title: "Sign in"),
                LinkPage(base: "/portal/\(workspace.slug)", token: token, live: false), status: .gone)
        }
        let secret = try await store.start(.customer, workspaceID: workspace.id!, userID: nil, customerID: customerID, now: req.clock.now)
        let response = req.redirect(to: "/portal/\(workspace.slug)", redirectType: .normal)
        response.cookies[WebCookies.customer] = WebCookies.value(secret, maxAge: WebSessionStore.customerLifetime, path: "/portal")
        return response
    }

    func signOut(req: Request) async throws -> Response {
        let workspace = try await workspace(req)
        if let secret = req.web.sessionSecret { try await WebSessionStore(db: req.db).end(secret: secret) }
        let response = req.redirect(to: "/portal/\(workspace.slug)", redirectType: .normal)
        response.cookies[WebCookies.customer] = WebCookies.expired(path: "/portal")
        return response
    }

    // MARK: Requests and tickets

    private func service(_ req: Request, workspace: Workspace, visitor: PortalVisitor) -> TicketService {
        TicketService(
            workspaceID: workspace.id!, actor: EventActor(kind: .customer, id: visitor.customerID), now: req.clock.now, reader: req.db,
            writes: req.writes, serviceLevels: req.application.serviceLevels, automations: req.application.automations, siteURL: req.publicBaseURL)
    }

    func newRequestForm(_ req: Request, subject: String, body: String, problems: FormProblems, status: HTTPStatus) async throws -> Response {
        let (workspace, _) = try await requireVisitor(req)
        return try await req.renderPage("portal/new", layout: layout(req, workspace: workspace, title: "New request"),
            NewRequestPage(base: "/portal/\(workspace.slug)", subject: subject, body: body, problems: problems), status: status)
    }

    /// The files of a form, stored as the API stores attachments.
    private func files(_ req: Request) throws -> [StoredFile] {
        let files = ((try? req.content.get([File].self, at: "files")) ?? ((try? req.content.get(File.self, at: "files")).map { [$0] } ?? []))
            .filter { $0.data.readableBytes > 0 }
        return try req.application.attachments.save(files.map {
            AttachmentInput(filename: $0.filename, mediaType: $0.contentType?.serialize(), content: Data($0.data.readableBytesView).base64EncodedString())
        })
    }

    func createRequest(req: Request) async throws -> Response {
        let (workspace, visitor) = try await requireVisitor(req)
        let subject = req.formText("subject") ?? ""
        let body = req.formText("body") ?? ""
        var errors = FieldErrors()
        let checkedSubject = errors.requireText("subject", subject, maxLength: 300)
        let checkedBody = errors.requireText("message", body, maxLength: 100_000)
        if !errors.isEmpty {
            return try await newRequestForm(req, subject: subject, body: body,
                problems: FormProblems(summary: "Please correct these fields:", fields: errors.messages), status: .unprocessableEntity)
        }
        var changes = TicketChanges()
        changes.subject = checkedSubject
        changes.channel = .web
        let message = NewMessage(authorKind: .customer, authorCustomerID: visitor.customerID, body: checkedBody, attachments: try files(req))
        let (ticket, _) = try await service(req, workspace: workspace, visitor: visitor).create(changes, requesterID: visitor.customerID, message: message)
        return req.redirect(to: "/portal/\(workspace.slug)/tickets/\(ticket.id!)?notice=request_sent", redirectType: .normal)
    }

    /// The visitor's own ticket; anyone else's answers 404, as a missing one does.
    private func ownTicket(_ req: Request, workspace: Workspace, visitor: PortalVisitor) async throws -> Ticket {
        let ticket = try await TicketStore(db: req.db, workspaceID: workspace.id!).find(try req.requireUUID("id"))
        guard ticket.requesterID == visitor.customerID else { throw APIError.notFound("ticket") }
        return ticket
    }

    func ticket(_ req: Request, problems: FormProblems, status: HTTPStatus) async throws -> Response {
        let (workspace, visitor) = try await requireVisitor(req)
        let ticket = try await ownTicket(req, workspace: workspace, visitor: visitor)
        let store = TicketStore(db: req.db, workspaceID: workspace.id!)
        let messages = try await store.messages(of: ticket.id!, includeInternal: false).filter { $0.visibility == .public }
        let attachments = try await store.attachments(ofMessages: messages.map { $0.id! })
        let base = "/portal/\(workspace.slug)"
        let shown = messages.map { message in
            let files = attachments[message.id!] ?? []
            return Message(
                author: message.authorKind == .customer ? "You" : workspace.name, fromUs: message.authorKind != .customer,
                at: WebFormat.time(message.createdAt), body: message.body,
                attachments: files.map {
                    TicketShowPage.Attachment(filename: $0.filename, href: "\(base)/tickets/\(ticket.id!)/attachments/\($0.id!)",
                        size: ByteCountFormatter.string(fromByteCount: $0.size, countStyle: .file))
                }, hasAttachments: !files.isEmpty)
        }
        return try await req.renderPage("portal/ticket", layout: layout(req, workspace: workspace, title: ticket.subject),
            TicketPage(base: base, id: ticket.id!.uuidString, numberText: "#\(ticket.number)", subject: ticket.subject,
                status: WebFormat.label(ticket.status.rawValue), messages: shown, canReply: ticket.status != .closed, problems: problems),
            status: status)
    }

    func attachment(req: Request) async throws -> Response {
        let (workspace, visitor) = try await requireVisitor(req)
        let ticket = try await ownTicket(req, workspace: workspace, visitor: visitor)
        let store = TicketStore(db: req.db, workspaceID: workspace.id!)
        let file = try await store.attachment(try req.requireUUID("attachment"), ticket: ticket.id!)
        // Only attachments of public messages are the customer's to download.
        let visible = try await store.messages(of: ticket.id!, includeInternal: false).contains { $0.id == file.messageID && $0.visibility == .public }
        guard visible else { throw APIError.notFound("attachment") }
        let response = try await req.fileio.asyncStreamFile(at: req.application.attachments.path(for: file.sha256))
        response.headers.replaceOrAdd(name: .contentType, value: file.mediaType)
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(file.filename.replacingOccurrences(of: "\"", with: ""))\"")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        return response
    }

    func reply(req: Request) async throws -> Response {
        let (workspace, visitor) = try await requireVisitor(req)
        let ticket = try await ownTicket(req, workspace: workspace, visitor: visitor)
        let body = req.formText("body") ?? ""
        let stored = try files(req)
        if body.isEmpty && stored.isEmpty {
            return try await self.ticket(req, problems: FormProblems(summary: "Please correct these fields:", fields: ["message": "is required"]),
                status: .unprocessableEntity)
        }
        let message = NewMessage(authorKind: .customer, authorCustomerID: visitor.customerID, body: body, attachments: stored)
        _ = try await service(req, workspace: workspace, visitor: visitor).addMessage(to: ticket.id!, message, status: nil)
        return req.redirect(to: "/portal/\(workspace.slug)/tickets/\(ticket.id!)?notice=replied", redirectType: .normal)
    }
}
