import Foundation
import RapportCore
import SQLKit

/// A ticket found by a text search: its rank and a highlighted piece of the text that matched.
struct SearchHit: Sendable {
    var ticketID: UUID
    var messageID: UUID?
    var snippet: String?
}

extension TicketStore {
    /// One page of tickets in `sort` order, and the cursor of the next page.
    func list(_ filter: TicketFilter, sort: TicketSort, limit: Int, after cursor: ListCursor?) async throws -> ([Ticket], ListCursor?) {
        let query = sql.select().column("*").from(SQLAlias(SQLIdentifier(Ticket.schema), as: SQLIdentifier("t")))
        filter.apply(to: query, workspaceID: workspaceID, table: "t")
        let column = SQLColumn(sort.column, table: "t")
        let id = SQLColumn("id", table: "t")
        if sort == .slaDue { query.where(column, .isNot, SQLLiteral.null) }
        if let cursor {
            let key = try Self.cursorValue(cursor.key, for: sort)
            let comparison: SQLBinaryOperator = sort.descending ? .lessThan : .greaterThan
            query.where { $0
                .where(column, comparison, key)
                .orWhere { $0.where(column, .equal, key).where(id, comparison, SQLBind(cursor.id)) }
            }
        }
        let direction: SQLDirection = sort.descending ? .descending : .ascending
        query.orderBy(column, direction).orderBy(id, direction).limit(limit + 1)
        var tickets = try await query.all().map(Ticket.init(row:))
        var next: ListCursor?
        if tickets.count > limit {
            tickets.removeLast()
            let last = tickets[tickets.count - 1]
            next = ListCursor(key: Self.cursorKey(of: last, for: sort), id: last.id!)
        }
        return (tickets, next)
    }

    /// How many tickets a filter selects, counted up to `cap` so that a huge queue stays cheap to count.
    func count(_ filter: TicketFilter, cap: Int = 10_000) async throws -> (count: Int, capped: Bool) {
        let inner = sql.select().column(SQLLiteral.numeric("1")).from(SQLAlias(SQLIdentifier(Ticket.schema), as: SQLIdentifier("t")))
        filter.apply(to: inner, workspaceID: workspaceID, table: "t")
        inner.limit(cap + 1)
        let row = try await sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n")
            .from(SQLAlias(SQLGroupExpression(inner.select), as: SQLIdentifier("capped"))).first()
        let count = try row?.decode(column: "n", as: Int.self) ?? 0
        return (min(count, cap), count > cap)
    }

    static func cursorKey(of ticket: Ticket, for sort: TicketSort) -> String {
        switch sort {
        case .updatedDescending, .updatedAscending: String(ticket.updatedAt.timeIntervalSince1970)
        case .createdDescending, .createdAscending: String(ticket.createdAt.timeIntervalSince1970)
        case .slaDue: String(ticket.slaDueAt?.timeIntervalSince1970 ?? 0)
        case .numberDescending, .numberAscending: String(ticket.number)
        }
    }

    static func cursorValue(_ key: String, for sort: TicketSort) throws -> SQLBind {
        switch sort {
        case .numberDescending, .numberAscending:
            guard let number = Int64(key) else { throw APIError.validation(["cursor": "does not belong to this sort order"]) }
            return SQLBind(number)
        default:
            guard let seconds = Double(key) else { throw APIError.validation(["cursor": "does not belong to this sort order"]) }
            return SQLBind(Date(timeIntervalSince1970: seconds))
        }
    }
}
