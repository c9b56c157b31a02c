import Fluent
import Foundation
import RapportCore
import Vapor

/// Everything the ticket page shows, display-ready. Loaded with a fixed number of queries whatever the
/// ticket's length: the ticket, its messages (with attachments, deliveries and mail parts), events,
/// follow-ups, the workspace's users and teams, the requester and their playbook, and the macros.
struct TicketShowPage: Encodable, Sendable {
    struct Message: Encodable, Sendable {
        var id: String
        var kindClass: String
        var badge: String
        var author: String
        var at: String
        var body: String
        var isInternal: Bool
        var quoted: String?
        var signature: String?
        var html: String?
        var delivery: String?
        var attachments: [Attachment]
        var hasAttachments: Bool
    }

    struct Attachment: Encodable, Sendable {
        var filename: String
        var href: String
        var size: String
    }

    struct Measure: Encodable, Sendable {
        var label: String
        var state: String
        var stateClass: String
        var due: String
        var relative: String
    }

    struct Event: Encodable, Sendable {
        var at: String
        var text: String
    }

    struct FollowUp: Encodable, Sendable {
        var kind: String
        var due: String
        var owner: String
        var note: String
        var done: Bool
    }

    var id: String
    var number: Int64
    var numberText: String
    var subject: String
    var version: String
    var liveURL: String
    var statusLabel: String
    var priorityLabel: String
    var channelLabel: String
    var assignee: String
    var team: String
    var tagsText: String
    var created: String
    var slaLabel: String
    var slaPolicy: String
    var slaClass: String
    var measures: [Measure]
    var hasMeasures: Bool
    var messages: [Message]
    var events: [Event]
    var followUps: [FollowUp]
    var hasFollowUps: Bool
    var customerName: String
    var customerHref: String
    var customerEmails: String
    var profile: [ProfileLine]
    var playbook: PlaybookPanel
    var canWrite: Bool
    var canReply: Bool
    var macros: [WebOption]
    var previewURL: String
    var statuses: [WebOption]
    var statusesAfter: [WebOption]
    var priorities: [WebOption]
    var kinds: [WebOption]
    var categories: [WebOption]
    var topics: [WebOption]
    var assignees: [WebOption]
    var teams: [WebOption]
    var problems: FormProblems = .none
    var draft: String = ""

    static func version(of ticket: Ticket) -> String {
        String(format: "%.6f", ticket.updatedAt.timeIntervalSince1970)
    }

