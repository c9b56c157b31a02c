import Fluent
import Foundation
import RapportCore
import SQLKit
import Vapor

/// The demo's conversations: tickets of every kind and channel over the last two weeks, made
/// through the same service the API uses, under office hours and SLA policies, so that views,
/// service levels, search and history all have something true to show.
struct DemoTickets {
    let app: Application
    let workspaceID: UUID
    let now: Date

    /// One kind of conversation the demo shop has.
    struct Scenario {
        var subject: String
        var kind: TicketKind
        var category: ComplaintCategory? = nil
        var topic: TicketTopic? = nil
        var product: String? = nil
        var channel: TicketChannel
        var priority: TicketPriority = .normal
        var customer: String
        var reply: String? = nil
        var status: TicketStatus
    }

    static let scenarios: [Scenario] = [
        Scenario(subject: "Where is my order #40213?", kind: .question, topic: .orderTracking, channel: .email,
                 customer: "I ordered the rattan lounge set ten days ago and the tracking page still says 'label created'. Can you check?",
                 reply: "I have checked with the carrier: the set left our warehouse this morning and should reach you on Thursday.", status: .solved),
        Scenario(subject: "Lawn mower stops after two minutes", kind: .complaint, category: .productDefect, product: "GreenCut 460 mower", channel: .phone,
                 priority: .high, customer: "The new mower cuts out after two minutes every time, even with a full tank. This is the second one.",
                 status: .open),
        Scenario(subject: "Refund for the returned parasol", kind: .request, topic: .returnRefund, product: "Cantilever parasol 3 m", channel: .web,
                 customer: "You received my parasol back on the 2nd. When will the refund reach my card?",
                 reply: "The refund was issued today; banks usually take three to five working days to show it.", status: .pending),
        Scenario(subject: "Which compost for tomatoes in pots?", kind: .question, topic: .advice, channel: .chat, priority: .low,
                 customer: "I grow tomatoes on a balcony. Which of your composts would you recommend, and how often should I feed them?",
                 reply: "Our peat-free container compost suits them well; add tomato feed weekly once the first truss sets.", status: .solved),
        Scenario(subject: "Delivery driver was rude", kind: .complaint, category: .rudeness, channel: .email,
                 customer: "The driver threw the boxes over the gate and shouted at my son when he asked for a signature. Unacceptable.",
                 status: .new),
        Scenario(subject: "Instalment plan for the greenhouse", kind: .request, topic: .payment, product: "Aluminium greenhouse 8x6", channel: .phone,
                 customer: "Can I pay the greenhouse in monthly instalments? I saw something about 0% finance on the website.",
                 reply: "Yes: twelve monthly payments at 0%. I have sent you the application link.", status: .pending),
        Scenario(subject: "Advert said the hose was 30 m, it is 20 m", kind: .complaint, category: .misleadingMarketing, product: "FlexiHose reel", channel: .social,
                 customer: "Your advert clearly says 30 metres. The hose in the box is 20. Feels like a con.", status: .open),
        Scenario(subject: "How do I winterise the pond pump?", kind: .question, topic: .maintenance, product: "AquaFlow 3000 pond pump", channel: .email,
                 priority: .low, customer: "First winter with the pump. Do I take it out of the pond or leave it running?",
                 reply: "Take it out before the first frost, clean the filter and store it in a bucket of water somewhere frost-free.", status: .solved),
        Scenario(subject: "Still waiting for a call back", kind: .complaint, category: .slowResponse, channel: .phone, priority: .high,
                 customer: "I was promised a call back on Monday about my broken bench. Nobody called. Third time I ask.", status: .open),
        Scenario(subject: "Charged twice for the same order", kind: .complaint, category: .serviceFailure, channel: .email, priority: .urgent,
                 customer: "My bank statement shows two payments of £349.00 for order 40877. Please refund one today.", status: .open),
        Scenario(subject: "Loyalty points missing", kind: .question, topic: .payment, channel: .web,
                 customer: "My last three orders did not add any loyalty points to my account.",
                 reply: "They were held by a sync error; I have added all 412 points by hand.", status: .solved),
        Scenario(subject: "Thank you for the quick help with my shed", kind: .feedback, topic: .praise, product: "Timber shed 6x4", channel: .letter,
                 priority: .low, customer: "Your fitter came out the same week and the shed is perfect. Please pass on my thanks.", status: .solved),
        Scenario(subject: "Barbecue lid hinge snapped", kind: .incident, topic: .maintenance, product: "Kettle barbecue 57 cm", channel: .inPerson,
                 customer: "Brought the lid into the store: the hinge snapped after one season. Is a spare part available?", status: .onHold),
        Scenario(subject: "Price dropped a day after I bought", kind: .complaint, category: .priceExploitation, product: "Robot mower R800", channel: .chat,
                 customer: "I paid £899 on Friday and it is £749 on Saturday. I want the difference back.", status: .pending),
        Scenario(subject: "Customer asked about trade accounts (raised by store staff)", kind: .request, topic: .advice, channel: .internal,
                 customer: "A landscaper in the Leeds store asked whether we offer trade accounts with monthly invoicing.", status: .new),
    ]

