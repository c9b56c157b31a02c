import Foundation
import RapportCore
import Vapor

/// `/admin/playbooks`: the guidance shown as "How to handle this customer", one entry per profile value.
/// An admin edits an entry (`PUT /api/v1/playbooks/{dimension}/{value}`) or resets it to the default (DELETE).
extension AdminPages {
    struct PlaybookRow: Encodable, Sendable {
        var dimension: String
        var value: String
        var title: String
        var importance: Int
        var customized: Bool
        var editHref: String
    }

    struct PlaybooksPage: Encodable, Sendable {
        var rows: [PlaybookRow]
    }

    struct PlaybookEditPage: Encodable, Sendable {
        var heading: String
        var action: String
        var resetAction: String
        var customized: Bool
        var title: String
        var summary: String
        var tone: String
        var actions: String
        var offer: String
        var avoid: String
        var followUp: String
        var importance: String
        var problems: FormProblems
    }

    func bootPlaybooks(_ admin: any RoutesBuilder) {
        admin.get("playbooks", use: playbooks)
        admin.get("playbooks", ":dimension", ":value", use: { req in try await editPlaybook(req, problems: .none, sent: nil) })
        admin.post("playbooks", ":dimension", ":value", use: savePlaybook)
        admin.post("playbooks", ":dimension", ":value", "reset", use: resetPlaybook)
    }

    func playbooks(req: Request) async throws -> Response {
        let entries = try await PlaybooksAPI().list(req: req).items
        let rows = entries.map {
            PlaybookRow(dimension: WebFormat.label($0.dimension.rawValue), value: WebFormat.label($0.value), title: $0.title,
                importance: $0.importance, customized: $0.customized, editHref: "/admin/playbooks/\($0.dimension.rawValue)/\($0.value)")
        }
        return try await req.renderPage("admin/playbooks", title: "Admin: Playbooks", section: "admin", PlaybooksPage(rows: rows))
    }

    /// The entry's form; list fields take one item per line.
    func editPlaybook(_ req: Request, problems: FormProblems, sent: [String: String]?) async throws -> Response {
        let entry = try await PlaybooksAPI().show(req: req)
        func lines(_ items: [String]) -> String { items.joined(separator: "\n") }
        let path = "/admin/playbooks/\(entry.dimension.rawValue)/\(entry.value)"
        let page = PlaybookEditPage(
            heading: "\(WebFormat.label(entry.dimension.rawValue)): \(WebFormat.label(entry.value))", action: path, resetAction: path + "/reset",
            customized: entry.customized, title: sent?["title"] ?? entry.title, summary: sent?["summary"] ?? entry.summary,
            tone: sent?["tone"] ?? entry.tone, actions: sent?["actions"] ?? lines(entry.actions), offer: sent?["offer"] ?? lines(entry.offer),
            avoid: sent?["avoid"] ?? lines(entry.avoid), followUp: sent?["follow_up"] ?? lines(entry.followUp),
            importance: sent?["importance"] ?? String(entry.importance), problems: problems)
        return try await req.renderPage("admin/playbook-edit", title: "Admin: Playbook \(page.heading)", section: "admin", page)
    }

    func savePlaybook(req: Request) async throws -> Response {
        var sent: [String: String] = [:]
        for name in ["title", "summary", "tone", "actions", "offer", "avoid", "follow_up", "importance"] { sent[name] = req.formText(name) ?? "" }
        func list(_ name: String) -> JSONValue {
            .array((sent[name] ?? "").split(whereSeparator: \.isNewline).map { .string(String($0)) })
        }
        var fields: [(String, JSONValue)] = [
            ("title", .string(sent["title"]!)), ("summary", .string(sent["summary"]!)), ("tone", .string(sent["tone"]!)),
            ("actions", list("actions")), ("offer", list("offer")), ("avoid", list("avoid")), ("follow_up", list("follow_up")),
        ]
        let importance = sent["importance"]!
        if !importance.isEmpty {
            guard let number = Int(importance) else {
                return try await editPlaybook(req, problems: FormProblems(summary: "Please correct these fields:", fields: ["importance": "must be a whole number from 1 to 100"]),
                    sent: sent).withStatus(.unprocessableEntity)
            }
            fields.append(("importance", .number(Double(number))))
        }
        return try await submit(req, then: "/admin/playbooks?notice=updated", redisplay: { try await editPlaybook(req, problems: $0, sent: sent) }) {
            _ = try await req.callAPI(.PUT, json: .object(fields), PlaybooksAPI().replace)
        }
    }

    func resetPlaybook(req: Request) async throws -> Response {
        _ = try await req.callAPI(.DELETE, PlaybooksAPI().reset)
        return req.redirect(to: "/admin/playbooks?notice=reset", redirectType: .normal)
    }
}
