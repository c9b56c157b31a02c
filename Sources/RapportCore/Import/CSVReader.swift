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

/// Why a CSV input could not be read.
public enum CSVError: Error, Equatable, Sendable {
    /// A quoted field opened on `line` never closes.
    case unterminatedQuote(line: Int)
}

/// An incremental RFC 4180 reader: feed it chunks of bytes as they arrive and it returns the
/// records each chunk completes.
///
/// It scans bytes, not `Character`s, and copies whole runs of plain bytes at once, so a
/// 100,000-row file parses in a fraction of a second. It is lenient where real spreadsheets are
/// sloppy: a quote inside an unquoted field is kept, text after a closing quote is kept, rows may
/// have any number of fields, and invalid UTF-8 becomes U+FFFD instead of an error.
public struct CSVReader: Sendable {
    private enum State: Sendable {
        /// Before the first byte of a field (at the start of a record when `fields` is empty).
        case fieldStart
        case unquoted
        case quoted
        /// Just after a quote inside a quoted field: either a doubled quote or the closing one.
        case quoteInQuoted
    }

    private static let quote = UInt8(ascii: "\"")
    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")
    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    private let delimiter: UInt8
    private var state = State.fieldStart
    /// Bytes of the current field, when it is quoted or spans chunks; plain fields that end in the
    /// chunk they start in are decoded straight from the chunk.
    private var field: [UInt8] = []
    private var fields: [String] = []
    private var line = 1
    private var recordLine = 1
    /// How many bytes of a byte order mark have been seen at the start of input; nil once decided.
    private var byteOrderMarkMatched: Int? = 0
    /// The last byte consumed was a CR at the end of a chunk: an LF starting the next chunk
    /// belongs to the same line break.
    private var afterCR = false
    private var fieldCountHint = 8

    public init(delimiter: UInt8 = UInt8(ascii: ",")) {
        precondition(
            delimiter != Self.quote && delimiter != Self.cr && delimiter != Self.lf,
            "a CSV delimiter cannot be a quote or a line break")
        self.delimiter = delimiter
        field.reserveCapacity(64)
    }

