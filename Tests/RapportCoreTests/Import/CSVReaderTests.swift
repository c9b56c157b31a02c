import Foundation
import Testing

@testable import RapportCore

private func parse(_ text: String) throws -> [CSVRecord] {
    try CSVReader.parse(Array(text.utf8))
}

private func parse(_ bytes: [UInt8], chunkSize: Int) throws -> [CSVRecord] {
    var reader = CSVReader()
    var records: [CSVRecord] = []
    var start = 0
    while start < bytes.count {
        let end = min(start + chunkSize, bytes.count)
        records += reader.feed(bytes[start..<end])
        start = end
    }
    records += try reader.finish()
    return records
}

private func record(_ line: Int, _ fields: String...) -> CSVRecord {
    CSVRecord(line: line, fields: fields)
}

/// A file that exercises every rule at once: BOM, CRLF, quoted delimiters and line breaks,
/// doubled quotes, empty lines, lone CRs, stray quotes, non-ASCII text and no final newline.
private let trickyFile = Array(
    "\u{FEFF}name,note\r\n\"Zoë Ångström, PhD\",\"two\r\nlines \"\"quoted\"\"\"\r\n\r\nplain,x\"y\rcr,\"a\"b\n山田太郎,\"\r\"\n\n,\n\"end\""
        .utf8)

@Suite("CSV reader")
struct CSVReaderTests {
    @Test("simple rows come back with their line numbers")
    func simpleRows() throws {
        let records = try parse("name,email\nAnn,ann@example.org\nBob,bob@example.org\n")
        #expect(records == [record(1, "name", "email"), record(2, "Ann", "ann@example.org"), record(3, "Bob", "bob@example.org")])
    }

    @Test("quoted fields keep delimiters and line breaks, and later records start on the right line")
    func quotedFields() throws {
        let records = try parse("a,b\n\"Smith, Jane\",\"line 1\nline 2\r\nline 3\"\nnext,row\n")
        #expect(records == [record(1, "a", "b"), record(2, "Smith, Jane", "line 1\nline 2\r\nline 3"), record(5, "next", "row")])
    }

    @Test("doubled quotes inside quotes are one quote", arguments: [
        ("\"say \"\"hi\"\"\"\n", "say \"hi\""),
        ("\"\"\"\"\n", "\""),
        ("\"\"\n", ""),
    ])
    func doubledQuotes(text: String, expected: String) throws {
        #expect(try parse(text) == [record(1, expected)])
    }

    @Test("LF, CRLF and lone CR all end a record", arguments: ["\n", "\r\n", "\r"])
    func lineEndings(newline: String) throws {
        let records = try parse(["id,name", "1,Ann", "2,\"Bob\""].joined(separator: newline) + newline)
        #expect(records == [record(1, "id", "name"), record(2, "1", "Ann"), record(3, "2", "Bob")])
    }

    @Test("a byte order mark at the start is skipped, whole or split across 1-byte feeds")
    func byteOrderMark() throws {
        let bytes = Array("\u{FEFF}id,name\r\n1,Ann\r\n".utf8)
        let expected = [record(1, "id", "name"), record(2, "1", "Ann")]
        #expect(try CSVReader.parse(bytes) == expected)
        #expect(try parse(bytes, chunkSize: 1) == expected)
    }

    @Test("the first bytes of a byte order mark followed by something else are data")
    func partialByteOrderMark() throws {
        let records = try parse([0xEF, 0xBB, UInt8(ascii: "A"), UInt8(ascii: "\n")], chunkSize: 1)
        #expect(records.count == 1)
        #expect(records.first?.fields.first?.hasSuffix("A") == true)
        #expect(try CSVReader.parse([0xEF, UInt8(ascii: "A"), UInt8(ascii: ","), UInt8(ascii: "b")]).first?.fields.count == 2)
    }

    @Test("the last record is returned without a trailing newline", arguments: ["a,b\n1,2", "a,b\n1,2\n", "a,b\r\n1,2\r\n"])
    func noTrailingNewline(text: String) throws {
        #expect(try parse(text) == [record(1, "a", "b"), record(2, "1", "2")])
    }

    @Test("a trailing delimiter makes an empty last field")
    func trailingDelimiter() throws {
        #expect(try parse("a,\n,\n\"\"\na,") == [record(1, "a", ""), record(2, "", ""), record(3, ""), record(4, "a", "")])
    }

    @Test("empty lines are skipped but still counted")
    func emptyLines() throws {
        #expect(try parse("\n\nname\n\n\r\nAnn\r\rBob") == [record(3, "name"), record(6, "Ann"), record(8, "Bob")])
        #expect(try parse("\n\r\n\r").isEmpty)
        #expect(try CSVReader.parse([UInt8]()).isEmpty)
    }

