import Foundation

extension Substring {
    /// Trims whitespace and line breaks like `trimmingCharacters(in: .whitespacesAndNewlines)`,
    /// with a fast path over the bytes while the ends are ASCII, which they nearly always are:
    /// the import trims every cell and every value of every row, and Foundation's version
    /// showed up in profiles.
    public var trimmed: String {
        let bytes = utf8
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, isSpace(bytes[start]) { start = bytes.index(after: start) }
        while end > start, isSpace(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        // A non-ASCII end may be Unicode whitespace (a no-break space, say): let Foundation decide.
        if start < end, bytes[start] >= 0x80 || bytes[bytes.index(before: end)] >= 0x80 {
            return trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return String(self[start..<end])
    }
}

extension String {
    /// See `Substring.trimmed`.
    public var trimmed: String { self[...].trimmed }
}
