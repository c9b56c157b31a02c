import Fluent
import Foundation
import RapportCore
import SQLKit
import Testing
import Vapor

@testable import Rapport

/// A plain message as a mail client sends it.
func rawMail(
    from: String = "Dana Whitfield <dana@customer.test>", to: String = "help@acme.test", subject: String = "Where is my order?",
    messageID: String? = "m1@customer.test", inReplyTo: String? = nil, headers: [String] = [], body: String = "Hello,\nmy order 1042 has not arrived.\n"
) -> [UInt8] {
    var lines = ["From: \(from)", "To: \(to)", "Subject: \(subject)", "Date: Tue, 1 Dec 2026 08:00:00 +0000"]
    if let messageID { lines.append("Message-ID: <\(messageID)>") }
    if let inReplyTo { lines.append("In-Reply-To: <\(inReplyTo)>") }
    lines += headers
    lines += ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "", body]
    return Array(lines.joined(separator: "\r\n").utf8)
}

extension Application {
    @discardableResult
    func supportAddress(_ ws: TestWorkspace, _ address: String, teamID: UUID? = nil) async throws -> SupportAddressResponse {
        try await SupportAddressStore(db: db, workspaceID: ws.id).create(address: address, displayName: nil, teamID: teamID, isDefault: false, at: Date())
    }

    func ingest(_ raw: [UInt8], route: InboundRoute = InboundRoute()) async throws -> InboundOutcome {
        try await inboundMail.receive(raw, route: route)
    }

    func makeTeam(_ ws: TestWorkspace, _ name: String) async throws -> UUID {
        let response = try await send(.POST, "/api/v1/teams", token: ws.token(.admin), json: JSONBody(["name": name]))
        return UUID(uuidString: response.json.id)!
    }

    func ticketJSON(_ ws: TestWorkspace, _ id: UUID?) async throws -> [String: Any] {
        try await send(.GET, "/api/v1/tickets/\(id?.uuidString ?? "none")", token: ws.token(.viewer)).json
    }

    func messagesJSON(_ ws: TestWorkspace, _ id: UUID?) async throws -> [[String: Any]] {
        try await send(.GET, "/api/v1/tickets/\(id?.uuidString ?? "none")/messages", token: ws.token(.viewer)).items
    }

    func ticketCount(_ ws: TestWorkspace) async throws -> Int {
        try await (db as! any SQLDatabase).select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from("tickets")
            .where("workspace_id", .equal, ws.id).first()?.decode(column: "n", as: Int.self) ?? 0
    }
}
