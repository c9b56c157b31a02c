import Foundation

/// Splits a multipart body on its boundary lines, tolerating bare LF, trailing whitespace and a missing close.
enum MailMultipart {
    struct Parts {
        var bodies: [Range<Int>] = []
        var closed = false
    }

    /// nil when the boundary never appears.
    static func split(_ raw: [UInt8], body: ArraySlice<UInt8>, boundary: [UInt8]) -> Parts? {
        guard !boundary.isEmpty else { return nil }
        var parts = Parts()
        var partStart: Int?
        var found = false
        var lineStart = body.startIndex
        let end = body.endIndex
        while lineStart < end {
            var lineEnd = lineStart
            while lineEnd < end, raw[lineEnd] != 0x0A { lineEnd += 1 }
            let next = lineEnd < end ? lineEnd + 1 : end
            if let closing = delimiter(raw, lineStart, lineEnd, boundary) {
                found = true
                if let start = partStart {
                    var partEnd = lineStart
                    if partEnd > start, raw[partEnd - 1] == 0x0A { partEnd -= 1 }
                    if partEnd > start, raw[partEnd - 1] == 0x0D { partEnd -= 1 }
                    parts.bodies.append(start..<max(start, partEnd))
                }
                if closing {
                    parts.closed = true
                    return parts
                }
                partStart = next
            }
            lineStart = next
        }
        guard found else { return nil }
        if let start = partStart, start < end { parts.bodies.append(start..<end) }
        return parts
    }

    /// Whether the line is "--boundary" (false) or "--boundary--" (true); nil when it is not a delimiter.
    private static func delimiter(_ raw: [UInt8], _ start: Int, _ end: Int, _ boundary: [UInt8]) -> Bool? {
        let length = boundary.count + 2
        guard end - start >= length, raw[start] == UInt8(ascii: "-"), raw[start + 1] == UInt8(ascii: "-") else { return nil }
        for offset in 0..<boundary.count where raw[start + 2 + offset] != boundary[offset] { return nil }
        var index = start + length
        var closing = false
        if index + 1 < end, raw[index] == UInt8(ascii: "-"), raw[index + 1] == UInt8(ascii: "-") {
            closing = true
            index += 2
        }
        while index < end {
            let byte = raw[index]
            guard byte == 0x20 || byte == 0x09 || byte == 0x0D else { return nil }
            index += 1
        }
        return closing
    }

    /// The first "--something" line of the body that looks like a boundary.
    static func guessBoundary(_ raw: [UInt8], body: ArraySlice<UInt8>) -> [UInt8]? {
        var lineStart = body.startIndex
        let end = body.endIndex
        while lineStart < end {
            var lineEnd = lineStart
            while lineEnd < end, raw[lineEnd] != 0x0A { lineEnd += 1 }
            var contentEnd = lineEnd
            while contentEnd > lineStart, raw[contentEnd - 1] == 0x0D || raw[contentEnd - 1] == 0x20 { contentEnd -= 1 }
            if contentEnd - lineStart > 3, raw[lineStart] == UInt8(ascii: "-"), raw[lineStart + 1] == UInt8(ascii: "-"),
                !raw[(lineStart + 2)..<contentEnd].contains(where: { $0 <= 0x20 || $0 >= 0x7F })
            {
                var candidate = Array(raw[(lineStart + 2)..<contentEnd])
                if candidate.count > 2, candidate.suffix(2) == [UInt8(ascii: "-"), UInt8(ascii: "-")] { candidate.removeLast(2) }
                // A signature separator or a rule of dashes is not a boundary.
                if candidate.contains(where: { $0 != UInt8(ascii: "-") }) { return candidate }
            }
            lineStart = lineEnd < end ? lineEnd + 1 : end
        }
        return nil
    }
}
