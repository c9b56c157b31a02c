import Foundation

/// RFC 2047 encoded words ("=?UTF-8?B?...?=", "=?iso-8859-1?q?...?="): decoded wherever they appear,
/// adjacent ones joined without the whitespace between them (and their bytes joined before decoding, so a
/// character split across two words survives), malformed ones left as text.
enum MailEncodedWords {
    private struct Word {
        var range: Range<Int>
        var charset: String
        var bytes: [UInt8]
    }

    static func decode(_ value: String) -> String {
        guard value.contains("=?") else { return value }
        let chars = Array(value.utf8)
        var words: [Word] = []
        var index = 0
        while index + 1 < chars.count {
            if chars[index] == UInt8(ascii: "="), chars[index + 1] == UInt8(ascii: "?"), let word = parseWord(chars, at: index) {
                words.append(word)
                index = word.range.upperBound
            } else {
                index += 1
            }
        }
        guard !words.isEmpty else { return value }
        var output = ""
        var cursor = 0
        var pending: Word?
        func flush() {
            guard let word = pending else { return }
            output += MailCharset.decode(word.bytes, charset: word.charset).text
            pending = nil
        }
        for word in words {
            let between = chars[cursor..<word.range.lowerBound]
            let onlySpace = between.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
            if var current = pending, onlySpace {
                if current.charset == word.charset {
                    current.bytes += word.bytes
                    pending = current
                } else {
                    flush()
                    pending = word
                }
            } else {
                flush()
                output += String(decoding: between, as: UTF8.self)
                pending = word
            }
            cursor = word.range.upperBound
        }
        flush()
        output += String(decoding: chars[cursor...], as: UTF8.self)
        return output
    }

    private static func parseWord(_ chars: [UInt8], at start: Int) -> Word? {
        var index = start + 2
        let charsetStart = index
        while index < chars.count, chars[index] != UInt8(ascii: "?") {
            let byte = chars[index]
            if byte <= 0x20 || byte >= 0x7F || index - charsetStart > 40 { return nil }
            index += 1
        }
        guard index + 2 < chars.count, index > charsetStart, chars[index + 2] == UInt8(ascii: "?") else { return nil }
        let charset = MailCharset.normalise(String(decoding: chars[charsetStart..<index], as: UTF8.self))
        let encoding = chars[index + 1] | 0x20
        guard encoding == UInt8(ascii: "b") || encoding == UInt8(ascii: "q") else { return nil }
        let textStart = index + 3
        var end = textStart
        while end + 1 < chars.count, !(chars[end] == UInt8(ascii: "?") && chars[end + 1] == UInt8(ascii: "=")) {
            if chars[end] == 0x0A || chars[end] == 0x0D { return nil }
            end += 1
        }
        guard end + 1 < chars.count else { return nil }
        let text = chars[textStart..<end]
        let bytes = encoding == UInt8(ascii: "b") ? MailTransferDecoding.base64(text) : MailTransferDecoding.qEncoded(text)
        return Word(range: start..<(end + 2), charset: charset, bytes: bytes)
    }
}