    @Test("an unterminated quote throws with the line where it opened")
    func unterminatedQuote() {
        #expect(throws: CSVError.unterminatedQuote(line: 3)) {
            try parse("name,note\nAnn,ok\nBob,\"never\nclosed\n")
        }
    }

    @Test("stray quotes are kept literally, as spreadsheets do")
    func strayQuotes() throws {
        #expect(try parse("5\" disk,\"closed\"tail,a\"b\"c\n") == [record(1, "5\" disk", "closedtail", "a\"b\"c")])
    }

    @Test("fields are not trimmed and rows keep their own length")
    func untrimmedRaggedRows() throws {
        #expect(try parse(" a , b\nc\nd,e,f\n") == [record(1, " a ", " b"), record(2, "c"), record(3, "d", "e", "f")])
    }

    @Test("non-ASCII names survive, even split inside a character")
    func unicode() throws {
        let bytes = Array("name,city\nZoë Ångström,Malmö\n山田太郎,\"東京, 日本\"\n".utf8)
        let expected = [record(1, "name", "city"), record(2, "Zoë Ångström", "Malmö"), record(3, "山田太郎", "東京, 日本")]
        #expect(try CSVReader.parse(bytes) == expected)
        #expect(try parse(bytes, chunkSize: 1) == expected)
    }

    @Test("invalid UTF-8 becomes replacement characters instead of an error")
    func invalidUTF8() throws {
        let records = try CSVReader.parse([UInt8(ascii: "a"), 0xFF, UInt8(ascii: ","), 0xC3, UInt8(ascii: ","), 0xFF, 0xFE, UInt8(ascii: "\n")])
        #expect(records == [record(1, "a\u{FFFD}", "\u{FFFD}", "\u{FFFD}\u{FFFD}")])
    }

    @Test("feeding in chunks gives the same records as one parse", arguments: [1, 2, 3, 7, 64])
    func chunking(size: Int) throws {
        let whole = try CSVReader.parse(trickyFile)
        #expect(whole.map(\.line) == [1, 2, 5, 6, 7, 10, 11])
        #expect(whole[1].fields == ["Zoë Ångström, PhD", "two\r\nlines \"quoted\""])
        #expect(try parse(trickyFile, chunkSize: size) == whole)
    }

    @Test("another delimiter can be chosen")
    func semicolons() throws {
        let records = try CSVReader.parse(Array("a;\"b;c\",d\n".utf8), delimiter: UInt8(ascii: ";"))
        #expect(records == [record(1, "a", "b;c,d")])
    }
}

@Suite("CSV writer")
struct CSVWriterTests {
    @Test("plain fields are written as they are, with CRLF at the end")
    func plain() {
        #expect(CSVWriter.line(["Ann", "ann@example.org", ""]) == "Ann,ann@example.org,\r\n")
    }

    @Test("tricky values read back unchanged", arguments: [
        ["with,comma", "with \"quotes\"", "line\nbreak", "crlf\r\nbreak", "lone\rcr"],
        [" leading", "trailing ", "", "\"", "\"\""],
        ["Zoë Ångström", "山田太郎", "-12.5", "+44 20 7946 0958", "+1 (555) 010-0199"],
    ])
    func roundTrip(fields: [String]) throws {
        let line = CSVWriter.line(fields)
        #expect(try CSVReader.parse(Array(line.utf8)) == [CSVRecord(line: 1, fields: fields)])
    }

    @Test("a field a spreadsheet would run as a formula gets a leading quote", arguments: [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
        ("+HYPERLINK(\"http://example.com\")", "'+HYPERLINK(\"http://example.com\")"),
        ("-2+3", "'-2+3"),
        ("-", "'-"),
        ("-12.5", "-12.5"),
        ("+44 20 7946 0958", "+44 20 7946 0958"),
        ("+1 (555) 010-0199", "+1 (555) 010-0199"),
        ("a=b", "a=b"),
    ])
    func formulaInjection(field: String, written: String) throws {
        #expect(CSVWriter.neutralised(field) == written)
        #expect(try CSVReader.parse(Array(CSVWriter.line([field]).utf8)).first?.fields == [written])
    }

    @Test("a field starting with CR is neutralised and quoted")
    func leadingCarriageReturn() {
        #expect(CSVWriter.line(["\r=1"]) == "\"'\r=1\"\r\n")
    }
}

@Suite("CSV formula round trip")
struct CSVFormulaRoundTripTests {
    @Test("restored undoes neutralised and leaves ordinary apostrophes alone", arguments: ["=SUM(A1)", "@x", "-2+3", "'quoted", "O'Brien", "+44 20 7946 0958", "plain"])
    func roundTrip(value: String) {
        #expect(CSVWriter.restored(CSVWriter.neutralised(value)) == value)
    }
}

@Suite("Cell trimming")
struct CellTrimmingTests {
    @Test("trims like Foundation, including Unicode spaces", arguments: ["  a b  ", "\tx\r\n", "", "   ", "plain", "\u{00A0}nbsp\u{00A0}", " Zoë ", "é", "\u{3000}全角\u{3000}"])
    func matchesFoundation(value: String) {
        #expect(value.trimmed == value.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