    static func load(req: Request) async throws -> TicketShowPage {
        let actor = try req.actor
        let now = req.clock.now
        let store = try req.tickets
        let ticketResponse = try await TicketsAPI().show(req: req)
        let ticket = try await store.find(ticketResponse.id)
        let messages = try await TicketsAPI().messages(req: req).items
        let events = try await store.events(of: ticket.id!)
        let people = try req.people
        let users = try await people.users()
        let userNames = Dictionary(users.map { ($0.id!, $0.name) }, uniquingKeysWith: { first, _ in first })
        let teams = try await people.teams()
        let teamNames = Dictionary(teams.map { ($0.id!, $0.name) }, uniquingKeysWith: { first, _ in first })
        let customer = try await req.callAPI(.GET, parameters: ["id": ticket.requesterID.uuidString], CustomersAPI().show)
        let playbook = try await PlaybookPanel.load(customerID: ticket.requesterID, req: req)
        let followUps = try await FollowUpStore(db: req.db, workspaceID: actor.workspaceID).of(ticket: ticket.id!)
        let canWrite = actor.role >= .agent
        var policyName = "No SLA policy"
        if let policyID = ticket.slaPolicyID, let policy = try? await req.serviceLevelStore.policy(policyID) { policyName = policy.name }
        let macros = canWrite ? try await req.macros.list() : []

        let shownMessages = messages.map { message -> Message in
            let author: String = switch message.authorKind {
            case .agent: message.authorUserID.flatMap { userNames[$0] } ?? "Agent"
            case .customer: customer.name
            case .system: "Rapport"
            }
            let isInternal = message.visibility == .internal
            let badge = isInternal ? "Internal note" : message.kind != .message ? "Logged \(message.kind.rawValue)"
                : message.authorKind == .customer ? "From the customer" : "Public reply"
            let kindClass = isInternal ? "internal" : message.authorKind == .customer ? "customer" : "public"
            return Message(
                id: message.id.uuidString, kindClass: kindClass, badge: badge, author: author, at: WebFormat.time(message.createdAt),
                body: message.body, isInternal: isInternal, quoted: message.mail?.quoted, signature: message.mail?.signature,
                html: message.mail?.html, delivery: message.delivery.map { WebFormat.label($0.status.rawValue) },
                attachments: message.attachments.map {
                    Attachment(filename: $0.filename, href: "/tickets/\(ticket.id!)/attachments/\($0.id)", size: ByteCountFormatter.string(fromByteCount: $0.size, countStyle: .file))
                }, hasAttachments: !message.attachments.isEmpty)
        }
        let measures = ticket.sla.map {
            Measure(label: WebFormat.label($0.metric.rawValue), state: WebFormat.label($0.state.rawValue), stateClass: WebFormat.slaClass($0.state),
                due: WebFormat.time($0.dueAt), relative: WebFormat.relative($0.dueAt, now: now))
        }
        let shownEvents = events.reversed().map { event -> Event in
            let who = event.actorKind == .user ? event.actorID.flatMap { userNames[$0] } ?? "Someone" : WebFormat.label(event.actorKind.rawValue)
            var text = "\(who): \(WebFormat.label(event.action))"
            if let field = event.field { text += " · \(WebFormat.label(field))" }
            if let old = event.oldValue, event.field != nil, old.count < 60 { text += " from \(Self.readable(old, users: userNames, teams: teamNames))" }
            if let new = event.newValue, event.field != nil, new.count < 60 { text += " to \(Self.readable(new, users: userNames, teams: teamNames))" }
            return Event(at: WebFormat.time(event.at), text: text)
        }
        let agents = users.filter { $0.active && $0.role != .viewer }
        return TicketShowPage(
            id: ticket.id!.uuidString, number: ticket.number, numberText: "#\(ticket.number)", subject: ticket.subject, version: version(of: ticket),
            liveURL: "/tickets/\(ticket.id!)/live", statusLabel: WebFormat.label(ticket.status.rawValue),
            priorityLabel: WebFormat.label(ticket.priority.rawValue), channelLabel: WebFormat.label(ticket.channel.rawValue),
            assignee: ticket.assigneeID.flatMap { userNames[$0] } ?? "Unassigned", team: ticket.teamID.flatMap { teamNames[$0] } ?? "No team",
            tagsText: ticketResponse.tags.joined(separator: ", "), created: WebFormat.time(ticket.createdAt),
            slaLabel: ticket.slaState.map { WebFormat.label($0.rawValue) } ?? "No SLA policy", slaPolicy: policyName, slaClass: WebFormat.slaClass(ticket.slaState),
            measures: measures, hasMeasures: !measures.isEmpty, messages: shownMessages, events: shownEvents,
            followUps: followUps.map {
                FollowUp(kind: WebFormat.label($0.kind.rawValue), due: WebFormat.time($0.dueAt), owner: userNames[$0.ownerID] ?? "Someone",
                    note: $0.note ?? "", done: $0.doneAt != nil)
            },
            hasFollowUps: !followUps.isEmpty,
            customerName: customer.name, customerHref: "/customers/\(customer.id)", customerEmails: customer.emails.joined(separator: ", "),
            profile: ProfileLine.lines(customer), playbook: playbook, canWrite: canWrite, canReply: canWrite && ticket.status != .closed,
            macros: macros.map { WebOption(value: $0.id!.uuidString, label: $0.name, selected: false) },
            previewURL: "/tickets/\(ticket.id!)/macros/MACRO/preview",
            statuses: WebOption.all(TicketStatus.self, selected: ticket.status.rawValue),
            statusesAfter: [WebOption(value: "", label: "Keep the status as the reply leaves it", selected: true)]
                + [TicketStatus.open, .pending, .onHold, .solved].map { WebOption(value: $0.rawValue, label: "Then set " + WebFormat.label($0.rawValue), selected: false) },
            priorities: WebOption.all(TicketPriority.self, selected: ticket.priority.rawValue),
            kinds: WebOption.all(TicketKind.self, selected: ticket.kind.rawValue),
            categories: WebOption.all(ComplaintCategory.self, selected: ticket.category?.rawValue, none: "No category"),
            topics: WebOption.all(TicketTopic.self, selected: ticket.topic?.rawValue, none: "No topic"),
            assignees: [WebOption(value: "", label: "Unassigned", selected: ticket.assigneeID == nil)]
                + agents.map { WebOption(value: $0.id!.uuidString, label: $0.name, selected: $0.id == ticket.assigneeID) },
            teams: [WebOption(value: "", label: "No team", selected: ticket.teamID == nil)]
                + teams.map { WebOption(value: $0.id!.uuidString, label: $0.name, selected: $0.id == ticket.teamID) })
    }

    /// Ids in the history become names; words become labels.
    private static func readable(_ value: String, users: [UUID: String], teams: [UUID: String]) -> String {
        if let id = UUID(uuidString: value) { return users[id] ?? teams[id] ?? "another record" }
        return WebFormat.label(value)
    }
}
