import Foundation

/// One mailbox from an address header: "Zoë Martin <zoe@example.com>" is name "Zoë Martin", address "zoe@example.com".
public struct MailAddress: Sendable, Equatable, Hashable {
    public var name: String?
    public var address: String

    public init(name: String? = nil, address: String) {
        self.name = name
        self.address = address
    }
}

/// A part of a message that is not its text or HTML body: files, inline images, forwarded messages, reports.
public struct MailAttachment: Sendable, Equatable {
    public var filename: String
    public var mediaType: String
    public var contentID: String?
    public var isInline: Bool
    public var data: [UInt8]

    public init(filename: String, mediaType: String, contentID: String? = nil, isInline: Bool = false, data: [UInt8]) {
        self.filename = filename
        self.mediaType = mediaType
        self.contentID = contentID
        self.isInline = isInline
        self.data = data
    }
}

/// A parsed RFC 5322 message: decoded headers, the best text and HTML bodies, attachments, and the repairs
/// that were needed to read it.
public struct MailMessage: Sendable {
    /// Unfolded, RFC 2047-decoded, in order.
    public var headers: [(name: String, value: String)] = []
    /// Without <>.
    public var messageID: String?
    public var inReplyTo: [String] = []
    public var references: [String] = []
    /// Decoded; "" when absent.
    public var subject: String = ""
    public var from: MailAddress?
    public var replyTo: [MailAddress] = []
    public var to: [MailAddress] = []
    public var cc: [MailAddress] = []
    /// Delivered-To, X-Original-To, Envelope-To values, lower-cased addresses.
    public var deliveredTo: [String] = []
    public var date: Date?
    /// The best text/plain body, line ends normalised to "\n".
    public var text: String?
    /// The best text/html body (not sanitised).
    public var html: String?
    public var attachments: [MailAttachment] = []
    /// What was malformed and how it was read.
    public var repairs: [String] = []

    public init() {}

    /// The first header of that name (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// Every header of that name (case-insensitive), in order.
    public func headers(named name: String) -> [String] {
        headers.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
    }
}

/// Why a message could not be read at all.
public enum MailParseError: Error, Equatable, CustomStringConvertible {
    case empty
    case noHeaders

    public var description: String {
        switch self {
        case .empty: "the message is empty"
        case .noHeaders: "the message has no header block"
        }
    }
}
