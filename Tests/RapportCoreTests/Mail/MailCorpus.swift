import Foundation
import Testing

@testable import RapportCore

/// What a corpus message's .expected.json says; keys other parts of the mail pipeline add are ignored.
struct MailExpectation: Decodable, Sendable {
    var subject: String?
    var from: String?
    var fromName: String?
    var textContains: [String]?
    var textAbsent: Bool?
    var htmlContains: [String]?
    var attachments: [String]?
    var inline: [String]?
    var contentIds: [String: String]?
    var attachmentSizes: [String: Int]?
    var attachmentContains: [String: String]?
    var messageId: String?
    var inReplyTo: String?
    var references: [String]?
    var to: [String]?
    var cc: [String]?
    var ccNames: [String?]?
    var replyTo: [String]?
    var deliveredTo: [String]?
    var date: String?
    var repaired: Bool?
    var unparseable: Bool

    enum CodingKeys: String, CodingKey {
        case subject, from, attachments, inline, references, to, cc, date, repaired, unparseable
        case fromName = "from_name", textContains = "text_contains", textAbsent = "text_absent", htmlContains = "html_contains"
        case contentIds = "content_ids", attachmentSizes = "attachment_sizes", attachmentContains = "attachment_contains"
        case messageId = "message_id", inReplyTo = "in_reply_to", ccNames = "cc_names", replyTo = "reply_to", deliveredTo = "delivered_to"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        subject = try c.decodeIfPresent(String.self, forKey: .subject)
        from = try c.decodeIfPresent(String.self, forKey: .from)
        fromName = try c.decodeIfPresent(String.self, forKey: .fromName)
        textContains = try c.decodeIfPresent([String].self, forKey: .textContains)
        textAbsent = try c.decodeIfPresent(Bool.self, forKey: .textAbsent)
        htmlContains = try c.decodeIfPresent([String].self, forKey: .htmlContains)
        attachments = try c.decodeIfPresent([String].self, forKey: .attachments)
        inline = try c.decodeIfPresent([String].self, forKey: .inline)
        contentIds = try c.decodeIfPresent([String: String].self, forKey: .contentIds)
        attachmentSizes = try c.decodeIfPresent([String: Int].self, forKey: .attachmentSizes)
        attachmentContains = try c.decodeIfPresent([String: String].self, forKey: .attachmentContains)
        messageId = try c.decodeIfPresent(String.self, forKey: .messageId)
        inReplyTo = try c.decodeIfPresent(String.self, forKey: .inReplyTo)
        references = try c.decodeIfPresent([String].self, forKey: .references)
        to = try c.decodeIfPresent([String].self, forKey: .to)
        cc = try c.decodeIfPresent([String].self, forKey: .cc)
        ccNames = try c.decodeIfPresent([String?].self, forKey: .ccNames)
        replyTo = try c.decodeIfPresent([String].self, forKey: .replyTo)
        deliveredTo = try c.decodeIfPresent([String].self, forKey: .deliveredTo)
        date = try c.decodeIfPresent(String.self, forKey: .date)
        repaired = try c.decodeIfPresent(Bool.self, forKey: .repaired)
        // "unparseable": true, or a reason.
        if let flag = try? c.decodeIfPresent(Bool.self, forKey: .unparseable) {
            unparseable = flag
        } else {
            unparseable = !((try? c.decodeIfPresent(String.self, forKey: .unparseable)) ?? "").isEmpty
        }
    }
}

/// One message of the mail corpus (Fixtures/mail/NNN-name.eml) and its expectations.
struct MailCorpusCase: CustomTestStringConvertible, Sendable {
    let name: String
    let raw: [UInt8]
    let expected: MailExpectation?

    var testDescription: String { name }

    static let folder = Bundle.module.url(forResource: "mail", withExtension: nil, subdirectory: "Fixtures")

    static func all() -> [MailCorpusCase] {
        guard let folder, let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return files.filter { $0.hasSuffix(".eml") }.sorted().map { file in
            let base = String(file.dropLast(4))
            let raw = FileManager.default.contents(atPath: folder.appendingPathComponent(file).path).map { [UInt8]($0) } ?? []
            let json = FileManager.default.contents(atPath: folder.appendingPathComponent(base + ".expected.json").path)
            return MailCorpusCase(name: base, raw: raw, expected: json.flatMap { try? JSONDecoder().decode(MailExpectation.self, from: $0) })
        }
    }
}
