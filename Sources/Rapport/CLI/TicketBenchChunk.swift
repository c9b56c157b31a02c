import Foundation
import RapportCore
import SQLiteNIO

/// One chunk of benchmark tickets as table rows, in the application's storage format (ids as
/// text, times as seconds since 1970, JSON as text). Ticket numbers and search row ids are
/// handed out later, in insertion order.
struct TicketBenchChunk: Sendable {
    var tables: [BulkTable]
    var deskOfTicket: [Int] = []
    var tickets = 0, messages = 0, events = 0, searchRows = 0, tags = 0

    private static let day = 86_400.0
    private static let span = 730 * day

    init(chunk: Int, size: Int, total: Int, desks: [TicketBenchLoader.Desk], corpus: TicketBenchCorpus, messagesPerTicket: Int, now: Date) {
        var ticketRows = BulkTable(name: Ticket.schema, columns: Ticket.columns)
        var messageRows = BulkTable(name: TicketMessage.schema, columns: TicketMessage.columns)
        var eventRows = BulkTable(name: TicketEvent.schema, columns: TicketEvent.columns)
        var tagRows = BulkTable(name: "taggings", columns: ["id", "workspace_id", "subject_id", "tag"])
        var docRows = BulkTable(name: "ticket_search_docs", columns: ["rowid", "workspace_id", "ticket_id", "message_id"])
        var searchRows = BulkTable(name: "ticket_search", columns: ["rowid", "subject", "body"])
        var random = SeededRandom(seed: UInt64(chunk) &* 7919 &+ 17)
        let shares = desks.map(\.share)
        let shareTotal = shares.reduce(0, +)

        func text(_ value: String?) -> SQLiteData { value.map { .text($0) } ?? .null }
        func id(_ value: UUID?) -> SQLiteData { value.map { .text($0.uuidString) } ?? .null }
        func time(_ value: Date?) -> SQLiteData { value.map { .float($0.timeIntervalSince1970) } ?? .null }
        func pick<T>(_ weighted: [(T, Int)]) -> T {
            var roll = random.next(below: weighted.reduce(0) { $0 + $1.1 })
            for (value, weight) in weighted {
                if roll < weight { return value }
                roll -= weight
            }
            return weighted[0].0
        }

        for offset in 0..<size {
            let index = chunk * 5_000 + offset
            var roll = Double(random.next(below: 1_000_000)) / 1_000_000 * shareTotal
            var deskIndex = 0
            while deskIndex < shares.count - 1, roll >= shares[deskIndex] { roll -= shares[deskIndex]; deskIndex += 1 }
            let desk = desks[deskIndex]
            deskOfTicket.append(deskIndex)
            let createdAt = now.addingTimeInterval(-Self.span + Self.span * Double(index) / Double(max(total, 1)) - Double(random.next(below: 3_600)))
            let age = now.timeIntervalSince(createdAt)
            let ticketID = TimeOrderedID.make(now: createdAt)
            let kind = pick([(TicketKind.question, 40), (.complaint, 20), (.request, 20), (.incident, 12), (.feedback, 8)])
            let priority = pick([(TicketPriority.low, 20), (.normal, 55), (.high, 20), (.urgent, 5)])
            let channel = pick([(TicketChannel.email, 45), (.web, 20), (.chat, 15), (.phone, 12), (.social, 4), (.letter, 2), (.inPerson, 1), (.internal, 1)])
            let status: TicketStatus = age > 14 * Self.day
                ? pick([(.closed, 72), (.solved, 21), (.pending, 3), (.onHold, 2), (.open, 2)])
                : pick([(.new, 20), (.open, 40), (.pending, 20), (.onHold, 5), (.solved, 15)])
            let team = desk.teams[random.next(below: desk.teams.count)]
            let assignee: UUID? = (status == .new && random.next(below: 2) == 0) || random.next(below: 20) == 0
                ? nil : team.members[random.next(below: team.members.count)]
            let requester = desk.customers[random.next(below: desk.customers.count)]
            let product = corpus.products[random.next(below: corpus.products.count)]
            let subject = TicketBenchCorpus.problems[random.next(below: TicketBenchCorpus.problems.count)] + " " + product
            let order = 1_000_000 + random.next(below: 9_000_000)

            // The conversation: the customer writes, an agent answers, then either writes again.
            var messageTimes: [Date] = []
            var lastCustomer: Date?, lastAgent: Date?, firstResponse: Date?
            var messageIDs: [UUID] = []
            for number in 0..<messagesPerTicket {
                let at = min(now, createdAt.addingTimeInterval(number == 0 ? 0 : Double(number) * 3_600 + Double(random.next(below: 86_400))))
                let fromCustomer = number % 2 == 0
                let internalNote = !fromCustomer && number >= 2 && random.next(below: 4) == 0
                var body = corpus.bodies[random.next(below: corpus.bodies.count)]
                if number == 0 { body = "About my \(product), order \(order): " + body }
                let messageID = TimeOrderedID.make(now: at)
                messageIDs.append(messageID)
                messageRows.rows.append([
                    id(messageID), id(desk.id), id(ticketID), .text(MessageKind.message.rawValue),
                    .text(internalNote ? MessageVisibility.internal.rawValue : MessageVisibility.public.rawValue),
                    .text(fromCustomer ? MessageAuthorKind.customer.rawValue : MessageAuthorKind.agent.rawValue),
                    fromCustomer ? .null : id(assignee ?? team.members[0]), fromCustomer ? id(requester) : .null,
                    .text(body), .null, .null, time(at),
                ])
                docRows.rows.append([.null, id(desk.id), id(ticketID), id(messageID)])
                searchRows.rows.append([.null, .text(""), .text(body)])
                messageTimes.append(at)
                if fromCustomer { lastCustomer = at } else if !internalNote {
                    lastAgent = at
                    if firstResponse == nil { firstResponse = at }
                }
            }
            let lastActivity = messageTimes.max() ?? createdAt
            let solved = status == .solved || status == .closed
            let solvedAt = solved ? min(now, lastActivity.addingTimeInterval(600)) : nil
            let updatedAt = solvedAt ?? lastActivity
            let slaState: SLAState? = solved ? nil : pick([(.running, 80), (.atRisk, 10), (.breached, 10)])
            let dueAt = solved ? nil : createdAt.addingTimeInterval(Self.day)
            ticketRows.rows.append([
                id(ticketID), id(desk.id), .integer(SQLiteInt64(deskIndex)), id(requester), .null, .text(subject), .text(kind.rawValue),
                .text(status.rawValue), .integer(solved ? 0 : 1), .text(priority.rawValue), .text(channel.rawValue),
                kind == .complaint ? .text(ComplaintCategory.allCases[random.next(below: ComplaintCategory.allCases.count)].rawValue) : .null,
                kind == .complaint ? .null : .text(TicketTopic.allCases[random.next(below: TicketTopic.allCases.count)].rawValue),
                .text(product), .text("{}"), id(assignee), id(team.id), .null, .text("{\"measures\":[]}"), text(slaState?.rawValue),
                time(dueAt), time(dueAt), time(firstResponse), time(lastCustomer), time(lastAgent), time(solvedAt), .null, .null,
                time(createdAt), time(updatedAt),
            ])
            docRows.rows.insert([.null, id(desk.id), id(ticketID), .null], at: docRows.rows.count - messagesPerTicket)
            searchRows.rows.insert([.null, .text(subject), .text("")], at: searchRows.rows.count - messagesPerTicket)

            // The history: created, each message, and the status changes that led to the status.
            func event(_ at: Date, _ action: String, field: String? = nil, old: String? = nil, new: String? = nil, by actor: UUID?) {
                eventRows.rows.append([
                    id(TimeOrderedID.make(now: at)), id(desk.id), id(ticketID), time(at), .text(EventActorKind.user.rawValue), id(actor),
                    .text(action), text(field), text(old), text(new),
                ])
            }
            let agent = assignee ?? team.members[0]
            event(createdAt, "created", new: "number", by: agent)
            for (number, messageID) in messageIDs.enumerated() { event(messageTimes[number], "message_added", new: messageID.uuidString, by: agent) }
            if status != .new { event(messageTimes.count > 1 ? messageTimes[1] : createdAt, "updated", field: "status", old: "new", new: solved ? "open" : status.rawValue, by: agent) }
            if solved { event(solvedAt!, "updated", field: "status", old: "open", new: "solved", by: agent) }
            if status == .closed { event(solvedAt!, "updated", field: "status", old: "solved", new: "closed", by: agent) }

            if random.next(below: 7) == 0 {
                let tag = ["vip", "warranty", "refund", "escalated", "billing", "repeat-contact"][random.next(below: 6)]
                tagRows.rows.append([id(TimeOrderedID.make(now: createdAt)), id(desk.id), id(ticketID), .text(tag)])
            }
        }
        tickets = ticketRows.rows.count
        messages = messageRows.rows.count
        events = eventRows.rows.count
        self.searchRows = docRows.rows.count
        tags = tagRows.rows.count
        tables = [ticketRows, messageRows, eventRows, tagRows, docRows, searchRows]
    }

    /// Hands out each workspace's next ticket numbers and the search index's next row ids.
    mutating func number(from numbers: inout [Int64], searchRowID: inout Int64) {
        for (row, desk) in deskOfTicket.enumerated() {
            numbers[desk] += 1
            tables[0].rows[row][2] = .integer(SQLiteInt64(numbers[desk]))
        }
        for row in tables[4].rows.indices {
            searchRowID += 1
            tables[4].rows[row][0] = .integer(SQLiteInt64(searchRowID))
            tables[5].rows[row][0] = .integer(SQLiteInt64(searchRowID))
        }
        // The "created" event records the number.
        var ticket = 0
        for row in tables[2].rows.indices where tables[2].rows[row][6] == .text("created") {
            if case .integer(let number) = tables[0].rows[ticket][2] { tables[2].rows[row][9] = .text(String(number)) }
            ticket += 1
        }
    }
}
