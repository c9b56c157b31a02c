import Foundation

/// Readable plain text from mail HTML: paragraphs and line breaks where a browser shows them,
/// lists as "- " items, links as "text (url)", table cells joined by " | ", quotes marked "> ".
public enum HTMLText {
    public static func text(fromHTML html: String) -> String {
        var writer = HTMLTextWriter()
        for token in HTMLTokenizer.tokens(html) {
            writer.consume(token)
        }
        return writer.finish()
    }
}

/// The state of one HTML-to-text conversion.
struct HTMLTextWriter {
    static let paragraphElements: Set<String> = [
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "blockquote", "pre", "table", "hr",
        "figure", "address", "fieldset",
    ]
    static let lineElements: Set<String> = [
        "div", "li", "tr", "dt", "dd", "section", "article", "header", "footer", "main", "nav", "aside",
        "center", "form", "caption", "tbody", "thead", "tfoot", "body", "html", "details", "summary",
        "figcaption", "legend", "option",
    ]
    /// Elements whose content never shows.
    static let hiddenElements: Set<String> = [
        "head", "style", "script", "title", "template", "xml", "noembed", "noframes", "object", "iframe",
        "select", "svg", "math", "audio", "video", "canvas", "map",
    ]
    static let voidElements: Set<String> = [
        "br", "hr", "img", "input", "meta", "link", "base", "col", "area", "wbr", "source", "track", "param", "embed",
    ]

    private struct Line {
        var depth: Int
        var text: String
    }

    private struct Link {
        var href: String
        var text: String
    }

    private struct ListState {
        var ordered: Bool
        var next: Int
    }

    private var lines: [Line] = [Line(depth: 0, text: "")]
    private var pendingBreaks = 0
    private var trailingNewlines = 0
    private var pendingSpace = false
    private var pendingCellSeparator = false
    private var quoteDepth = 0
    private var preDepth = 0
    private var hidden: (name: String, depth: Int)?
    private var links: [Link] = []
    private var lists: [ListState] = []
    private var cellsInRow: [Int] = []

    mutating func consume(_ token: HTMLToken) {
        if let current = hidden {
            switch token {
            case .startTag(let name, _, let selfClosing) where name == current.name && !selfClosing:
                hidden = (current.name, current.depth + 1)
            case .endTag(let name) where name == current.name:
                hidden = current.depth <= 1 ? nil : (current.name, current.depth - 1)
            default: break
            }
            return
        }
        switch token {
        case .text(let text): write(text: text)
        case .startTag(let name, _, let selfClosing): start(name, token: token, selfClosing: selfClosing)
        case .endTag(let name): end(name)
        case .comment: break
        }
    }

    private mutating func start(_ name: String, token: HTMLToken, selfClosing: Bool) {
        let isVoid = Self.voidElements.contains(name)
        if Self.hiddenElements.contains(name) || Self.isHiddenByStyle(token) {
            if (!selfClosing && !isVoid) || HTMLTokenizer.rawTextElements.contains(name) { hidden = (name, 1) }
            return
        }
        switch name {
        case "br":
            flushBreaks()
            newline()
            return
        case "hr":
            requestBreak(2)
            write(content: "---")
            requestBreak(2)
            return
        case "ul", "ol":
            requestBreak(lists.isEmpty ? 2 : 1)
            let startNumber = token.attribute("start").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? 1
            lists.append(ListState(ordered: name == "ol", next: startNumber))
            return
        case "li":
            requestBreak(1)
            let indent = String(repeating: "  ", count: max(0, lists.count - 1))
            if var list = lists.last, list.ordered {
                write(content: "\(indent)\(list.next). ")
                list.next += 1
                lists[lists.count - 1] = list
            } else {
                write(content: "\(indent)- ")
            }
            pendingSpace = false
            return
        case "blockquote":
            requestBreak(2)
            quoteDepth += 1
            return
        case "pre":
            requestBreak(2)
            preDepth += 1
            return
        case "a":
            links.append(Link(href: token.attribute("href") ?? "", text: ""))
            return
        case "tr":
            requestBreak(1)
            cellsInRow.append(0)
            return
        case "td", "th":
            if var count = cellsInRow.last {
                if count > 0 { pendingCellSeparator = true }
                count += 1
                cellsInRow[cellsInRow.count - 1] = count
            }
            return
        case "table":
            requestBreak(2)
            return
        default:
            break
        }
        if Self.paragraphElements.contains(name) {
            requestBreak(2)
        } else if Self.lineElements.contains(name) {
            requestBreak(1)
        }
    }

    private mutating func end(_ name: String) {
        switch name {
        case "ul", "ol":
            if !lists.isEmpty { lists.removeLast() }
            requestBreak(lists.isEmpty ? 2 : 1)
        case "blockquote":
            requestBreak(2)
            flushBreaksIfAny()
            quoteDepth = max(0, quoteDepth - 1)
        case "pre":
            requestBreak(2)
            preDepth = max(0, preDepth - 1)
        case "a":
            guard let link = links.popLast() else { return }
            closeLink(link)
        case "tr":
            if !cellsInRow.isEmpty { cellsInRow.removeLast() }
            pendingCellSeparator = false
            requestBreak(1)
        case "td", "th":
            pendingSpace = false
        case "table":
            requestBreak(2)
        default:
            if Self.paragraphElements.contains(name) {
                requestBreak(2)
            } else if Self.lineElements.contains(name) {
                requestBreak(1)
            }
        }
    }

