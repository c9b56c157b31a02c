import Foundation

/// How a ticket is named in mail so that replies find it again: a tag in the subject
/// ("[#123]") and a per-ticket reply address made by plus-addressing the support address
/// ("help+t123@shop.example"). Outbound mail writes both; inbound mail reads both.
public enum TicketMailTag {
    /// "Re: Where is my order? [#123]": the tag goes last so the customer's subject stays readable.
    public static func subject(_ subject: String, number: Int64) -> String {
        if self.number(inSubject: subject) == number { return subject }
        return subject.isEmpty ? "[#\(number)]" : "\(subject) [#\(number)]"
    }

    /// The ticket number of a "[#123]" tag anywhere in the subject (the last one wins, as replies
    /// add prefixes in front), or nil.
    public static func number(inSubject subject: String) -> Int64? {
        var found: Int64?
        var rest = subject[...]
        while let open = rest.range(of: "[#") {
            let digits = rest[open.upperBound...].prefix { $0.isASCII && $0.isNumber }
            let after = rest[open.upperBound...].dropFirst(digits.count)
            if !digits.isEmpty, digits.count <= 18, after.first == "]", let value = Int64(digits) { found = value }
            rest = rest[open.upperBound...]
        }
        return found
    }

    /// "help@shop.example" for ticket 123 becomes "help+t123@shop.example".
    public static func replyAddress(support: String, number: Int64) -> String {
        guard let at = support.lastIndex(of: "@") else { return support }
        let local = support[..<at].split(separator: "+", maxSplits: 1).first.map(String.init) ?? String(support[..<at])
        return "\(local)+t\(number)\(support[at...])"
    }

    /// Splits a recipient into the support address it was sent to and the ticket number its plus
    /// part names: "Help+T123@Shop.example" is ("help@shop.example", 123). Addresses are compared
    /// in lower case, as every mail provider we know of treats them.
    public static func parse(recipient: String) -> (support: String, ticketNumber: Int64?) {
        let address = recipient.trimmingCharacters(in: .whitespaces).lowercased()
        guard let at = address.lastIndex(of: "@") else { return (address, nil) }
        let local = address[..<at]
        guard let plus = local.firstIndex(of: "+") else { return (address, nil) }
        let base = String(local[..<plus]) + String(address[at...])
        let tag = local[local.index(after: plus)...]
        if tag.first == "t", let number = Int64(tag.dropFirst()), number > 0 { return (base, number) }
        return (base, nil)
    }
}
