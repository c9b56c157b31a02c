import Foundation

/// A strict allow-list for mail HTML that agents will see in a browser: only structural and text
/// elements survive, links only to http, https and mailto, images only from the message itself
/// (cid:) or inline data images, so remote images and tracking pixels never load. Everything the
/// output contains is re-escaped, and every element opened is closed in order.
public enum HTMLSanitizer {
    static let allowedElements: Set<String> = [
        "p", "br", "div", "span", "b", "strong", "i", "em", "u", "s", "strike", "del", "ins", "sub", "sup",
        "small", "big", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "code", "tt", "kbd", "samp",
        "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption",
        "a", "img", "hr", "abbr", "cite", "q", "mark",
    ]
    /// Presentational elements rewritten to a neutral allowed one.
    static let renamedElements: [String: String] = ["font": "span", "center": "div"]
    static let voidElements: Set<String> = ["br", "hr", "img"]
    /// Elements dropped together with everything inside them: code, embedded documents, forms' controls,
    /// document metadata.
    static let droppedWithContent: Set<String> = [
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math",
        "template", "head", "title", "xml", "noembed", "noframes", "noscript", "select", "textarea", "option",
        "audio", "video", "canvas", "param", "plaintext", "xmp", "button", "datalist", "portal",
    ]
    static let allowedImageTypes: Set<String> = ["image/png", "image/gif", "image/jpeg", "image/jpg", "image/webp"]

    public static func sanitize(_ html: String) -> String {
        var output = ""
        var open: [String] = []
        var dropping: (name: String, depth: Int)?
        for token in HTMLTokenizer.tokens(html) {
            if let current = dropping {
                switch token {
                case .startTag(let name, _, let selfClosing) where name == current.name && !selfClosing:
                    dropping = (current.name, current.depth + 1)
                case .endTag(let name) where name == current.name:
                    dropping = current.depth <= 1 ? nil : (current.name, current.depth - 1)
                default: break
                }
                continue
            }
            switch token {
            case .text(let text):
                output += text.htmlEscaped
            case .comment:
                break
            case .startTag(let rawName, let attributes, let selfClosing):
                if droppedWithContent.contains(rawName) {
                    if !selfClosing || HTMLTokenizer.rawTextElements.contains(rawName) { dropping = (rawName, 1) }
                    continue
                }
                let name = renamedElements[rawName] ?? rawName
                guard allowedElements.contains(name) else { continue }
                guard let kept = allowedAttributes(for: name, attributes) else { continue }
                output += "<" + name
                for attribute in kept {
                    output += " \(attribute.name)=\"\(attribute.value.htmlEscaped)\""
                }
                output += ">"
                if !voidElements.contains(name) { open.append(name) }
            case .endTag(let rawName):
                let name = renamedElements[rawName] ?? rawName
                guard !voidElements.contains(name), let position = open.lastIndex(of: name) else { continue }
                while open.count > position {
                    output += "</\(open.removeLast())>"
                }
            }
        }
        while let name = open.popLast() { output += "</\(name)>" }
        return output
    }

    /// The attributes kept on an allowed element, or nil when the element itself must go
    /// (an image without a safe source).
    private static func allowedAttributes(for name: String, _ attributes: [HTMLAttribute]) -> [HTMLAttribute]? {
        var kept: [HTMLAttribute] = []
        for attribute in attributes {
            switch (name, attribute.name) {
            case ("a", "href"):
                if let url = safeLink(attribute.value) { kept.append(HTMLAttribute(name: "href", value: url)) }
            case ("img", "src"):
                if let url = safeImageSource(attribute.value) { kept.append(HTMLAttribute(name: "src", value: url)) }
            case ("img", "alt"), (_, "title"):
                kept.append(attribute)
            case ("img", "width"), ("img", "height"), ("td", "colspan"), ("th", "colspan"), ("td", "rowspan"),
                ("th", "rowspan"):
                let digits = attribute.value.trimmingCharacters(in: .whitespaces)
                if !digits.isEmpty, digits.count <= 4, digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
                    kept.append(HTMLAttribute(name: attribute.name, value: digits))
                }
            default:
                break
            }
        }
        if name == "img" && !kept.contains(where: { $0.name == "src" }) { return nil }
        if name == "a" && kept.contains(where: { $0.name == "href" }) {
            kept.append(HTMLAttribute(name: "rel", value: "noopener noreferrer nofollow"))
            kept.append(HTMLAttribute(name: "target", value: "_blank"))
        }
        return kept
    }

    /// A URL as a browser would read it: leading and trailing controls and spaces trimmed, tabs and
    /// line breaks inside removed.
    private static func normalizedURL(_ value: String) -> String {
        var scalars = Array(value.unicodeScalars.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" })
        while let first = scalars.first, first.value <= 0x20 { scalars.removeFirst() }
        while let last = scalars.last, last.value <= 0x20 { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }

    /// http, https and mailto links only; relative and every other scheme are removed.
    static func safeLink(_ value: String) -> String? {
        let url = normalizedURL(value)
        let lowered = url.lowercased()
        for scheme in ["http://", "https://", "mailto:"] where lowered.hasPrefix(scheme) {
            guard lowered.count > scheme.count else { return nil }
            return url
        }
        return nil
    }

    /// cid: references to the message's own parts and base64 data images of the common raster types.
    static func safeImageSource(_ value: String) -> String? {
        let url = normalizedURL(value)
        let lowered = url.lowercased()
        if lowered.hasPrefix("cid:") { return lowered.count > 4 ? url : nil }
        guard lowered.hasPrefix("data:"), let comma = lowered.firstIndex(of: ",") else { return nil }
        let meta = lowered[lowered.index(lowered.startIndex, offsetBy: 5)..<comma].split(separator: ";")
        guard let type = meta.first, allowedImageTypes.contains(String(type)), meta.dropFirst().contains("base64") else {
            return nil
        }
        let payload = url[url.index(after: comma)...]
        guard payload.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "/" || $0 == "=") }) else {
            return nil
        }
        return url
    }
}
