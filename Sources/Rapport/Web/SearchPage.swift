import Foundation
import RapportCore
import Vapor

/// `/search?q=`: tickets (ranked full-text search, the API's) and customers (name and email) in one page.
struct SearchPage: RouteCollection {
    struct Segment: Encodable, Sendable {
        var text: String
        var marked: Bool
    }

    struct TicketHit: Encodable, Sendable {
        var numberText: String
        var subject: String
        var href: String
        var status: String
        var snippet: [Segment]
    }

    struct CustomerHit: Encodable, Sendable {
        var name: String
        var href: String
        var emails: String
    }

    struct Results: Encodable, Sendable {
        var q: String
        var searched: Bool
        var tickets: [TicketHit]
        var customers: [CustomerHit]
        var noTickets: Bool
        var noCustomers: Bool
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("search", use: search)
    }

    func search(req: Request) async throws -> Response {
        let q = ((try? req.query.get(String.self, at: "q")) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var tickets: [TicketHit] = []
        var customers: [CustomerHit] = []
        if !q.isEmpty {
            tickets = try await TicketsAPI().list(req: req).items.map { item in
                TicketHit(numberText: "#\(item.ticket.number)", subject: item.ticket.subject, href: "/tickets/\(item.ticket.id)",
                    status: WebFormat.label(item.ticket.status.rawValue), snippet: Self.segments(item.snippet ?? ""))
            }
            customers = try await CustomersAPI().list(req: req).items.map {
                CustomerHit(name: $0.name, href: "/customers/\($0.id)", emails: $0.emails.joined(separator: ", "))
            }
        }
        return try await req.renderPage("search/index", title: q.isEmpty ? "Search" : "Search: \(q)", section: "search",
            Results(q: q, searched: !q.isEmpty, tickets: tickets, customers: customers, noTickets: tickets.isEmpty, noCustomers: customers.isEmpty))
    }

    /// The search snippet (escaped text with `<mark>`) as plain pieces, so the page escapes them itself
    /// and never outputs markup it did not write.
    static func segments(_ snippet: String) -> [Segment] {
        var result: [Segment] = []
        for (index, part) in snippet.components(separatedBy: "<mark>").enumerated() {
            let pieces = part.components(separatedBy: "</mark>")
            if index == 0 || pieces.count == 1 {
                result.append(Segment(text: unescape(pieces.joined()), marked: index > 0))
            } else {
                result.append(Segment(text: unescape(pieces[0]), marked: true))
                result.append(Segment(text: unescape(pieces.dropFirst().joined()), marked: false))
            }
        }
        return result.filter { !$0.text.isEmpty }
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }
}