    private mutating func closeLink(_ link: Link) {
        let href = link.href.trimmingCharacters(in: .whitespacesAndNewlines)
        let lowered = href.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") || lowered.hasPrefix("mailto:") else { return }
        let shown = link.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !shown.isEmpty, Self.comparable(shown) != Self.comparable(href) else { return }
        if lowered.hasPrefix("mailto:") {
            let address = String(href.dropFirst(7)).components(separatedBy: "?")[0]
            guard Self.comparable(address) != Self.comparable(shown) else { return }
            write(content: " (\(address.removingPercentEncoding ?? address))")
        } else {
            write(content: " (\(href))")
        }
    }

    /// A link text and its URL count as the same when they differ only in scheme, case or a trailing slash.
    private static func comparable(_ value: String) -> String {
        var text = value.lowercased()
        for prefix in ["mailto:", "https://", "http://", "www."] where text.hasPrefix(prefix) {
            text.removeFirst(prefix.count)
        }
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }

    private static func isHiddenByStyle(_ token: HTMLToken) -> Bool {
        if token.attribute("hidden") != nil { return true }
        guard let style = token.attribute("style")?.lowercased() else { return false }
        let compact = style.filter { !$0.isWhitespace }
        return compact.contains("display:none") || compact.contains("mso-hide:all")
    }

    // MARK: Writing

    private mutating func requestBreak(_ count: Int) {
        pendingBreaks = max(pendingBreaks, count)
        pendingSpace = false
        pendingCellSeparator = false
    }

    private mutating func flushBreaksIfAny() {
        if pendingBreaks > 0, hasContent { flushBreaks() }
    }

    private var hasContent: Bool {
        lines.count > 1 || !(lines.last?.text.isEmpty ?? true)
    }

    private mutating func flushBreaks() {
        if hasContent {
            while trailingNewlines < pendingBreaks { newline() }
        }
        pendingBreaks = 0
    }

    private mutating func newline() {
        lines.append(Line(depth: quoteDepth, text: ""))
        trailingNewlines += 1
        pendingSpace = false
        pendingCellSeparator = false
    }

    private mutating func write(text: String) {
        if preDepth > 0 {
            let parts = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            for (offset, part) in parts.enumerated() {
                if offset > 0 {
                    flushBreaks()
                    newline()
                }
                if !part.isEmpty { write(content: String(part)) }
            }
            return
        }
        var word = ""
        for character in text {
            // Non-breaking spaces collapse too: mail HTML uses runs of them for layout, not meaning.
            if character == " " || character == "\t" || character == "\n" || character == "\r" || character == "\u{0C}"
                || character == "\u{00A0}" || character == "\r\n"
            {
                if !word.isEmpty {
                    write(content: word)
                    word = ""
                }
                if !(lines.last?.text.isEmpty ?? true) { pendingSpace = true }
            } else {
                word.append(character)
            }
        }
        if !word.isEmpty { write(content: word) }
    }

    private mutating func write(content: String) {
        flushBreaks()
        guard var line = lines.popLast() else { return }
        if line.text.isEmpty {
            line.depth = quoteDepth
        } else if pendingCellSeparator {
            line.text += " | "
        } else if pendingSpace && !line.text.hasSuffix(" ") {
            line.text += " "
        }
        line.text += content
        lines.append(line)
        pendingSpace = false
        pendingCellSeparator = false
        trailingNewlines = 0
        for index in links.indices { links[index].text += content }
    }

    mutating func finish() -> String {
        let invisible: Set<Unicode.Scalar> = ["\u{200B}", "\u{200C}", "\u{200D}", "\u{FEFF}", "\u{034F}", "\u{00AD}", "\u{2060}"]
        var rendered: [(depth: Int, text: String)] = lines.map { line in
            var text = String(String.UnicodeScalarView(line.text.unicodeScalars.filter { !invisible.contains($0) }))
            text = text.replacingOccurrences(of: "\u{00A0}", with: " ")
            while text.last == " " || text.last == "\t" { text.removeLast() }
            return (line.depth, text)
        }
        // A blank line between two quoted lines belongs to the quote.
        var nextDepth = Array(repeating: 0, count: rendered.count)
        var following = 0
        for index in rendered.indices.reversed() {
            nextDepth[index] = following
            if !rendered[index].text.isEmpty { following = rendered[index].depth }
        }
        var previous = 0
        for index in rendered.indices {
            if rendered[index].text.isEmpty {
                rendered[index].depth = min(previous, nextDepth[index])
            } else {
                previous = rendered[index].depth
            }
        }
        var output: [String] = []
        var blankRun = 0
        for line in rendered {
            let prefix = String(repeating: ">", count: line.depth)
            let text = line.text.isEmpty ? prefix : (prefix.isEmpty ? line.text : "\(prefix) \(line.text)")
            if line.text.isEmpty {
                blankRun += 1
                if blankRun > 1 || output.isEmpty { continue }
            } else {
                blankRun = 0
            }
            output.append(text)
        }
        while let last = output.last, last.allSatisfy({ $0 == ">" }) { output.removeLast() }
        return output.joined(separator: "\n")
    }
}
