import Foundation
import Testing

@testable import RapportCore

/// A message of Fixtures/mail-wild: real mail from others' test suites, with no expectations.
struct WildMail: CustomTestStringConvertible, Sendable {
    let name: String
    let raw: [UInt8]

    var testDescription: String { name }

    static let folder = Bundle.module.url(forResource: "mail-wild", withExtension: nil, subdirectory: "Fixtures")

    static func all() -> [WildMail] {
        guard let folder, let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return files.filter { $0.hasSuffix(".eml") }.sorted().map { file in
            WildMail(name: file, raw: FileManager.default.contents(atPath: folder.appendingPathComponent(file).path).map { [UInt8]($0) } ?? [])
        }
    }
}

@Suite("Mail from the wild")
struct MailWildTests {
    @Test("the wild set is there")
    func present() {
        #expect(WildMail.all().count >= 200)
    }

    @Test("every message parses (or throws for nothing usable), in CRLF and LF form, with readable parts", arguments: WildMail.all())
    func parses(_ mail: WildMail) throws {
        let crlf = Self.crlf(mail.raw)
        for raw in [mail.raw, crlf] {
            guard let message = try? MailParser.parse(raw) else { continue }
            // What the pipeline reads of every message must be there and sane.
            #expect(message.subject.count <= raw.count, "\(mail.name)")
            #expect(!message.subject.contains("\r\n"), "\(mail.name): subject \(message.subject.debugDescription)")
            if let from = message.from { #expect(!from.address.contains("\n"), "\(mail.name)") }
            for attachment in message.attachments { #expect(!attachment.filename.isEmpty, "\(mail.name)") }
            if let html = message.html { _ = HTMLText.text(fromHTML: html); _ = HTMLSanitizer.sanitize(html) }
            if let text = message.text { _ = ReplySplitter.split(text) }
            _ = MailClassifier.classify(headers: message.headers, from: message.from?.address, subject: message.subject, text: message.text,
                attachments: message.attachments.map { ($0.mediaType, $0.data) })
        }
    }

    /// The same message with CRLF line ends, as it comes over SMTP.
    static func crlf(_ raw: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count + raw.count / 20)
        var previous: UInt8 = 0
        for byte in raw {
            if byte == 0x0A, previous != 0x0D { out.append(0x0D) }
            out.append(byte)
            previous = byte
        }
        return out
    }
}