    /// Feeds the next chunk; returns the records completed by it.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [CSVRecord] {
        var records: [CSVRecord] = []
        let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            feed(buffer, into: &records)
        }
        if done == nil {
            Array(bytes).withUnsafeBufferPointer { buffer in feed(buffer, into: &records) }
        }
        return records
    }

    /// Ends the input: returns the last record when the input did not end with a line break, and
    /// throws when a quoted field is still open. The reader is then ready for a new input.
    public mutating func finish() throws -> [CSVRecord] {
        defer { self = CSVReader(delimiter: delimiter) }
        var records: [CSVRecord] = []
        if let matched = byteOrderMarkMatched, matched > 0 {
            // The input was only the first bytes of a byte order mark: they are data after all.
            byteOrderMarkMatched = nil
            Self.byteOrderMark[..<matched].withUnsafeBufferPointer { consume($0, into: &records) }
        }
        switch state {
        case .quoted:
            throw CSVError.unterminatedQuote(line: recordLine)
        case .fieldStart where fields.isEmpty:
            break
        case .fieldStart, .unquoted, .quoteInQuoted:
            fields.append(takeField())
            endRecord(into: &records)
        }
        return records
    }

    /// Parses a whole buffer.
    public static func parse(_ data: some Collection<UInt8>, delimiter: UInt8 = UInt8(ascii: ",")) throws -> [CSVRecord] {
        var reader = CSVReader(delimiter: delimiter)
        var records = reader.feed(data)
        records += try reader.finish()
        return records
    }

    private mutating func feed(_ buffer: UnsafeBufferPointer<UInt8>, into records: inout [CSVRecord]) {
        var start = 0
        if let matched = byteOrderMarkMatched {
            // Decided byte by byte because a byte order mark may arrive split across chunks.
            var matched = matched
            while start < buffer.count, matched < 3, buffer[start] == Self.byteOrderMark[matched] {
                matched += 1
                start += 1
            }
            if matched == 3 {
                byteOrderMarkMatched = nil
            } else if start == buffer.count {
                byteOrderMarkMatched = matched
                return
            } else {
                byteOrderMarkMatched = nil
                if matched > 0 {
                    Self.byteOrderMark[..<matched].withUnsafeBufferPointer { consume($0, into: &records) }
                }
            }
        }
        consume(UnsafeBufferPointer(rebasing: buffer[start...]), into: &records)
    }

    private mutating func consume(_ buffer: UnsafeBufferPointer<UInt8>, into records: inout [CSVRecord]) {
        let end = buffer.count
        var index = 0
        if afterCR, end > 0 {
            afterCR = false
            if buffer[0] == Self.lf {
                if state == .quoted { field.append(Self.lf) }
                index = 1
            }
        }
        while index < end {
            switch state {
            case .fieldStart:
                let byte = buffer[index]
                if byte == Self.quote {
                    state = .quoted
                    index += 1
                } else if byte == delimiter {
                    fields.append("")
                    index += 1
                } else if byte == Self.cr || byte == Self.lf {
                    if !fields.isEmpty {
                        fields.append("")
                        endRecord(into: &records)
                    }
                    // An empty line reports nothing but still counts.
                    index = skipLineBreak(at: index, in: buffer)
                    recordLine = line
                } else {
                    state = .unquoted
                }
            case .unquoted:
                let runStart = index
                while index < end {
                    let byte = buffer[index]
                    if byte == delimiter || byte == Self.cr || byte == Self.lf { break }
                    index += 1
                }
                let run = UnsafeBufferPointer(rebasing: buffer[runStart..<index])
                if index == end {
                    field.append(contentsOf: run)
                    return
                }
                if field.isEmpty {
                    fields.append(String(decoding: run, as: UTF8.self))
                } else {
                    field.append(contentsOf: run)
                    fields.append(takeField())
                }
                state = .fieldStart
                if buffer[index] == delimiter {
                    index += 1
                } else {
                    endRecord(into: &records)
                    index = skipLineBreak(at: index, in: buffer)
                    recordLine = line
                }
            case .quoted:
                let runStart = index
                while index < end {
                    let byte = buffer[index]
                    if byte == Self.quote || byte == Self.cr || byte == Self.lf { break }
                    index += 1
                }
                field.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[runStart..<index]))
                if index == end { return }
                let byte = buffer[index]
                if byte == Self.quote {
                    state = .quoteInQuoted
                    index += 1
                } else {
                    // A line break inside quotes is part of the field; CR LF counts as one line.
                    let next = skipLineBreak(at: index, in: buffer)
                    field.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[index..<next]))
                    index = next
                }
            case .quoteInQuoted:
                let byte = buffer[index]
                if byte == Self.quote {
                    field.append(Self.quote)
                    state = .quoted
                    index += 1
                } else if byte == delimiter {
                    fields.append(takeField())
                    state = .fieldStart
                    index += 1
                } else if byte == Self.cr || byte == Self.lf {
                    fields.append(takeField())
                    state = .fieldStart
                    endRecord(into: &records)
                    index = skipLineBreak(at: index, in: buffer)
                    recordLine = line
                } else {
                    // Text after a closing quote is kept as it is, as spreadsheets do.
                    state = .unquoted
                }
            }
        }
    }

    /// Counts the line break (CR, LF or CR LF) at `index` and returns the index after it.
    @inline(__always)
    private mutating func skipLineBreak(at index: Int, in buffer: UnsafeBufferPointer<UInt8>) -> Int {
        line += 1
        guard buffer[index] == Self.cr else { return index + 1 }
        if index + 1 == buffer.count {
            afterCR = true
            return index + 1
        }
        return buffer[index + 1] == Self.lf ? index + 2 : index + 1
    }

    @inline(__always)
    private mutating func takeField() -> String {
        let value = String(decoding: field, as: UTF8.self)
        field.removeAll(keepingCapacity: true)
        return value
    }

    private mutating func endRecord(into records: inout [CSVRecord]) {
        records.append(CSVRecord(line: recordLine, fields: fields))
        fieldCountHint = max(fieldCountHint, fields.count)
        fields = []
        fields.reserveCapacity(fieldCountHint)
    }
}
