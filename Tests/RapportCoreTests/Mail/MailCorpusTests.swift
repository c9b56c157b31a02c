import Foundation
import Testing

@testable import RapportCore

@Suite("Mail corpus")
struct MailCorpusTests {
    @Test("the corpus has at least 60 messages, each with its expectations")
    func corpusSize() {
        let cases = MailCorpusCase.all()
        #expect(cases.count >= 60)
        for item in cases { #expect(item.expected != nil, "\(item.name) has no readable .expected.json") }
    }

    @Test("every corpus message parses to what its .expected.json says", arguments: MailCorpusCase.all())
    func corpus(_ item: MailCorpusCase) throws {
        let expected = try #require(item.expected)
        if expected.unparseable {
            #expect(throws: MailParseError.self) { try MailParser.parse(item.raw) }
            return
        }
        let message = try MailParser.parse(item.raw)
        if let subject = expected.subject { #expect(message.subject == subject) }
        if let from = expected.from { #expect(message.from?.address == from) }
        if let name = expected.fromName { #expect(message.from?.name == name) }
        for fragment in expected.textContains ?? [] {
            #expect(message.text?.contains(fragment) == true, "text lacks \(fragment.debugDescription): \(String(describing: message.text?.prefix(300)))")
        }
        if expected.textAbsent == true { #expect(message.text == nil) }
        for fragment in expected.htmlContains ?? [] {
            #expect(message.html?.contains(fragment) == true, "html lacks \(fragment.debugDescription)")
        }
        if let names = expected.attachments { #expect(message.attachments.map(\.filename).sorted() == names.sorted()) }
        if let inline = expected.inline { #expect(message.attachments.filter(\.isInline).map(\.filename).sorted() == inline.sorted()) }
        for (name, id) in expected.contentIds ?? [:] { #expect(message.attachments.first { $0.filename == name }?.contentID == id) }
        for (name, size) in expected.attachmentSizes ?? [:] { #expect(message.attachments.first { $0.filename == name }?.data.count == size) }
        for (name, fragment) in expected.attachmentContains ?? [:] {
            let data = message.attachments.first { $0.filename == name }?.data ?? []
            #expect(String(decoding: data, as: UTF8.self).contains(fragment), "\(name) lacks \(fragment)")
        }
        #expect(message.messageID == expected.messageId)
        #expect(message.inReplyTo.first == expected.inReplyTo)
        if let references = expected.references { #expect(message.references == references) }
        if let to = expected.to { #expect(message.to.map(\.address) == to) }
        if let cc = expected.cc { #expect(message.cc.map(\.address) == cc) }
        if let names = expected.ccNames { #expect(message.cc.map(\.name) == names) }
        if let replyTo = expected.replyTo { #expect(message.replyTo.map(\.address) == replyTo) }
        if let delivered = expected.deliveredTo { #expect(message.deliveredTo == delivered) }
        if let date = expected.date { #expect(message.date == ISO8601DateFormatter().date(from: date)) }
        if let repaired = expected.repaired { #expect(message.repairs.isEmpty == !repaired, "repairs: \(message.repairs)") }
    }
}
