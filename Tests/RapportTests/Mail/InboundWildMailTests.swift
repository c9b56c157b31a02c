import Fluent
import Foundation
import RapportCore
import Testing
import Vapor

@testable import Rapport

/// Tests/RapportCoreTests/Fixtures/mail-wild: real mail from others' test suites, with no expectations.
enum InboundWildMail {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../RapportCoreTests/Fixtures/mail-wild").standardized
    static var messages: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".eml") }.sorted()
    }
}

@Suite("Inbound mail from the wild")
struct InboundWildMailTests {
    @Test("every wild message ends as a ticket message, a duplicate, ignored or quarantined with a reason; none is lost")
    func nothingLost() async throws {
        try await withRapport { app in
            let names = InboundWildMail.messages
            #expect(names.count >= 200)
            // A few workspaces, so that threading, duplicates and the rate limit meet real mail too.
            var workspaces: [TestWorkspace] = []
            for index in 0..<4 { workspaces.append(try await app.makeWorkspace("wild\(index)")) }
            var statuses: [InboundStatus: Int] = [:]
            for (index, name) in names.enumerated() {
                let raw = [UInt8](try Data(contentsOf: InboundWildMail.folder.appendingPathComponent(name)))
                let ws = workspaces[index % workspaces.count]
                let outcome = try await app.ingest(raw, route: InboundRoute(workspaceID: ws.id))
                statuses[outcome.status, default: 0] += 1
                let row = try #require(try await InboundEmail.find(outcome.id, on: app.db), "\(name)")
                #expect(row.status == outcome.status, "\(name)")
                #expect(try app.inboundMail.raw.read(row) == raw, "\(name)")
                switch outcome.status {
                case .processed:
                    let messages = try await app.messagesJSON(ws, outcome.ticketID)
                    let message = try #require(messages.first { $0.id == outcome.ticketMessageID?.uuidString }, "\(name)")
                    #expect(message.string("body")?.isEmpty == false, "\(name)")
                case .duplicate:
                    #expect(outcome.ticketID != nil, "\(name)")
                case .ignored, .quarantined:
                    #expect(outcome.reason?.isEmpty == false, "\(name): \(outcome)")
                case .received:
                    Issue.record("\(name) was stored but not processed: \(outcome)")
                }
            }
            // Many are test cases without a sender or deliberately broken; a good share is ordinary mail and must become tickets.
            #expect(statuses[.processed, default: 0] > names.count / 3, "\(statuses)")
        }
    }
}
