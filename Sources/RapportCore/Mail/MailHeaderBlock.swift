import Foundation

/// The header block of a message or body part, split from its body: unfolded raw values (8-bit bytes read as
/// UTF-8, else Windows-1252), in order.
struct MailHeaderBlock {
    var fields: [(name: String, value: String)] = []
    var bodyStart: Int
    var repairs: [String] = []

    func first(_ name: String) -> String? {
        fields.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    func all(_ name: String) -> [String] {
        fields.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
    }

    /// Reads header lines from `start` up to the first empty line (or the end).
    static func parse(_ bytes: [UInt8], from start: Int, to end: Int) -> MailHeaderBlock {
        var block = MailHeaderBlock(bodyStart: end)
        var nameBytes: ArraySlice<UInt8> = []
        var valueBytes: [UInt8] = []
        var inField = false
        var sawEightBit = false
        var sawBareLF = false
        func finish() {
            guard inField else { return }
            let name = String(decoding: nameBytes, as: UTF8.self).trimmingASCIISpace()
            block.fields.append((name, decodeRaw(valueBytes).trimmingASCIISpace()))
            inField = false
            valueBytes.removeAll(keepingCapacity: true)
        }
        var lineStart = start
        while lineStart < end {
            var lineEnd = lineStart
            while lineEnd < end, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            let next = lineEnd < end ? lineEnd + 1 : end
            var contentEnd = lineEnd
            if contentEnd > lineStart, bytes[contentEnd - 1] == 0x0D {
                contentEnd -= 1
            } else if lineEnd < end {
                sawBareLF = true
            }
            if contentEnd == lineStart {  // the empty line
                finish()
                block.bodyStart = next
                break
            }
            let first = bytes[lineStart]
            if first == 0x20 || first == 0x09 {
                if inField {
                    valueBytes.append(0x20)
                    var from = lineStart
                    while from < contentEnd, bytes[from] == 0x20 || bytes[from] == 0x09 { from += 1 }
                    valueBytes.append(contentsOf: bytes[from..<contentEnd])
                } else if block.fields.isEmpty {
                    block.repairs.append("header block started with a continuation line: ignored")
                }
            } else if let colon = fieldColon(bytes, lineStart, contentEnd) {
                finish()
                nameBytes = bytes[lineStart..<colon]
                valueBytes.append(contentsOf: bytes[(colon + 1)..<contentEnd])
                inField = true
            } else if inField {
                // A line that is neither a field nor a continuation: read as a continuation, as most clients do.
                valueBytes.append(0x20)
                valueBytes.append(contentsOf: bytes[lineStart..<contentEnd])
                block.repairs.append("header line without a name: read as a continuation")
            } else {
                block.repairs.append("header line without a name: ignored")
            }
            if !sawEightBit, bytes[lineStart..<contentEnd].contains(where: { $0 >= 0x80 }) { sawEightBit = true }
            lineStart = next
            if lineStart >= end { finish(); block.bodyStart = end }
        }
        finish()
        if sawEightBit { block.repairs.append("8-bit bytes in headers: read as UTF-8 (or Windows-1252)") }
        if sawBareLF { block.repairs.append("bare LF line ends") }
        return block
    }

    /// The colon ending a field name ("Subject:"), or nil when the line is not a field.
    static func fieldColon(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int? {
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: ":") { return index > start ? index : nil }
            if byte <= 0x20 || byte >= 0x7F {
                // "Subject :" with spaces before the colon is tolerated.
                if byte == 0x20 || byte == 0x09 {
                    var after = index
                    while after < end, bytes[after] == 0x20 || bytes[after] == 0x09 { after += 1 }
                    return after < end && bytes[after] == UInt8(ascii: ":") && index > start ? after : nil
                }
                return nil
            }
            index += 1
        }
        return nil
    }

    static func decodeRaw(_ bytes: [UInt8]) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return MailCharset.windows1252(bytes)
    }
}

extension String {
    func trimmingASCIISpace() -> String {
        let utf8 = self.utf8
        guard let first = utf8.firstIndex(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D && $0 != 0x0A }) else { return "" }
        let last = utf8.lastIndex(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D && $0 != 0x0A }) ?? first
        return String(self[first...last])
    }
}
