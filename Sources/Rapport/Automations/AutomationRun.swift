import Fluent
import Foundation
import Logging
import RapportCore
import SQLKit

extension TicketService {
    /// Hands a change to the workspace's event rules. Called inside the write-queue job of the
    /// change; the rules run after the batch's inserts, in the same transaction (AutomationRun).
    /// `trigger` nil means: decided by the message (a customer message or an agent's public reply).
    func runAutomations(_ trigger: AutomationTrigger?, ticket: Ticket, message: TicketMessage?, batch: WriteBatch) async throws {
        guard let trigger = trigger ?? message.flatMap(AutomationTrigger.fired(by:)) else { return }
        let all: [AutomationRecord]
        if let automations { all = try await automations.rules(for: workspaceID, db: batch.db) } else {
            all = try await AutomationStore(db: batch.db, workspaceID: workspaceID).active()
        }
        let rules = all.filter { $0.trigger == trigger }
        guard !rules.isEmpty else { return }
        // Rules change a ticket only by firing, so when none holds for the ticket as this change left it,
        // none can fire in this pass: skip the work after the inserts. Tags and the profile are not at
        // hand here (the change's tags are not written yet), so rules that test them always go on.
        if rules.allSatisfy(\.conditions.needsOnlyTicketColumns) {
            let facts = AutomationFactsLoader.facts(ticket, tags: [], profile: [:], message: message?.body)
            guard rules.contains(where: { $0.conditions.matches(facts) }) else { return }
        }
        // Each change is its own occasion: a rule fires once per event, however often the ticket changes.
        let occasion = "\(trigger.rawValue):\(TimeOrderedID.make(now: now).uuidString)"
        let run = AutomationRun(workspaceID: workspaceID, now: now, writes: writes, serviceLevels: serviceLevels, siteURL: siteURL)
        let ticketID = ticket.id!
        let text = message?.body
        batch.afterInserts { batch in
            if let changed = await run.fire(rules, ticketID: ticketID, occasion: occasion, message: text, batch: batch) {
                ticket.takeRuleChanges(from: changed)
            }
        }
    }
}

extension AutomationTrigger {
    /// The trigger a new message fires: a customer's message, or an agent's public reply; notes fire none.
    static func fired(by message: TicketMessage) -> AutomationTrigger? {
        switch (message.authorKind, message.visibility) {
        case (.customer, _): .customerMessage
        case (.agent, .public): .agentReply
        default: nil
        }
    }
}

/// Runs rules on one ticket inside a write-queue transaction.
///
/// Loops: rules see the ticket as the rules before them (in position order) left it, and what
/// rules change never triggers rules again: one pass per change. Exactly once: each firing claims
/// a row keyed by (rule, ticket, occasion) before acting, in the same transaction as its actions.
/// A rule that fails (an assignee since deactivated, a closed ticket) is undone alone and logged;
/// it never blocks the change that triggered it.
struct AutomationRun: Sendable {
    let workspaceID: UUID
    let now: Date
    let writes: WriteQueue
    let serviceLevels: ServiceLevelCache
    /// Where links in the mail that rules cause point (CSAT surveys).
    var siteURL: String? = nil
    private static let logger = Logger(label: "rapport.automations")

    /// Fires the rules whose conditions hold; returns the ticket as the rules left it, or nil if none fired.
    func fire(_ rules: [AutomationRecord], ticketID: UUID, occasion: String, message: String?, batch: WriteBatch) async -> Ticket? {
        let store = TicketStore(db: batch.db, workspaceID: workspaceID)
        var fired = false
        do {
            var ticket = try await store.find(ticketID)
            var details = try await store.details(of: [ticketID])[ticketID] ?? TicketDetails()
            let customer = try await AutomationFactsLoader(db: batch.db, workspaceID: workspaceID).customer(ticket.requesterID)
            for rule in rules {
                let outcome = try await batch.inSavepoint {
                    let facts = AutomationFactsLoader.facts(ticket, tags: details.tags, profile: customer.profile, message: message)
                    guard rule.conditions.matches(facts) else { return false }
                    guard try await AutomationFirings.claim(
                        rule: rule.id.uuidString, automationID: rule.id, ticketID: ticketID, occasion: occasion,
                        workspaceID: workspaceID, at: now, batch: batch)
                    else { return false }
                    details = try await perform(rule, on: ticket, details: details, customerName: customer.name, batch: batch)
                    return true
                }
                switch outcome {
                case .success(let value): fired = fired || (value as? Bool ?? false)
                case .failure(let error):
                    Self.logger.error("automation failed", metadata: [
                        "automation": "\(rule.id)", "ticket": "\(ticketID)", "occasion": "\(occasion)", "error": "\(error)"])
                    // Its writes are undone; read the ticket as it is without them.
                    ticket = try await store.find(ticketID)
                    details = try await store.details(of: [ticketID])[ticketID] ?? TicketDetails()
                }
            }
            return fired ? ticket : nil
        } catch {
            Self.logger.error("automations could not run", metadata: ["ticket": "\(ticketID)", "error": "\(error)"])
            return nil
        }
    }

