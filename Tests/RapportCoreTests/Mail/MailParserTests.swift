import Foundation
import Testing

@testable import RapportCore

@Suite("MIME parsing")
struct MailParserTests {
    private func parse(_ text: String) throws -> MailMessage { try MailParser.parse(Array(text.utf8)) }

    @Test("a simple message: headers, addresses, ids, date and text")
    func simple() throws {
        let message = try parse(
            "From: \"Martin, Zoë\" <zoe@example.com>\r\nTo: help@shop.example, Bob <bob@example.org>\r\n"
                + "Subject: =?UTF-8?Q?O=C3=B9_est?=\r\n =?UTF-8?B?IG1hIGNvbW1hbmRlPw==?=\r\nMessage-ID: <abc@mail.example>\r\n"
                + "In-Reply-To: <x1@a> <x2@b>\r\nDate: Tue, 1 Dec 2026 09:10:00 +0100\r\n\r\nHello\r\nthere\r\n")
        #expect(message.subject == "Où est ma commande?")
        #expect(message.from == MailAddress(name: "Martin, Zoë", address: "zoe@example.com"))
        #expect(message.to == [MailAddress(address: "help@shop.example"), MailAddress(name: "Bob", address: "bob@example.org")])
        #expect(message.messageID == "abc@mail.example")
        #expect(message.inReplyTo == ["x1@a", "x2@b"])
        #expect(message.date == Date(timeIntervalSince1970: 1_796_112_600))
        #expect(message.text == "Hello\nthere\n")
    }

    @Test("nothing usable throws", arguments: ["", "   \r\n", "just some text\nwith no headers\n", "Note: not a mail header\n\nbody"])
    func unparseable(_ text: String) {
        #expect(throws: MailParseError.self) { try MailParser.parse(Array(text.utf8)) }
    }
}
