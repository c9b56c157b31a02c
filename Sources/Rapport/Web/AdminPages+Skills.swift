import Foundation
import RapportCore
import Vapor

/// `/admin/skills`: each agent's languages, products and communication styles, which routing matches
/// against tickets. Reads the users API and saves through `PUT /api/v1/users/{id}/skills`.
extension AdminPages {
    struct SkillRow: Encodable, Sendable {
        var name: String
        var role: String
        var languages: String
        var products: String
        var styles: String
        var editHref: String
    }

    struct SkillsPage: Encodable, Sendable {
        var rows: [SkillRow]
    }

    struct SkillEditPage: Encodable, Sendable {
        var userName: String
        var action: String
        var languages: String
        var products: String
        var styles: [WebOption]
        var problems: FormProblems
    }

    func bootSkills(_ admin: any RoutesBuilder) {
        admin.get("skills", use: skills)
        admin.get("skills", ":id", use: { req in try await editSkills(req, problems: .none, sent: nil) })
        admin.post("skills", ":id", use: saveSkills)
    }

    func skills(req: Request) async throws -> Response {
        // Viewers take no tickets, so routing never looks at their skills.
        let users = try await UsersAPI().list(req: req).items.filter { $0.role >= .agent }
        let rows = users.map { user in
            SkillRow(name: user.name, role: WebFormat.label(user.role.rawValue), languages: Self.listText(user.skills.languages),
                products: Self.listText(user.skills.products), styles: Self.listText(user.skills.communicationStyles.map { WebFormat.label($0.rawValue) }),
                editHref: "/admin/skills/\(user.id)")
        }
        return try await req.renderPage("admin/skills", title: "Admin: Skills", section: "admin", SkillsPage(rows: rows))
    }

    /// The form, filled from the stored skills, or from what was sent when it is shown again with problems.
    func editSkills(_ req: Request, problems: FormProblems, sent: SkillsInput?) async throws -> Response {
        let user = try await UsersAPI().show(req: req)
        let chosen = Set(sent?.communicationStyles ?? user.skills.communicationStyles.map(\.rawValue))
        let page = SkillEditPage(
            userName: user.name, action: "/admin/skills/\(user.id)",
            languages: (sent?.languages ?? user.skills.languages).joined(separator: ", "),
            products: (sent?.products ?? user.skills.products).joined(separator: ", "),
            styles: CommunicationStyle.allCases.map { WebOption(value: $0.rawValue, label: WebFormat.label($0.rawValue), selected: chosen.contains($0.rawValue)) },
            problems: problems)
        return try await req.renderPage("admin/skill-edit", title: "Admin: Skills of \(user.name)", section: "admin", page,
            status: problems.summary == nil ? .ok : .unprocessableEntity)
    }

    func saveSkills(req: Request) async throws -> Response {
        let sent = SkillsInput(languages: Self.commaList(req.formText("languages")), products: Self.commaList(req.formText("products")),
            communicationStyles: req.formList("communication_styles"))
        let json: JSONValue = .object([
            ("languages", .array(sent.languages!.map { .string($0) })), ("products", .array(sent.products!.map { .string($0) })),
            ("communication_styles", .array(sent.communicationStyles!.map { .string($0) })),
        ])
        return try await submit(req, then: "/admin/skills?notice=updated", redisplay: { try await editSkills(req, problems: $0, sent: sent) }) {
            _ = try await req.callAPI(.PUT, json: json, RoutingAPI().setSkills)
        }
    }

    /// "en, de" → ["en", "de"]; the API judges each item.
    static func commaList(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    static func listText(_ items: [String]) -> String {
        items.isEmpty ? "—" : items.joined(separator: ", ")
    }
}
