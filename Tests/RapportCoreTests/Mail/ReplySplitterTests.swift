import Foundation
import Testing

@testable import RapportCore

@Suite("Reply splitter")
struct ReplySplitterTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var text: String
        var new: String
        var quotedStart: String?
        var signature: String?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "no quote at all", text: "Where is my order 4711?", new: "Where is my order 4711?"),
        Case(
            name: "Gmail English attribution",
            text: "Thanks, it works.\n\nOn Mon, Dec 1, 2026 at 9:00 AM Shop Support <help@shop.example> wrote:\n> Please restart.\n> \n> Shop",
            new: "Thanks, it works.", quotedStart: "On Mon, Dec 1, 2026 at 9:00 AM"),
        Case(
            name: "attribution wrapped onto two lines",
            text: "Got it.\n\nOn Mon, Dec 1, 2026 at 9:00 AM Shop Support <\nhelp@shop.example> wrote:\n\n> Please restart.",
            new: "Got it.", quotedStart: "On Mon, Dec 1, 2026 at 9:00 AM Shop Support <"),
        Case(
            name: "Outlook original message separator",
            text: "Yes please.\r\n\r\n-----Original Message-----\r\nFrom: Shop <help@shop.example>\r\nSent: Monday\r\nTo: Ann\r\nSubject: Re: refund\r\n\r\nShall we refund?",
            new: "Yes please.", quotedStart: "-----Original Message-----"),
        Case(
            name: "Outlook header block with rule",
            text: "Please cancel.\n\n________________________________\nFrom: Shop Support <help@shop.example>\nSent: Monday, December 1, 2026 9:00 AM\nTo: Ann <ann@mail.example>\nSubject: Your order\n\nYour order shipped.",
            new: "Please cancel.", quotedStart: "________________________________"),
        Case(
            name: "Outlook German header block",
            text: "Bitte stornieren.\n\nVon: Shop Support <help@shop.example>\nGesendet: Montag, 1. Dezember 2026 09:00\nAn: Anna <anna@mail.example>\nBetreff: Ihre Bestellung\n\nIhre Bestellung wurde versandt.",
            new: "Bitte stornieren.", quotedStart: "Von: Shop Support"),
        Case(
            name: "Outlook French header block",
            text: "Merci.\n\nDe : Shop Support <help@shop.example>\nEnvoyé : lundi 1 décembre 2026 09:00\nÀ : Anne <anne@mail.example>\nObjet : Votre commande\n\nVotre commande est partie.",
            new: "Merci.", quotedStart: "De : Shop Support"),
        Case(
            name: "Outlook Spanish header block",
            text: "Gracias por la ayuda.\n\nDe: Shop Support <help@shop.example>\nEnviado: lunes, 1 de diciembre de 2026 9:00\nPara: Ana <ana@mail.example>\nAsunto: Su pedido\n\nSu pedido fue enviado.",
            new: "Gracias por la ayuda.", quotedStart: "De: Shop Support"),
        Case(
            name: "Outlook Dutch header block",
            text: "Dank je.\n\nVan: Shop Support <help@shop.example>\nVerzonden: maandag 1 december 2026 09:00\nAan: Anna <anna@mail.example>\nOnderwerp: Uw bestelling\n\nUw bestelling is verzonden.",
            new: "Dank je.", quotedStart: "Van: Shop Support"),
        Case(
            name: "Outlook Polish header block",
            text: "Dziękuję za pomoc.\n\nOd: Shop Support <help@shop.example>\nWysłano: poniedziałek, 1 grudnia 2026 09:00\nDo: Anna <anna@mail.example>\nTemat: Zamówienie\n\nZamówienie wysłane.",
            new: "Dziękuję za pomoc.", quotedStart: "Od: Shop Support"),
        Case(
            name: "Outlook Portuguese header block",
            text: "Obrigado pela ajuda.\n\nDe: Shop Support <help@shop.example>\nEnviada em: segunda-feira, 1 de dezembro de 2026 09:00\nPara: Ana <ana@mail.example>\nAssunto: Pedido\n\nPedido enviado.",
            new: "Obrigado pela ajuda.", quotedStart: "De: Shop Support"),
        Case(
            name: "bold Outlook header block from HTML",
            text: "Ok.\n\n*From:* Shop <help@shop.example>\n*Sent:* Monday\n*To:* Ann\n*Subject:* Hi\n\nHello",
            new: "Ok.", quotedStart: "*From:* Shop"),
        Case(
            name: "German attribution",
            text: "Danke!\n\nAm 01.12.2026 um 09:00 schrieb Shop Support <help@shop.example>:\n> Bitte neu starten.",
            new: "Danke!", quotedStart: "Am 01.12.2026 um 09:00 schrieb"),
        Case(
            name: "French attribution",
            text: "Merci beaucoup.\n\nLe lun. 1 déc. 2026 à 09:00, Shop Support <help@shop.example> a écrit :\n> Redémarrez.",
            new: "Merci beaucoup.", quotedStart: "Le lun. 1 déc. 2026"),
        Case(
            name: "Spanish attribution",
            text: "Perfecto.\n\nEl lun, 1 dic 2026 a las 9:00, Shop Support (<help@shop.example>) escribió:\n> Reinicie.",
            new: "Perfecto.", quotedStart: "El lun, 1 dic 2026"),
        Case(
            name: "Dutch attribution",
            text: "Top.\n\nOp ma 1 dec. 2026 om 09:00 schreef Shop Support <help@shop.example>:\n> Herstart.",
            new: "Top.", quotedStart: "Op ma 1 dec. 2026"),
        Case(
            name: "Polish attribution",
            text: "Super.\n\nW dniu 1.12.2026 o 09:00, Shop Support <help@shop.example> pisze:\n> Uruchom ponownie.",
            new: "Super.", quotedStart: "W dniu 1.12.2026"),
        Case(
            name: "Portuguese attribution",
            text: "Ótimo.\n\nEm seg., 1 de dez. de 2026 às 09:00, Shop Support <help@shop.example> escreveu:\n> Reinicie.",
            new: "Ótimo.", quotedStart: "Em seg., 1 de dez. de 2026"),
        Case(
            name: "bare quote block at the bottom",
            text: "I still need help.\n\n> Did you try restarting?\n> Shop",
            new: "I still need help.", quotedStart: "> Did you try restarting?"),
        Case(
            name: "iPhone signature",
            text: "Can you call me?\n\nSent from my iPhone",
            new: "Can you call me?", signature: "Sent from my iPhone"),
        Case(
            name: "German iPhone signature with quote",
            text: "Bitte zurückrufen.\n\nVon meinem iPhone gesendet\n\n> Am 01.12.2026 um 09:00 schrieb Shop:\n> Hallo",
            new: "Bitte zurückrufen.", quotedStart: "> Am 01.12.2026", signature: "Von meinem iPhone gesendet"),
        Case(
            name: "French iPhone signature",
            text: "Merci\n\nEnvoyé de mon iPhone",
            new: "Merci", signature: "Envoyé de mon iPhone"),
        Case(
            name: "Outlook for Android",
            text: "On my way.\n\nGet Outlook for Android<https://aka.ms/ghei36>\n\n________________________________\nFrom: Shop <help@shop.example>\nSent: Monday\nTo: Ann\nSubject: Visit\n\nWhen?",
            new: "On my way.", quotedStart: "________________________________", signature: "Get Outlook for Android<https://aka.ms/ghei36>"),
        Case(
            name: "dash-dash-space delimiter",
            text: "The invoice is wrong.\n\n-- \nAnn Example\nExample GmbH\n+49 30 1234567",
            new: "The invoice is wrong.", signature: "Ann Example\nExample GmbH\n+49 30 1234567"),
        Case(
            name: "sign-off with a name block",
            text: "The invoice is wrong, please fix it.\n\nBest regards,\nAnn Example\nHead of Purchasing\nExample GmbH",
            new: "The invoice is wrong, please fix it.\n\nBest regards,", signature: "Ann Example\nHead of Purchasing\nExample GmbH"),
        Case(
            name: "German sign-off",
            text: "Die Rechnung stimmt nicht.\n\nMit freundlichen Grüßen\nAnna Beispiel",
            new: "Die Rechnung stimmt nicht.\n\nMit freundlichen Grüßen", signature: "Anna Beispiel"),
        Case(
            name: "thanks followed by a real paragraph is not a signature",
            text: "Thanks,\nbut the package never arrived and I have been waiting for three weeks now, what can you do about it?",
            new: "Thanks,\nbut the package never arrived and I have been waiting for three weeks now, what can you do about it?"),
        Case(
            name: "a bare forward keeps everything as new",
            text: "---------- Forwarded message ---------\nFrom: Bob <bob@mail.example>\nDate: Mon, Dec 1, 2026\nSubject: Broken\nTo: Ann\n\nIt broke.",
            new: "---------- Forwarded message ---------\nFrom: Bob <bob@mail.example>\nDate: Mon, Dec 1, 2026\nSubject: Broken\nTo: Ann\n\nIt broke."),
        Case(
            name: "a message that is only quote keeps everything as new",
            text: "> old line\n> another",
            new: "> old line\n> another"),
        Case(
            name: "forward with a note",
            text: "See below, this keeps happening.\n\n---------- Forwarded message ---------\nFrom: Bob <bob@mail.example>\nDate: Mon, Dec 1, 2026\n\nIt broke.",
            new: "See below, this keeps happening.", quotedStart: "---------- Forwarded message"),
        Case(
            name: "interleaved answers stay in new",
            text: "On Mon, Dec 1, 2026 at 9:00 AM Shop <help@shop.example> wrote:\n> What is your order number?\n4711\n> And your postcode?\n10115\n\nAnn",
            new: "On Mon, Dec 1, 2026 at 9:00 AM Shop <help@shop.example> wrote:\n> What is your order number?\n4711\n> And your postcode?\n10115\n\nAnn"),
        Case(
            name: "interleaved answers followed by a trailing quote",
            text: "> What is your order number?\n4711\n\n> Anything else?\n> Regards, Shop",
            new: "> What is your order number?\n4711", quotedStart: "> Anything else?"),
        Case(
            name: "signature and quote together",
            text: "Fine.\n\n-- \nAnn\n\nOn Mon, Dec 1, 2026, Shop <help@shop.example> wrote:\n> Ok?",
            new: "Fine.", quotedStart: "On Mon, Dec 1, 2026", signature: "Ann"),
        Case(
            name: "customer text mentioning wrote is not a quote",
            text: "My colleague wrote:\nthe app crashes on start.",
            new: "My colleague wrote:\nthe app crashes on start."),
        Case(name: "whitespace only", text: " \n\t\n", new: ""),
        Case(
            name: "a route in the customer's text is not a header block",
            text: "I need a van.\nFrom: Berlin\nTo: Munich\nDate: Friday\nCan you do it?",
            new: "I need a van.\nFrom: Berlin\nTo: Munich\nDate: Friday\nCan you do it?"),
        Case(
            name: "Exchange header block without addresses",
            text: "Please check.\n\nFrom: Smith, John\nSent: Monday, December 1, 2026 9:00 AM\nTo: Support\nSubject: Invoice\n\nOld text",
            new: "Please check.", quotedStart: "From: Smith, John"),
        Case(
            name: "Apple Mail forward",
            text: "FYI\n\nBegin forwarded message:\n\nFrom: Bob <bob@mail.example>\nSubject: Broken\n\nIt broke.",
            new: "FYI", quotedStart: "Begin forwarded message:"),
        Case(
            name: "Thunderbird attribution without opener",
            text: "Works now.\n\nShop Support <help@shop.example> wrote:\n> Try again.",
            new: "Works now.", quotedStart: "Shop Support <help@shop.example> wrote:"),
        Case(
            name: "CRLF and trailing spaces",
            text: "Hello  \r\n\r\nOn Mon, Dec 1, 2026, Shop wrote:\r\n> old\r\n",
            new: "Hello", quotedStart: "On Mon, Dec 1, 2026, Shop wrote:"),
    ]

    @Test("splits", arguments: cases)
    func splits(_ testCase: Case) {
        let parts = ReplySplitter.split(testCase.text)
        #expect(parts.new == testCase.new)
        if let quotedStart = testCase.quotedStart {
            #expect(parts.quoted?.hasPrefix(quotedStart) == true, "quoted: \(parts.quoted ?? "nil")")
        } else {
            #expect(parts.quoted == nil)
        }
        #expect(parts.signature == testCase.signature)
    }

    @Test("own text is never lost", arguments: [
        "-- \nonly a signature", "Sent from my iPhone", "Best regards,\nAnn", "\n\n-----Original Message-----\nx",
        "On Mon wrote:", ">", "--", "a\n--", "From: a\nTo: b\nSubject: c\n\nbody",
    ])
    func neverEmpty(_ text: String) {
        let parts = ReplySplitter.split(text)
        #expect(!parts.new.isEmpty)
    }

    @Test("trimming without NSString gives what Foundation gives", arguments: [
        "", "   ", "\t x \t", "\u{00A0}*Von:*\u{00A0}", "  wrote:  ", "> quoted", "\u{2003}em space\u{2003}", " \u{0301}accent ",
        "emoji 👍🏽 ", "—", "** ", "a",
    ])
    func trimming(text: String) {
        for set in [CharacterSet.whitespaces, CharacterSet(charactersIn: " \t\u{00A0}*"), CharacterSet(charactersIn: " \t\u{00A0}-_=*>:")] {
            #expect(text.trimmed(set) == text.trimmingCharacters(in: set))
            #expect(text.dropFirst().trimmed(set) == text.dropFirst().trimmingCharacters(in: set))
        }
    }
}
