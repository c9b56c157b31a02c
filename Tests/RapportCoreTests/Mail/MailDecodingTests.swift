import Foundation
import Testing

@testable import RapportCore

@Suite("MIME decoding details")
struct MailDecodingTests {
    @Test(
        "RFC 2047 encoded words",
        arguments: [
            ("=?UTF-8?B?w6l0w6k=?=", "été"),
            ("=?iso-8859-1?q?caf=E9?= =?UTF-8?Q?_cr=C3=A8me?=", "café crème"),
            ("=?UTF-8?B?8J+Y?= =?UTF-8?B?gg==?=", "😂"),  // one character split across two words
            ("a =?UTF-8?Q?b?= c", "a b c"),
            ("=?UTF-8?X?bad?= stays", "=?UTF-8?X?bad?= stays"),
            ("=?utf-8?q?unfinished", "=?utf-8?q?unfinished"),
            ("=?koi8-r?B?8NLJ18XU?=", "Привет"),
        ])
    func encodedWords(_ input: String, _ expected: String) {
        #expect(MailEncodedWords.decode(input) == expected)
    }

    @Test(
        "RFC 2231 and RFC 2047 in parameters",
        arguments: [
            ("attachment; filename*=UTF-8''%C3%BCbersicht%20Q4.pdf", "übersicht Q4.pdf"),
            ("attachment; filename*0*=UTF-8''%E6%97%A5%E6%9C%AC; filename*1*=%E8%AA%9E.txt", "日本語.txt"),
            ("attachment; filename*0=\"long \"; filename*1=\"name.txt\"", "long name.txt"),
            ("attachment; filename*=iso-8859-1'de'Gr%FC%DFe.txt", "Grüße.txt"),
            ("attachment; filename=\"=?UTF-8?B?w6R0c2No?=.doc\"", "ätsch.doc"),
            ("attachment; filename=plain.txt; size=12", "plain.txt"),
        ])
    func parameters(_ header: String, _ expected: String) {
        #expect(MailHeaderParameters.parse(header)["filename"] == expected)
    }

    @Test(
        "charsets decode, and wrong labels fall back",
        arguments: [
            ([0x47, 0x72, 0xFC, 0xDF, 0x65] as [UInt8], "utf-8", "Grüße"),
            ([0xA4], "iso-8859-15", "€"),
            ([0xB1, 0xEA], "iso-8859-2", "ąę"),
            ([0x80], "windows-1252", "€"),
            ([0xCF, 0xF0, 0xE8], "windows-1251", "При"),
            ([0xF0, 0xD2, 0xC9], "koi8-r", "При"),
            ([0xC4, 0xE3, 0xBA, 0xC3], "gb2312", "你好"),
            ([0x82, 0xA0], "shift_jis", "あ"),
            ([0xC3, 0xA9], "x-unknown-thing", "é"),
            ([0xE9], "x-unknown-thing", "é"),
        ])
    func charsets(_ bytes: [UInt8], _ charset: String, _ expected: String) {
        #expect(MailCharset.decode(bytes, charset: charset).text == expected)
    }

    @Test("quoted-printable: soft breaks, lower-case hex, trailing space, a bad escape kept")
    func quotedPrintable() {
        let input = Array("caf=c3=a9 =\r\nau lait  \r\n1+1=2 =ZZ\r\nend=".utf8)
        #expect(String(decoding: MailTransferDecoding.quotedPrintable(input[...]), as: UTF8.self) == "café au lait\r\n1+1=2 =ZZ\r\nend")
    }

    @Test(
        "base64 tolerates missing padding, whitespace, line breaks and concatenated chunks",
        arguments: [("aGVsbG8", "hello"), ("aGVs\r\n bG8=", "hello"), ("aGVsbG8=d29ybGQ=", "helloworld"), ("a G V s b G 8 =", "hello")])
    func base64(_ input: String, _ expected: String) {
        #expect(String(decoding: MailTransferDecoding.base64(Array(input.utf8)), as: UTF8.self) == expected)
    }

    @Test("address lists: quoted commas, comments, groups, missing brackets, encoded names")
    func addresses() {
        let list = MailAddressList.parse(
            "\"Doe, Jane\" <jane@x.example>, team: a@x.example, b@x.example;, c@x.example (Carl), =?UTF-8?Q?Zo=C3=AB?= <zoe@x.example>, Smith, Bob <bob@x.example>, Ann ann@x.example")
        #expect(list.map(\.address) == ["jane@x.example", "a@x.example", "b@x.example", "c@x.example", "zoe@x.example", "bob@x.example", "ann@x.example"])
        #expect(list.map(\.name) == ["Doe, Jane", nil, nil, "Carl", "Zoë", "Smith, Bob", "Ann"])
        #expect(MailAddressList.parse("undisclosed-recipients:;").isEmpty)
    }

    @Test(
        "dates: RFC 5322 and common broken variants",
        arguments: [
            ("Tue, 1 Dec 2026 09:10:00 +0100", "2026-12-01T08:10:00Z"),
            ("1 Dec 2026 09:10:00 GMT", "2026-12-01T09:10:00Z"),
            ("Tue, 01 Dec 26 09:10 EST", "2026-12-01T14:10:00Z"),
            ("Tue,  1 Dec 2026 09:10:00 +0000 (UTC)", "2026-12-01T09:10:00Z"),
            ("Tue Dec  1 09:10:00 2026", "2026-12-01T09:10:00Z"),
            ("2026-12-01T09:10:00+02:00", "2026-12-01T07:10:00Z"),
            ("Tuesday, December 1, 2026 9:10:00 AM", "2026-12-01T09:10:00Z"),
        ])
    func dates(_ input: String, _ expected: String) {
        #expect(MailDate.parse(input) == ISO8601DateFormatter().date(from: expected))
    }

    @Test("message ids: several, missing brackets, comments")
    func messageIDs() {
        #expect(MailMessageIDs.parse("<a@x> <b@y>\r\n <c@z>") == ["a@x", "b@y", "c@z"])
        #expect(MailMessageIDs.parse("no.brackets@x") == ["no.brackets@x"])
        #expect(MailMessageIDs.parse("<a@x> (message of Monday)") == ["a@x"])
        #expect(MailMessageIDs.parse("") == [])
    }
}
