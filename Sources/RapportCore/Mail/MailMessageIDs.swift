import Foundation

/// Message-ID, In-Reply-To and References: every id, without <>, in order; ids missing their brackets too.
enum MailMessageIDs {
    static func parse(_ raw: String?) -> [String] {
        guard let raw, !raw.isEmpty else { return [] }
        var ids: [String] = []
        var rest = Substring(raw)
        var bracketed = false
        while let open = rest.firstIndex(of: "<") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: ">") else { break }
            let id = after[..<close].filter { !$0.isWhitespace }
            if !id.isEmpty { ids.append(String(id)); bracketed = true }
            rest = after[after.index(after: close)...]
        }
        if bracketed { return unique(ids) }
        // No brackets: words that look like ids (with "@"), comments dropped.
        var text = ""
        var depth = 0
        for char in raw {
            if char == "(" { depth += 1 } else if char == ")" { depth = max(0, depth - 1) } else if depth == 0 { text.append(char) }
        }
        let words = text.split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == "<" || $0 == ">" }).map(String.init)
        let withAt = words.filter { $0.contains("@") }
        return unique(withAt.isEmpty ? Array(words.prefix(words.count == 1 ? 1 : 0)) : withAt)
    }

    private static func unique(_ ids: [String]) -> [String] {
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }
}