    /// Creates the demo's calendar, SLA policies and tickets.
    func seed(customers: [UUID], agents: [UUID], teams: [UUID]) async throws -> Int {
        let calendarID = TimeOrderedID.make(now: now)
        let levels = ServiceLevelStore(db: app.db, workspaceID: workspaceID)
        try await levels.insert(BusinessCalendarResponse(
            id: calendarID, name: "UK office hours",
            calendar: BusinessCalendar(timeZone: "Europe/London", weeklyHours: [Weekday.monday, .tuesday, .wednesday, .thursday, .friday].map {
                OpeningHours($0, LocalTime(hour: 8), LocalTime(hour: 18))
            } + [OpeningHours(.saturday, LocalTime(hour: 9), LocalTime(hour: 13))],
            holidays: ["2026-12-25", "2026-12-28", "2027-01-01"].compactMap(LocalDate.init)),
            createdAt: now, updatedAt: now))
        let policies: [(String, [String], [String], SLATargets)] = [
            ("High-value customers", [], ["high"], SLATargets(firstResponseMinutes: 60, nextResponseMinutes: 120, resolutionMinutes: 960)),
            ("Urgent and high", ["urgent", "high"], [], SLATargets(firstResponseMinutes: 120, nextResponseMinutes: 240, resolutionMinutes: 1440)),
            ("Everything else", [], [], SLATargets(firstResponseMinutes: 480, nextResponseMinutes: 600, resolutionMinutes: 2880)),
        ]
        for (position, (name, priorities, tiers, targets)) in policies.enumerated() {
            try await levels.insert(SLAPolicyRecord(
                id: TimeOrderedID.make(now: now), name: name, position: position, priorities: priorities, valueTiers: tiers, lifecycles: [],
                targets: targets, calendarID: calendarID, calendar: .alwaysOpen, escalation: SLAEscalation()), at: now)
        }
        await app.serviceLevels.forget(workspaceID)

        // Ninety tickets over the last fourteen days, oldest first, so numbers follow time.
        let count = 90
        for index in 0..<count {
            let scenario = Self.scenarios[index % Self.scenarios.count]
            let createdAt = now.addingTimeInterval(-Double(count - index) * 3.7 * 3600)
            let agent = agents[index % agents.count]
            var changes = TicketChanges()
            changes.subject = scenario.subject
            changes.kind = scenario.kind
            changes.priority = scenario.priority
            changes.channel = scenario.channel
            if let category = scenario.category { changes.category = .set(category) }
            if let topic = scenario.topic { changes.topic = .set(topic) }
            if let product = scenario.product { changes.product = .set(product) }
            changes.teamID = .set(teams[index % teams.count])
            // The newest tickets wait unassigned in the queue, as they would on a real morning.
            if index < count - 12 || scenario.status != .new { changes.assigneeID = .set(agent) }
            changes.tags = index % 4 == 0 ? ["demo", "repeat-contact"] : ["demo"]
            let customer = customers[(index * 37) % customers.count]
            let inbound = scenario.channel == .phone || scenario.channel == .inPerson
            let first = NewMessage(
                kind: scenario.channel == .phone ? .call : scenario.channel == .inPerson ? .visit : .message,
                visibility: scenario.channel == .internal ? .internal : .public,
                authorKind: scenario.channel == .internal ? .agent : .customer,
                authorUserID: scenario.channel == .internal ? agent : nil,
                authorCustomerID: scenario.channel == .internal ? nil : customer,
                body: scenario.customer, durationSeconds: inbound ? 240 + index * 7 % 300 : nil)
            let (ticket, _) = try await service(at: createdAt, by: agent).create(changes, requesterID: customer, message: first)
            if let reply = scenario.reply {
                let repliedAt = createdAt.addingTimeInterval(Double(25 + index * 13 % 200) * 60)
                let message = NewMessage(authorKind: .agent, authorUserID: agent, body: reply)
                _ = try await service(at: min(repliedAt, now), by: agent).addMessage(to: ticket.id!, message, status: nil)
            }
            if [.pending, .onHold, .solved].contains(scenario.status) {
                var settle = TicketChanges()
                settle.status = scenario.status
                _ = try await service(at: min(createdAt.addingTimeInterval(3 * 3600), now), by: agent).update(ticket.id!, settle)
            }
        }
        return count
    }

    private func service(at time: Date, by user: UUID) -> TicketService {
        TicketService(workspaceID: workspaceID, actor: .user(user), now: time, reader: app.db, writes: app.writes, serviceLevels: app.serviceLevels)
    }
}
