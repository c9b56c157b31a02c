extension StringProtocol {
    /// The text with the five characters that HTML treats specially replaced by entities, safe inside an
    /// element or a quoted attribute. Leaf escapes its own output; this is for HTML written by hand.
    public var htmlEscaped: String {
        var out = ""
        out.reserveCapacity(utf8.count)
        for character in self {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
