import Fluent
import Foundation
import RapportCore
import SQLKit
import Testing
import Vapor

@testable import Rapport

/// The `mime` helper's corpus (Tests/RapportCoreTests/Fixtures/mail), read from the other test target's folder.
enum InboundCorpus {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../RapportCoreTests/Fixtures/mail").standardized
    static var messages: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".eml") }.sorted()
    }
}

@Suite("Inbound mail corpus")
struct InboundCorpusTests {
    @Test("every corpus message ends as a ticket message with its subject, sender, text and attachments, or with a reason",
        .enabled(if: !InboundCorpus.messages.isEmpty, "the corpus arrives with the mime branch"))
    func wholeCorpus() async throws {
        try await withRapport { app in
            #expect(InboundCorpus.messages.count >= 60)
            for (index, name) in InboundCorpus.messages.enumerated() {
                let raw = [UInt8](try Data(contentsOf: InboundCorpus.folder.appendingPathComponent(name)))
                let expectedURL = InboundCorpus.folder.appendingPathComponent(name.replacingOccurrences(of: ".eml", with: ".expected.json"))
                let expected = (try? JSONSerialization.jsonObject(with: Data(contentsOf: expectedURL))) as? [String: Any] ?? [:]
                // Each message in a workspace of its own, so that each is judged alone.
                let ws = try await app.makeWorkspace("c\(index)")
                let outcome = try await app.ingest(raw, route: InboundRoute(workspaceID: ws.id))
                if expected["unparseable"] as? Bool == true {
                    #expect(outcome.status == .quarantined, "\(name)")
                    #expect(outcome.reason?.isEmpty == false, "\(name)")
                    continue
                }
                guard outcome.status == .processed else {
                    #expect([.quarantined, .ignored].contains(outcome.status) && outcome.reason?.isEmpty == false, "\(name): \(outcome)")
                    continue
                }
                let ticket = try await app.ticketJSON(ws, outcome.ticketID)
                let messages = try await app.messagesJSON(ws, outcome.ticketID)
                let message = try #require(messages.first { $0.id == outcome.ticketMessageID?.uuidString }, "\(name)")
                if let subject = expected["subject"] as? String, !subject.trimmingCharacters(in: .whitespaces).isEmpty, message.string("author_kind") == "customer" {
                    #expect(ticket.string("subject") == String(subject.trimmingCharacters(in: .whitespacesAndNewlines).prefix(300)), "\(name)")
                }
                if let from = expected["from"] as? String, message.string("author_kind") == "customer" {
                    let customer = try await app.send(.GET, "/api/v1/customers/\(message.string("author_customer_id") ?? "")", token: ws.token(.viewer)).json
                    #expect(customer.strings("emails").contains(from.lowercased()), "\(name)")
                }
                let mail = message.object("mail")
                let shown = [message.string("body"), mail.string("quoted"), mail.string("signature"), mail.string("html").map(HTMLText.text(fromHTML:))]
                    .compactMap { $0 }.joined(separator: "\n")
                let squashed = shown.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                for snippet in expected["text_contains"] as? [String] ?? [] where message.string("author_kind") == "customer" {
                    let wanted = snippet.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                    #expect(squashed.contains(wanted) || squashed.contains(wanted.replacingOccurrences(of: "> ", with: "")), "\(name): \(snippet)")
                }
                let names = ((message["attachments"] as? [[String: Any]]) ?? []).compactMap { $0.string("filename") }
                for attachment in expected["attachments"] as? [String] ?? [] where message.string("author_kind") == "customer" {
                    #expect(names.contains(InboundMail.filename(attachment)), "\(name): \(attachment)")
                }
            }
        }
    }
}
