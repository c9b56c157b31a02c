import Foundation
import RapportCore
import Testing

@Suite("Composing outgoing mail")
struct MailComposerTests {
    let date = Date(timeIntervalSince1970: 1_796_112_000)  // 2026-12-01 08:00 UTC

    @Test("a plain reply is exactly these bytes")
    func plainReply() {
        let mail = ComposedMail(
            from: .init(name: "Shop Help", address: "help@shop.example"), to: [.init(name: "Ada Lovelace", address: "ada@example.com")],
            replyTo: [.init(address: "help+t7@shop.example")], subject: "Re: Order [#7]", date: date, messageID: "abc@shop.example",
            inReplyTo: ["m2@example.com"], references: ["m1@example.com", "m2@example.com"], text: "Hello Ada,\n.dot first\nCost: 5 = five  ")
        let expected = "Date: Tue, 01 Dec 2026 08:00:00 +0000\r\n"
            + "From: Shop Help <help@shop.example>\r\n"
            + "To: Ada Lovelace <ada@example.com>\r\n"
            + "Reply-To: help+t7@shop.example\r\n"
            + "Subject: Re: Order [#7]\r\n"
            + "Message-ID: <abc@shop.example>\r\n"
            + "In-Reply-To: <m2@example.com>\r\n"
            + "References: <m1@example.com> <m2@example.com>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=UTF-8\r\n"
            + "Content-Transfer-Encoding: quoted-printable\r\n"
            + "\r\n"
            + "Hello Ada,\r\n.dot first\r\nCost: 5 =3D five =20\r\n"
        #expect(String(decoding: MailComposer.compose(mail), as: UTF8.self) == expected)
    }

    @Test("non-ASCII names and long subjects become encoded words, folded before 76 characters")
    func encodedWords() {
        let subject = "Überweisung für die Bestellung Nummer 12345 ist noch nicht angekommen, bitte prüfen"
        let mail = ComposedMail(from: .init(name: "Zoë, \"Support\"", address: "z@s.example"), to: [.init(name: "Jürgen", address: "j@e.example")],
            subject: subject, date: date, messageID: "x@s.example", automatic: .autoReplied, text: "ok")
        let text = String(decoding: MailComposer.compose(mail), as: UTF8.self)
        #expect(text.contains("From: =?UTF-8?B?\(Data("Zoë, \"Support\"".utf8).base64EncodedString())?= <z@s.example>\r\n"))
        #expect(text.contains("To: =?UTF-8?B?SsO8cmdlbg==?= <j@e.example>\r\n"))
        #expect(text.contains("Auto-Submitted: auto-replied\r\n"))
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 76 })
        // Decoding the folded words gives the subject back.
        let start = lines.firstIndex { $0.hasPrefix("Subject:") }!
        var words: [String] = []
        for line in lines[start...] {
            if line != lines[start] && !line.hasPrefix(" ") { break }
            words += line.split(separator: " ").filter { $0.hasPrefix("=?UTF-8?B?") }.map(String.init)
        }
        let decoded = words.map { String(decoding: Data(base64Encoded: String($0.dropFirst(10).dropLast(2)))!, as: UTF8.self) }.joined()
        #expect(decoded == subject)
    }

    @Test("an ASCII name with specials is quoted")
    func quotedName() {
        #expect(ComposeEncoding.mailbox(.init(name: "Shop, Inc.", address: "a@b.example")) == ["\"Shop, Inc.\"", "<a@b.example>"])
    }

    @Test("quoted-printable keeps lines within 76 with soft breaks and encodes UTF-8")
    func quotedPrintable() {
        let long = String(repeating: "abcdefghij", count: 10)
        let encoded = ComposeEncoding.quotedPrintable(long + "\nÄ")
        #expect(encoded == String(long.prefix(75)) + "=\r\n" + String(long.dropFirst(75)) + "\r\n=C3=84\r\n")
    }

    @Test("HTML and attachments nest as multipart/mixed around multipart/alternative, with RFC 2231 file names")
    func multipart() {
        let mail = ComposedMail(from: .init(address: "h@s.example"), to: [.init(address: "c@e.example")], subject: "Files", date: date,
            messageID: "m1@s.example", text: "See attached.", html: "<p>See attached.</p>",
            attachments: [.init(filename: "Rechnung März.pdf", mediaType: "application/pdf", data: Array("PDF".utf8))])
        let text = String(decoding: MailComposer.compose(mail), as: UTF8.self)
        #expect(text.contains("Content-Type: multipart/mixed;\r\n boundary=\"=_mix_m1\"\r\n"))
        #expect(text.contains("--=_mix_m1\r\nContent-Type: multipart/alternative;\r\n boundary=\"=_alt_m1\"\r\n"))
        #expect(text.contains("--=_alt_m1\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<p>See attached.</p>\r\n"))
        #expect(text.contains("Content-Disposition: attachment;\r\n filename*=UTF-8''Rechnung%20M%C3%A4rz.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nUERG\r\n"))
        #expect(text.hasSuffix("--=_alt_m1--\r\n\r\n--=_mix_m1\r\n" + text.components(separatedBy: "--=_mix_m1\r\n").last!) )
        #expect(text.hasSuffix("\r\n--=_mix_m1--\r\n"))
    }

    @Test("SMTP DATA doubles leading dots, fixes bare line ends and ends with CRLF.CRLF")
    func dotStuffing() {
        let out = SMTPData.stuffed(Array("a\n.b\r\n..c\rd".utf8))
        #expect(String(decoding: out, as: UTF8.self) == "a\r\n..b\r\n...c\r\nd\r\n.\r\n")
        #expect(String(decoding: SMTPData.stuffed(Array(".\r\n".utf8)), as: UTF8.self) == "..\r\n.\r\n")
    }

    @Test("multi-line SMTP replies are read whole, however the bytes arrive, and list AUTH mechanisms")
    func replies() {
        var parser = SMTPReplyParser()
        #expect(parser.feed(Array("250-mail.example\r\n250-AUTH LOGIN PLAIN\r".utf8)).isEmpty)
        let replies = parser.feed(Array("\n250 STARTTLS\r\n".utf8))
        #expect(replies == [SMTPReply(code: 250, lines: ["mail.example", "AUTH LOGIN PLAIN", "STARTTLS"])])
        #expect(replies.first?.authMechanisms == ["LOGIN", "PLAIN"])
        #expect(replies.first?.offers("starttls") == true)
    }

    @Test("temporary failures back off 1, 5, 15, 60 minutes, 3 and 6 hours, then give up")
    func retries() {
        let delays = (1...7).map { OutboundRetry.nextAttempt(afterFailedAttempts: $0, at: date).map { $0.timeIntervalSince(date) } }
        #expect(delays == [60, 300, 900, 3600, 10800, 21600, nil])
    }
}
