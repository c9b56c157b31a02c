import Foundation

/// A plain-text mail body split into what the sender wrote now (`new`), the previous messages it
/// quotes (`quoted`, verbatim) and the sender's signature.
public struct ReplyParts: Sendable, Equatable {
    public var new: String
    public var quoted: String?
    public var signature: String?

    public init(new: String, quoted: String? = nil, signature: String? = nil) {
        self.new = new
        self.quoted = quoted
        self.signature = signature
    }
}
