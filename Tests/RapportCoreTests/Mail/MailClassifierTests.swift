import Foundation
import Testing

@testable import RapportCore

@Suite("Mail classifier")
struct MailClassifierTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var headers: [[String]]
        var from: String? = "Ann <ann@mail.example>"
        var subject: String = "Question"
        var kind: MailKind
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "a person's mail", headers: [["Subject", "Question"]], kind: .normal),
        Case(name: "Auto-Submitted: auto-replied", headers: [["Auto-Submitted", "auto-replied"]], kind: .autoReply),
        Case(name: "Auto-Submitted: auto-generated", headers: [["Auto-Submitted", "auto-generated"]], kind: .autoReply),
        Case(name: "Auto-Submitted: no", headers: [["Auto-Submitted", "no"]], kind: .normal),
        Case(name: "Auto-Submitted: No with comment", headers: [["auto-submitted", " No (person)"]], kind: .normal),
        Case(name: "X-Autoreply", headers: [["X-Autoreply", "yes"]], kind: .autoReply),
        Case(name: "X-Autorespond", headers: [["X-Autorespond", "Vacation"]], kind: .autoReply),
        Case(name: "X-Auto-Response-Suppress OOF", headers: [["X-Auto-Response-Suppress", "DR, OOF, AutoReply"]], kind: .autoReply),
        Case(name: "X-Auto-Response-Suppress other values", headers: [["X-Auto-Response-Suppress", "RN, NRN"]], kind: .normal),
        Case(name: "Precedence auto_reply", headers: [["Precedence", "auto_reply"]], kind: .autoReply),
        Case(name: "Exchange generated", headers: [["X-MS-Exchange-Generated-Message-Source", "Mailbox Rules Agent"]], kind: .autoReply),
        Case(name: "empty Return-Path without a report", headers: [["Return-Path", "<>"]], kind: .autoReply),
        Case(name: "Automatic reply subject", headers: [], subject: "Automatic reply: Your order", kind: .autoReply),
        Case(name: "Out of Office subject", headers: [], subject: "Out of Office: Re: Your order", kind: .autoReply),
        Case(name: "Abwesenheitsnotiz subject", headers: [], subject: "Abwesenheitsnotiz: Ihre Bestellung", kind: .autoReply),
        Case(name: "Réponse automatique subject", headers: [], subject: "Réponse automatique : Votre commande", kind: .autoReply),
        Case(name: "customer mentioning out of office", headers: [], subject: "Refund while I was out of office", kind: .normal),
        Case(name: "Precedence bulk", headers: [["Precedence", "bulk"]], kind: .bulk),
        Case(name: "Precedence list", headers: [["Precedence", "List"]], kind: .bulk),
        Case(name: "Precedence junk", headers: [["Precedence", "junk"]], kind: .bulk),
        Case(name: "List-Id", headers: [["List-Id", "<news.shop.example>"]], kind: .bulk),
        Case(name: "List-Unsubscribe", headers: [["List-Unsubscribe", "<mailto:unsub@news.example>"]], kind: .bulk),
        Case(name: "Mailchimp", headers: [["X-MC-User", "abc"], ["X-Mailchimp-Campaign", "1"]], kind: .bulk),
        Case(name: "Feedback-ID", headers: [["Feedback-ID", "1:2:3:sender"]], kind: .bulk),
        Case(name: "X-Campaign", headers: [["X-CampaignID", "77"]], kind: .bulk),
        Case(name: "vacation responder with Precedence bulk is an auto-reply", headers: [["Auto-Submitted", "auto-replied"], ["Precedence", "bulk"]], kind: .autoReply),
        Case(name: "mailer-daemon sender", headers: [], from: "Mail Delivery System <MAILER-DAEMON@mx.example>", subject: "Hello", kind: .bounce(originalMessageID: nil, recipient: nil)),
        Case(name: "postmaster sender", headers: [], from: "postmaster@mx.example", subject: "Hello", kind: .bounce(originalMessageID: nil, recipient: nil)),
        Case(name: "Undeliverable subject", headers: [], subject: "Undeliverable: Your order", kind: .bounce(originalMessageID: nil, recipient: nil)),
        Case(name: "Postfix subject", headers: [], subject: "Undelivered Mail Returned to Sender", kind: .bounce(originalMessageID: nil, recipient: nil)),
        Case(name: "Gmail subject", headers: [], subject: "Delivery Status Notification (Failure)", kind: .bounce(originalMessageID: nil, recipient: nil)),
        Case(name: "empty Return-Path with multipart/report", headers: [["Return-Path", "<>"], ["Content-Type", "multipart/report; boundary=x"]], subject: "Hi", kind: .bounce(originalMessageID: nil, recipient: nil)),
        Case(name: "delivery-status report type", headers: [["Content-Type", "multipart/report; report-type=\"delivery-status\"; boundary=\"b\""]], subject: "Hi", kind: .bounce(originalMessageID: nil, recipient: nil)),
        Case(name: "a customer named Postmaster Pat is a person", headers: [], from: "Postmaster Pat <pat@mail.example>", kind: .normal),
    ]

    @Test("classifies", arguments: cases)
    func classifies(_ testCase: Case) {
        let headers = testCase.headers.map { (name: $0[0], value: $0[1]) }
        let kind = MailClassifier.classify(headers: headers, from: testCase.from, subject: testCase.subject, text: nil, attachments: [])
        #expect(kind == testCase.kind)
    }

    @Test("Postfix bounce: recipient from the delivery-status part, Message-ID from the returned message")
    func postfixBounce() {
        let status = """
            Reporting-MTA: dns; mx.shop.example
            X-Postfix-Queue-ID: 4ABC
            Arrival-Date: Mon,  1 Dec 2026 09:00:00 +0100 (CET)

            Final-Recipient: rfc822; nobody@mail.example
            Original-Recipient: rfc822;Nobody@mail.example
            Action: failed
            Status: 5.1.1
            Remote-MTA: dns; mx.mail.example
            Diagnostic-Code: smtp; 550 5.1.1 <nobody@mail.example>: Recipient address
                rejected: User unknown
            """
        let returned = """
            Return-Path: <help@shop.example>
            Message-ID:
             <reply-42.1@shop.example>
            From: Shop Support <help@shop.example>
            To: nobody@mail.example
            Subject: Re: Your order [#42]

            We shipped it.
            """
        let kind = MailClassifier.classify(
            headers: [
                ("Return-Path", "<>"), ("From", "MAILER-DAEMON@mx.shop.example (Mail Delivery System)"),
                ("Auto-Submitted", "auto-replied"),
                ("Content-Type", "multipart/report; report-type=delivery-status; boundary=\"4ABC.1/mx\""),
            ],
            from: "MAILER-DAEMON@mx.shop.example",
            subject: "Undelivered Mail Returned to Sender",
            text: "This is the mail system at host mx.shop.example.\n\nI'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients.\n\n<nobody@mail.example>: host mx.mail.example said: 550 5.1.1 User unknown",
            attachments: [
                ("message/delivery-status", Array(status.utf8)),
                ("message/rfc822", Array(returned.replacingOccurrences(of: "\n", with: "\r\n").utf8)),
            ])
        #expect(kind == .bounce(originalMessageID: "reply-42.1@shop.example", recipient: "nobody@mail.example"))
    }

    @Test("Exchange NDR: text/rfc822-headers part, only the failed recipient counts")
    func exchangeBounce() {
        let status = "Reporting-MTA: dns;EX01.corp.example\r\n\r\nFinal-Recipient: rfc822;ok@corp.example\r\nAction: delivered\r\nStatus: 2.0.0\r\n\r\nFinal-Recipient: rfc822;gone@corp.example\r\nAction: failed\r\nStatus: 5.1.10\r\n"
        let headers = "From: Shop <help@shop.example>\r\nTo: gone@corp.example\r\nMessage-ID: <abc.123@shop.example>\r\nSubject: Ticket\r\n\r\n"
        let kind = MailClassifier.classify(
            headers: [("Content-Type", "multipart/report; report-type=delivery-status;\tboundary=\"_000_\"")],
            from: "postmaster@corp.example", subject: "Undeliverable: Ticket",
            text: "Delivery has failed to these recipients or groups:",
            attachments: [("message/delivery-status", Array(status.utf8)), ("text/rfc822-headers", Array(headers.utf8))])
        #expect(kind == .bounce(originalMessageID: "abc.123@shop.example", recipient: "gone@corp.example"))
    }

    @Test("bounce read from the text alone (qmail, Gmail)")
    func textOnlyBounces() {
        let qmail = """
            Hi. This is the qmail-send program at mx.example.
            I'm afraid I wasn't able to deliver your message to the following addresses.
            This is a permanent error; I've given up. Sorry it didn't work out.

            <lost@mail.example>:
            Sorry, no mailbox here by that name. (#5.1.1)

            --- Below this line is a copy of the message.

            Return-Path: <help@shop.example>
            Message-ID: <q-1@shop.example>
            Subject: Hello
            """
        #expect(MailClassifier.classify(headers: [], from: "MAILER-DAEMON@mx.example", subject: "failure notice", text: qmail, attachments: [])
            == .bounce(originalMessageID: "q-1@shop.example", recipient: "lost@mail.example"))
        let gmail = "** Address not found **\n\nYour message wasn't delivered to missing@gmail.example because the address couldn't be found."
        #expect(MailClassifier.classify(headers: [], from: "Mail Delivery Subsystem <mailer-daemon@googlemail.com>", subject: "Delivery Status Notification (Failure)", text: gmail, attachments: [])
            == .bounce(originalMessageID: nil, recipient: "missing@gmail.example"))
    }

    @Test("never crashes on junk parts", arguments: [[UInt8](), [0xFF, 0xFE, 0x00], Array("Final-Recipient:".utf8), Array(":\n:\n\n;;".utf8)])
    func junkParts(_ data: [UInt8]) {
        let kind = MailClassifier.classify(
            headers: [("Content-Type", "multipart/report; report-type=delivery-status")], from: nil, subject: "", text: "",
            attachments: [("message/delivery-status", data), ("message/rfc822", data), ("text/rfc822-headers", data)])
        #expect(kind == .bounce(originalMessageID: nil, recipient: nil))
    }
}