    /// Does a rule's actions, with the rule as the actor of every event they cause.
    private func perform(_ rule: AutomationRecord, on ticket: Ticket, details: TicketDetails, customerName: String, batch: WriteBatch) async throws -> TicketDetails {
        let actor = EventActor.rule(rule.id)
        let service = TicketService(workspaceID: workspaceID, actor: actor, now: now, reader: batch.db, writes: writes, serviceLevels: serviceLevels, siteURL: siteURL)
        var events = TicketEventLog(workspaceID: workspaceID, ticketID: ticket.id!, actor: actor, at: now)
        events.add("automation_fired", field: "automation", newValue: rule.name)
        let placeholders = ["customer_name": customerName, "ticket_number": String(ticket.number), "ticket_subject": ticket.subject]

        var changes = TicketChanges()
        var reply: String?
        for action in rule.actions {
            switch action.type {
            case .assignUser: changes.assigneeID = action.userID.map { .set($0) } ?? .keep
            case .assignTeam: changes.teamID = action.teamID.map { .set($0) } ?? .keep
            case .addTag:
                guard let tag = action.tag else { continue }
                changes.removeTags.removeAll { $0 == tag }
                changes.addTags.append(tag)
            case .removeTag:
                guard let tag = action.tag else { continue }
                changes.addTags.removeAll { $0 == tag }
                changes.removeTags.append(tag)
            case .setPriority: changes.priority = action.priority
            case .setStatus: changes.status = action.status
            case .sendReply: reply = action.text.map { AutomationTemplate.render($0, values: placeholders) }
            case .addFollowUp, .notify: break
            }
        }
        if !changes.isEmpty { try await TicketReferences(db: batch.db, workspaceID: workspaceID).check(changes) }
        let replyRow = reply.map { body in
            service.makeMessage(NewMessage(kind: .message, visibility: .public, authorKind: .system, body: body), ticketID: ticket.id!)
        }
        if let replyRow { events.add("message_added", newValue: replyRow.id!.uuidString) }
        var result = details
        if !changes.isEmpty || replyRow != nil {
            let policies = try await serviceLevels.policies(for: workspaceID, db: batch.db)
            result = try await service.apply(changes, to: ticket, details: details, events: &events, policies: policies, batch: batch, newMessage: replyRow)
        }
        if let replyRow {
            batch.insert(into: TicketMessage.schema, columns: TicketMessage.columns, values: replyRow.columnValues)
            try await TicketSearchIndex.index(message: replyRow, batch: batch)
        }
        // Follow-ups and notifications go to the ticket as the changes above left it.
        for action in rule.actions {
            switch action.type {
            case .addFollowUp:
                guard let kind = action.followUpKind, let owner = action.userID ?? ticket.assigneeID else {
                    events.add("automation_skipped", field: "add_follow_up", newValue: "the ticket has no assignee to own the follow-up")
                    continue
                }
                let followUp = FollowUpRow(
                    workspaceID: workspaceID, ticketID: ticket.id!, kind: kind, note: action.note,
                    dueAt: now.addingTimeInterval((action.dueInHours ?? 0) * 3600), ownerID: owner, createdBy: nil, at: now)
                followUp.insert(into: batch, events: &events, ticketNumber: ticket.number)
            case .notify:
                let users = try await recipients(of: action, ticket: ticket, db: batch.db)
                let text = AutomationTemplate.render(action.text ?? rule.name, values: placeholders)
                for user in users {
                    Notifications.add(NotificationRow(workspaceID: workspaceID, userID: user, ticketID: ticket.id!, kind: .automation, text: text, at: now), to: batch)
                }
                events.add("notified", field: action.target?.rawValue, newValue: users.map(\.uuidString).joined(separator: ","))
            default: break
            }
        }
        events.insert(into: batch)
        return result
    }

    private func recipients(of action: AutomationAction, ticket: Ticket, db: any Database) async throws -> [UUID] {
        switch action.target {
        case .assignee: return ticket.assigneeID.map { [$0] } ?? []
        case .user: return action.userID.map { [$0] } ?? []
        case .team:
            guard let team = action.teamID else { return [] }
            return try await (db as! any SQLDatabase).select().column("user_id").from("team_memberships")
                .where("workspace_id", .equal, workspaceID).where("team_id", .equal, team).all()
                .map { try $0.decode(column: "user_id", as: UUID.self) }
        case nil: return []
        }
    }
}

/// The exactly-once ledger: a rule claims (rule, ticket, occasion) before it acts.
enum AutomationFirings {
    /// Whether the occasion was claimed already: a cheap read that spares a repeated run the work.
    static func claimed(rule: String, ticketID: UUID, occasion: String, batch: WriteBatch) async throws -> Bool {
        try await batch.sql.select().column("id").from("automation_firings")
            .where("rule", .equal, rule).where("ticket_id", .equal, ticketID).where("occasion", .equal, occasion).first() != nil
    }

    /// True if this call claimed the occasion; false if a run before it (or on another node) already did.
    static func claim(rule: String, automationID: UUID?, ticketID: UUID, occasion: String, workspaceID: UUID, at now: Date, batch: WriteBatch) async throws -> Bool {
        let row = try await batch.sql.insert(into: "automation_firings")
            .columns("id", "workspace_id", "rule", "automation_id", "ticket_id", "occasion", "fired_at")
            .values(SQLBind(TimeOrderedID.make(now: now)), SQLBind(workspaceID), SQLBind(rule), SQLBind(automationID), SQLBind(ticketID), SQLBind(occasion), SQLBind(now))
            .ignoringConflicts(with: ["rule", "ticket_id", "occasion"])
            .returning("id").first()
        return row != nil
    }
}

extension Ticket {
    /// Takes what rules may change from the ticket they changed, so the caller answers with it.
    func takeRuleChanges(from other: Ticket) {
        status = other.status
        unsolved = other.unsolved
        priority = other.priority
        assigneeID = other.assigneeID
        teamID = other.teamID
        solvedAt = other.solvedAt
        slaPolicyID = other.slaPolicyID
        sla = other.sla
        slaState = other.slaState
        slaDueAt = other.slaDueAt
        slaCheckAt = other.slaCheckAt
        updatedAt = other.updatedAt
    }
}
