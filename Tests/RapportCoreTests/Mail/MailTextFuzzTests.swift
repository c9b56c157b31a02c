import Testing

@testable import RapportCore

@Suite("Mail text never crashes")
struct MailTextFuzzTests {
    /// A small deterministic generator, so a failure can be replayed.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
    }

    static let pieces = [
        "<", ">", "</", "/>", "<!--", "-->", "<!", "&", "&#", "&#x", ";", "=", "\"", "'", " ", "\n", "\r\n", "\t",
        "<p>", "</p>", "<div>", "<br>", "<a href=\"", "javascript:", "<script>", "</script>", "<style>", "<pre>",
        "<blockquote>", "</blockquote>", "<table><tr><td>", "</td>", "<li>", "<ul>", "<ol>", "</ol>", "<svg>",
        "<img src=", "cid:", "data:image/png;base64,", "&amp", "&nbsp;", "&#0;", "&#xD800;", "> ", "-- ",
        "On Mon, 1 Dec 2026, Ann <a@b.example> wrote:", "From: a@b.example", "Sent: now", "To: x", "Subject: y",
        "-----Original Message-----", "Sent from my iPhone", "Best regards,", "Ann", "text", "ü", "😀", "\u{0}",
        "\u{200C}", "\u{00A0}", "<o:p>", "<!--[if mso]>", "<![endif]-->", "<textarea>", "<plaintext>",
    ]

    @Test("random documents from HTML and mail pieces", arguments: 0..<40)
    func randomDocuments(seed: Int) {
        var generator = Generator(state: UInt64(seed) &+ 0x9E37_79B9)
        var document = ""
        for _ in 0..<(generator.next() % 400) {
            document += Self.pieces[Int(generator.next() % UInt64(Self.pieces.count))]
        }
        let text = HTMLText.text(fromHTML: document)
        let safe = HTMLSanitizer.sanitize(document)
        #expect(!safe.lowercased().contains("<script"))
        #expect(HTMLSanitizer.sanitize(safe) == safe)
        let parts = ReplySplitter.split(document)
        if !document.allSatisfy({ $0.isWhitespace }) { #expect(!parts.new.isEmpty) }
        _ = ReplySplitter.split(text)
        _ = MailClassifier.classify(
            headers: [("Content-Type", "multipart/report; report-type=delivery-status")], from: document,
            subject: document, text: document,
            attachments: [("message/delivery-status", Array(document.utf8)), ("message/rfc822", Array(document.utf8))])
    }

    @Test("random bytes")
    func randomBytes() {
        var generator = Generator(state: 42)
        for _ in 0..<30 {
            let bytes = (0..<(generator.next() % 2000)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            let string = String(decoding: bytes, as: UTF8.self)
            _ = HTMLText.text(fromHTML: string)
            _ = HTMLSanitizer.sanitize(string)
            _ = ReplySplitter.split(string)
            _ = MailClassifier.classify(headers: [], from: string, subject: string, text: string, attachments: [("message/delivery-status", bytes)])
        }
    }
}
