import Foundation
import Testing

@testable import RapportCore

@Suite("CSV reader and writer")
struct CSVReaderTests {
    func parse(_ text: String) throws -> [CSVRecord] { try CSVReader.parse(Array(text.utf8)) }

    @Test("plain rows, with and without a final line break")
    func plain() throws {
        #expect(try parse("a,b\n1,2\n") == [CSVRecord(line: 1, fields: ["a", "b"]), CSVRecord(line: 2, fields: ["1", "2"])])
        #expect(try parse("a,b\r\n1,2") == [CSVRecord(line: 1, fields: ["a", "b"]), CSVRecord(line: 2, fields: ["1", "2"])])
        #expect(try parse("a,\n") == [CSVRecord(line: 1, fields: ["a", ""])])
    }

    @Test("quoted fields keep delimiters, doubled quotes and line breaks; later records keep their line numbers")
    func quoted() throws {
        let records = try parse("name,notes\n\"Smith, Jane\",\"said \"\"hi\"\"\nand left\"\r\n\"x\r\ny\",z\nlast,row\n")
        #expect(records.map(\.fields) == [["name", "notes"], ["Smith, Jane", "said \"hi\"\nand left"], ["x\r\ny", "z"], ["last", "row"]])
        #expect(records.map(\.line) == [1, 2, 4, 6])
    }

    @Test("lone CR ends a line; empty lines are skipped but counted")
    func lineEnds() throws {
        let records = try parse("a\rb\n\n\r\nc\n")
        #expect(records.map(\.fields) == [["a"], ["b"], ["c"]])
        #expect(records.map(\.line) == [1, 2, 5])
    }

    @Test("a byte order mark is skipped, also when it arrives a byte at a time")
    func byteOrderMark() throws {
        let bytes = [0xEF, 0xBB, 0xBF] + Array("name\nZoë\n".utf8)
        #expect(try CSVReader.parse(bytes).map(\.fields) == [["name"], ["Zoë"]])
        var reader = CSVReader()
        var records: [CSVRecord] = []
        for byte in bytes { records += reader.feed([byte]) }
        records += try reader.finish()
        #expect(records.map(\.fields) == [["name"], ["Zoë"]])
        // Bytes that only look like the start of a mark are data.
        #expect(try CSVReader.parse([0xEF, 0x41] + Array(",b\n".utf8)).first?.fields.count == 2)
    }

    @Test("an unclosed quote names the line it opened on")
    func unterminated() {
        #expect(throws: CSVError.unterminatedQuote(line: 2)) { try parse("a\n\"open,\nstill open") }
    }

    @Test("chunked input gives the same records as one buffer", arguments: [1, 2, 3, 7, 64])
    func chunks(size: Int) throws {
        let text = "\u{FEFF}id,name,notes\r\n1,\"Ng, Anh\",\"multi\r\nline \"\"quoted\"\"\"\r\n2,山田太郎,\r\n\r\n3,O'Brien,\"a,b\"\n4,last,x"
        let bytes = Array(text.utf8)
        var reader = CSVReader()
        var records: [CSVRecord] = []
        for start in stride(from: 0, to: bytes.count, by: size) {
            records += reader.feed(bytes[start..<min(start + size, bytes.count)])
        }
        records += try reader.finish()
        #expect(records == (try CSVReader.parse(bytes)))
        #expect(records.count == 5)
        #expect(records[2].fields[1] == "山田太郎")
    }

    @Test("invalid UTF-8 is replaced, not fatal")
    func invalidUTF8() throws {
        let records = try CSVReader.parse(Array("a,".utf8) + [0xFF, 0xFE] + Array("\n".utf8))
        #expect(records.first?.fields[1] == "\u{FFFD}\u{FFFD}")
    }

    @Test("what the writer writes, the reader reads back", arguments: [
        ["plain", "with, comma", "with \"quotes\"", "line\nbreak", " padded ", "", "Zoë Ångström", "CRLF\r\ninside"],
    ])
    func roundTrip(fields: [String]) throws {
        #expect(try parse(CSVWriter.line(fields)).first?.fields == fields)
    }

    @Test("cells a spreadsheet would run as a formula are neutralised; numbers and phone numbers are not", arguments: [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"), ("@cmd", "'@cmd"), ("+HYPERLINK(\"x\")", "'+HYPERLINK(\"x\")"), ("-2+3", "'-2+3"),
        ("+44 20 7946 0958", "+44 20 7946 0958"), ("-12.5", "-12.5"), ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"), ("normal", "normal"),
    ])
    func formulas(input: String, expected: String) throws {
        #expect(try parse(CSVWriter.line([input])).first?.fields == [expected])
    }
}
