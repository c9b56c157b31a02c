import Foundation
import RapportCore
import Vapor

/// `/admin/support-addresses` and `/admin/outbound-mail`: where customers write to, and the SMTP server
/// replies leave through. Both go through the mail APIs (`SupportAddressesAPI`, `OutboundAPI`).
extension AdminPages {
    struct AddressRow: Encodable, Sendable {
        var address: String
        var displayName: String
        var team: String
        var isDefault: Bool
        var deleteAction: String
    }

    struct AddressesPage: Encodable, Sendable {
        var rows: [AddressRow]
        var teams: [WebOption]
        /// What the form sent, shown again next to its problems.
        var address: String
        var displayName: String
        var problems: FormProblems
    }

    struct OutboundMailPage: Encodable, Sendable {
        var configured: Bool
        var host: String
        var port: String
        var tlsModes: [WebOption]
        var username: String
        var passwordSet: Bool
        var verifyCertificate: Bool
        var fromName: String
        var problems: FormProblems
        /// The SMTP server's answer to a test message, when one was just sent.
        var testResult: String?
        var testDelivered: Bool
    }

    func bootMail(_ admin: any RoutesBuilder) {
        admin.get("support-addresses", use: { req in try await addresses(req, problems: .none) })
        admin.post("support-addresses", use: createAddress)
        admin.post("support-addresses", ":id", "delete", use: deleteAddress)
        admin.get("outbound-mail", use: { req in try await outboundMail(req, problems: .none) })
        admin.post("outbound-mail", use: saveOutboundMail)
        admin.post("outbound-mail", "test", use: testOutboundMail)
    }

    // MARK: Support addresses

    func addresses(_ req: Request, problems: FormProblems, sent: [String: String] = [:]) async throws -> Response {
        let rows = try await SupportAddressesAPI().list(req: req).items
        let teams = try await TeamsAPI().list(req: req).items
        let teamNames = Dictionary(teams.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let page = AddressesPage(
            rows: rows.map {
                AddressRow(address: $0.address, displayName: $0.displayName ?? "—", team: $0.teamID.flatMap { teamNames[$0] } ?? "No team",
                    isDefault: $0.isDefault, deleteAction: "/admin/support-addresses/\($0.id)/delete")
            },
            teams: [WebOption(value: "", label: "No team", selected: sent["team_id"] == nil)]
                + teams.map { WebOption(value: $0.id.uuidString, label: $0.name, selected: sent["team_id"] == $0.id.uuidString) },
            address: sent["address"] ?? "", displayName: sent["display_name"] ?? "", problems: problems)
        return try await req.renderPage("admin/support-addresses", title: "Admin: Support addresses", section: "admin", page)
    }

    func createAddress(req: Request) async throws -> Response {
        var sent: [String: String] = [:]
        for name in ["address", "display_name", "team_id"] { sent[name] = req.formText(name) }
        var fields: [(String, JSONValue)] = [("address", .string(sent["address"] ?? "")), ("is_default", .bool(req.formText("is_default") != nil))]
        if let name = sent["display_name"] { fields.append(("display_name", .string(name))) }
        if let team = sent["team_id"] { fields.append(("team_id", .string(team))) }
        return try await submit(req, then: "/admin/support-addresses?notice=created", redisplay: { try await addresses(req, problems: $0, sent: sent) }) {
            _ = try await req.callAPI(.POST, json: .object(fields), SupportAddressesAPI().create)
        }
    }

    func deleteAddress(req: Request) async throws -> Response {
        _ = try await req.callAPI(.DELETE, SupportAddressesAPI().delete)
        return req.redirect(to: "/admin/support-addresses?notice=deleted", redirectType: .normal)
    }

    // MARK: Outbound mail

    /// The settings form; `sent` (the form as posted) fills it again when it comes back with problems.
    func outboundMail(_ req: Request, problems: FormProblems, sent: [String: String]? = nil, test: OutboundTestResponse? = nil) async throws -> Response {
        let stored = try await OutboundAPI().show(req: req)
        let mode = sent?["tls_mode"] ?? stored.tlsMode.rawValue
        let page = OutboundMailPage(
            configured: stored.configured, host: sent?["host"] ?? stored.host, port: sent?["port"] ?? String(stored.port),
            tlsModes: SMTPTLSMode.allCases.map { WebOption(value: $0.rawValue, label: Self.tlsLabel($0), selected: $0.rawValue == mode) },
            username: sent?["username"] ?? stored.username ?? "", passwordSet: stored.passwordSet,
            verifyCertificate: sent.map { $0["verify_certificate"] != nil } ?? stored.verifyCertificate,
            fromName: sent?["from_name"] ?? stored.fromName ?? "", problems: problems,
            testResult: test.map { $0.delivered ? "Delivered: the server answered \($0.reply ?? "OK")." : "Not delivered: \($0.error ?? "unknown error")" },
            testDelivered: test?.delivered ?? false)
        return try await req.renderPage("admin/outbound-mail", title: "Admin: Outbound mail", section: "admin", page)
    }

    func saveOutboundMail(req: Request) async throws -> Response {
        var sent: [String: String] = [:]
        for name in ["host", "port", "tls_mode", "username", "from_name"] { sent[name] = req.formText(name) }
        if req.formText("verify_certificate") != nil { sent["verify_certificate"] = "1" }
        var fields: [(String, JSONValue)] = [
            ("host", .string(sent["host"] ?? "")), ("tls_mode", .string(sent["tls_mode"] ?? "")),
            ("verify_certificate", .bool(sent["verify_certificate"] != nil)),
            ("username", sent["username"].map { .string($0) } ?? .null), ("from_name", sent["from_name"].map { .string($0) } ?? .null),
        ]
        if let port = sent["port"] {
            // A port that is not a number must be named, not silently replaced by the default.
            guard let number = Int(port) else {
                return try await outboundMail(req, problems: FormProblems(summary: "Please correct these fields:", fields: ["port": "must be a whole number"]),
                    sent: sent).withStatus(.unprocessableEntity)
            }
            fields.append(("port", .number(Double(number))))
        }
        // An empty password field keeps the stored one; the box below clears it.
        if let password = try? req.content.get(String.self, at: "password"), !password.isEmpty { fields.append(("password", .string(password))) }
        else if req.formText("clear_password") != nil { fields.append(("password", .null)) }
        return try await submit(req, then: "/admin/outbound-mail?notice=updated", redisplay: { try await outboundMail(req, problems: $0, sent: sent) }) {
            _ = try await req.callAPI(.PUT, json: .object(fields), OutboundAPI().update)
        }
    }

    /// Sends a test message at once and shows the server's answer on the page.
    func testOutboundMail(req: Request) async throws -> Response {
        do {
            let result = try await req.callAPI(.POST, json: .object([("to", .string(req.formText("to") ?? ""))]), OutboundAPI().test)
            return try await outboundMail(req, problems: .none, test: result)
        } catch let error as APIError where error.status == .unprocessableEntity || error.status == .conflict {
            return try await outboundMail(req, problems: FormProblems(error)).withStatus(error.status)
        }
    }

    static func tlsLabel(_ mode: SMTPTLSMode) -> String {
        switch mode {
        case .none: "None (plain text, a relay on this network)"
        case .starttls: "STARTTLS (usually port 587)"
        case .tls: "TLS from the start (usually port 465)"
        }
    }
}

extension Response {
    /// The same response with another status: a form shown again with its problems answers 422 or 409.
    func withStatus(_ status: HTTPStatus) -> Response {
        self.status = status
        return self
    }
}
