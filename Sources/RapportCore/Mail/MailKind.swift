import Foundation

/// What kind of sender a message comes from, for loop prevention: a person (`normal`), an
/// auto-responder, bulk or list mail, or a delivery failure report about one of our messages.
public enum MailKind: Sendable, Equatable {
    case normal
    case autoReply
    case bulk
    /// A delivery failure: the Message-ID (without <>) of the message that bounced and the recipient
    /// that failed, when the report names them.
    case bounce(originalMessageID: String?, recipient: String?)

    /// Whether the message may trigger an automatic answer (acknowledgement): only a person's mail.
    public var mayAutoRespond: Bool { self == .normal }
}
