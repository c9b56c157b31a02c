import Foundation

/// One piece of HTML as a tolerant tokenizer sees it. Names are lower-cased, references decoded.
enum HTMLToken: Equatable {
    case text(String)
    case startTag(name: String, attributes: [HTMLAttribute], selfClosing: Bool)
    case endTag(name: String)
    case comment
}

/// A name="value" pair of a start tag, the value with its character references decoded.
struct HTMLAttribute: Equatable {
    var name: String
    var value: String
}

/// Splits real-world HTML into tokens the way browsers do in the cases that matter for mail:
/// stray "<" is text, unclosed tags end at the input's end, comments (including Outlook's conditional
/// comments) are skipped, and script/style/title/textarea contents are raw text up to their end tag.
enum HTMLTokenizer {
    static let rawTextElements: Set<String> = [
        "script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes", "plaintext",
    ]

    static func tokens(_ html: String) -> [HTMLToken] {
        let scalars = Array(html.unicodeScalars)
        var tokens: [HTMLToken] = []
        var index = 0
        var textStart = 0

        func flushText(upTo end: Int) {
            guard end > textStart else { return }
            let raw = String(String.UnicodeScalarView(scalars[textStart..<end]))
            tokens.append(.text(HTMLEntities.decode(raw)))
        }

        while index < scalars.count {
            guard scalars[index] == "<", index + 1 < scalars.count else {
                index += 1
                continue
            }
            let next = scalars[index + 1]
            if next == "!" || next == "?" {
                flushText(upTo: index)
                index = skipComment(from: index, in: scalars)
                tokens.append(.comment)
                textStart = index
            } else if isASCIILetter(next) || (next == "/" && index + 2 < scalars.count && isASCIILetter(scalars[index + 2])) {
                flushText(upTo: index)
                let (token, end) = tag(from: index, in: scalars)
                tokens.append(token)
                index = end
                textStart = index
                if case .startTag(let name, _, _) = token, rawTextElements.contains(name) {
                    let close = name == "plaintext" ? scalars.count : findEndTag(name, from: index, in: scalars)
                    if close > index {
                        let raw = String(String.UnicodeScalarView(scalars[index..<close]))
                        let decode = name == "title" || name == "textarea"
                        tokens.append(.text(decode ? HTMLEntities.decode(raw) : raw))
                    }
                    index = close
                    textStart = index
                }
            } else if next == "/" && index + 2 < scalars.count && scalars[index + 2] == ">" {
                flushText(upTo: index)  // "</>" is dropped, as browsers do
                index += 3
                textStart = index
            } else {
                index += 1
            }
        }
        flushText(upTo: scalars.count)
        return tokens
    }

    private static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\u{0C}"
    }

    /// "<!-- ... -->", "<!DOCTYPE ...>", "<![endif]>", "<?xml ...?>": returns the index after it.
    private static func skipComment(from start: Int, in scalars: [Unicode.Scalar]) -> Int {
        if start + 3 < scalars.count, scalars[start + 2] == "-", scalars[start + 3] == "-" {
            var index = start + 4
            // "<!-->" and "<!--->" close at once, as in browsers.
            if index < scalars.count, scalars[index] == ">" { return index + 1 }
            if index + 1 < scalars.count, scalars[index] == "-", scalars[index + 1] == ">" { return index + 2 }
            while index + 2 < scalars.count {
                if scalars[index] == "-", scalars[index + 1] == "-" {
                    if scalars[index + 2] == ">" { return index + 3 }
                    if scalars[index + 2] == "!", index + 3 < scalars.count, scalars[index + 3] == ">" { return index + 4 }
                }
                index += 1
            }
            return scalars.count
        }
        var index = start + 2
        while index < scalars.count, scalars[index] != ">" { index += 1 }
        return min(index + 1, scalars.count)
    }

    /// Reads "<name attr=value ...>" or "</name ...>" from `start`; returns the token and the index after it.
    private static func tag(from start: Int, in scalars: [Unicode.Scalar]) -> (HTMLToken, Int) {
        var index = start + 1
        let isEnd = scalars[index] == "/"
        if isEnd { index += 1 }
        let nameStart = index
        while index < scalars.count, !isSpace(scalars[index]), scalars[index] != "/", scalars[index] != ">" {
            index += 1
        }
        let name = String(String.UnicodeScalarView(scalars[nameStart..<index])).lowercased()
        var attributes: [HTMLAttribute] = []
        var selfClosing = false
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == ">" {
                index += 1
                break
            }
            if isSpace(scalar) {
                index += 1
                continue
            }
            if scalar == "/" {
                index += 1
                if index < scalars.count, scalars[index] == ">" { selfClosing = true }
                continue
            }
            // An attribute name runs to space, "/", ">" or "=" (a leading "=" belongs to the name).
            let attributeStart = index
            index += 1
            while index < scalars.count, !isSpace(scalars[index]), scalars[index] != "/", scalars[index] != ">",
                scalars[index] != "="
            {
                index += 1
            }
            let attributeName = String(String.UnicodeScalarView(scalars[attributeStart..<index])).lowercased()
            var lookahead = index
            while lookahead < scalars.count, isSpace(scalars[lookahead]) { lookahead += 1 }
            var value = ""
            if lookahead < scalars.count, scalars[lookahead] == "=" {
                index = lookahead + 1
                while index < scalars.count, isSpace(scalars[index]) { index += 1 }
                if index < scalars.count, scalars[index] == "\"" || scalars[index] == "'" {
                    let quote = scalars[index]
                    index += 1
                    let valueStart = index
                    while index < scalars.count, scalars[index] != quote { index += 1 }
                    value = String(String.UnicodeScalarView(scalars[valueStart..<index]))
                    index = min(index + 1, scalars.count)
                } else {
                    let valueStart = index
                    while index < scalars.count, !isSpace(scalars[index]), scalars[index] != ">" { index += 1 }
                    value = String(String.UnicodeScalarView(scalars[valueStart..<index]))
                }
            }
            if !attributes.contains(where: { $0.name == attributeName }) {
                attributes.append(HTMLAttribute(name: attributeName, value: HTMLEntities.decode(value, inAttribute: true)))
            }
        }
        if isEnd { return (.endTag(name: name), index) }
        return (.startTag(name: name, attributes: attributes, selfClosing: selfClosing), index)
    }

    /// The index of "</name" (case-insensitive) at or after `start`, or the input's end.
    private static func findEndTag(_ name: String, from start: Int, in scalars: [Unicode.Scalar]) -> Int {
        let target = Array(name.unicodeScalars)
        var index = start
        while index + 1 + target.count < scalars.count {
            if scalars[index] == "<", scalars[index + 1] == "/" {
                var matches = true
                for (offset, scalar) in target.enumerated() {
                    let candidate = scalars[index + 2 + offset]
                    let lowered = ("A"..."Z").contains(candidate) ? Unicode.Scalar(UInt8(candidate.value + 32)) : candidate
                    if lowered != scalar {
                        matches = false
                        break
                    }
                }
                let after = index + 2 + target.count
                if matches, after >= scalars.count || isSpace(scalars[after]) || scalars[after] == ">" || scalars[after] == "/" {
                    return index
                }
            }
            index += 1
        }
        return scalars.count
    }
}

extension HTMLToken {
    func attribute(_ name: String) -> String? {
        guard case .startTag(_, let attributes, _) = self else { return nil }
        return attributes.first { $0.name == name }?.value
    }
}
