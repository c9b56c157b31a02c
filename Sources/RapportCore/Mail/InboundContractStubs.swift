// TEMPORARY: the contract of the `mime` branch (MAIL.md), so that the inbound
// pipeline builds before they are merged. Deleted when `git merge mime` brings the real ones.
import Foundation

public struct MailAddress: Sendable, Equatable, Hashable {
    public var name: String?
    public var address: String
    public init(name: String? = nil, address: String) { self.name = name; self.address = address }
}

public struct MailAttachment: Sendable, Equatable {
    public var filename: String
    public var mediaType: String
    public var contentID: String?
    public var isInline: Bool
    public var data: [UInt8]
    public init(filename: String, mediaType: String, contentID: String? = nil, isInline: Bool = false, data: [UInt8]) {
        self.filename = filename; self.mediaType = mediaType; self.contentID = contentID; self.isInline = isInline; self.data = data
    }
}

public struct MailMessage: Sendable {
    public var headers: [(name: String, value: String)] = []
    public var messageID: String?
    public var inReplyTo: [String] = []
    public var references: [String] = []
    public var subject: String = ""
    public var from: MailAddress?
    public var replyTo: [MailAddress] = []
    public var to: [MailAddress] = []
    public var cc: [MailAddress] = []
    public var deliveredTo: [String] = []
    public var date: Date?
    public var text: String?
    public var html: String?
    public var attachments: [MailAttachment] = []
    public var repairs: [String] = []
    public init() {}
    public func header(_ name: String) -> String? { headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value }
    public func headers(named name: String) -> [String] { headers.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value) }
}

public enum MailParseError: Error { case empty, noHeaders }

public enum MailParser {
    /// Stub: headers and a plain body only.
    public static func parse(_ raw: [UInt8]) throws -> MailMessage {
        let text = String(decoding: raw, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw MailParseError.empty }
        let parts = text.components(separatedBy: "\n\n")
        var message = MailMessage()
        for line in parts[0].split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            message.headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        guard !message.headers.isEmpty else { throw MailParseError.noHeaders }
        func ids(_ value: String?) -> [String] {
            (value ?? "").split(whereSeparator: { $0 == " " || $0 == "," }).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "<>")) }.filter { !$0.isEmpty }
        }
        func address(_ value: String) -> MailAddress? {
            if let open = value.firstIndex(of: "<"), let close = value.firstIndex(of: ">") {
                let name = value[..<open].trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
                return MailAddress(name: name.isEmpty ? nil : name, address: String(value[value.index(after: open)..<close]))
            }
            return value.contains("@") ? MailAddress(address: value.trimmingCharacters(in: .whitespaces)) : nil
        }
        message.messageID = ids(message.header("Message-ID")).first
        message.inReplyTo = ids(message.header("In-Reply-To"))
        message.references = ids(message.header("References"))
        message.subject = message.header("Subject") ?? ""
        message.from = message.header("From").flatMap(address)
        message.to = (message.header("To") ?? "").split(separator: ",").compactMap { address(String($0)) }
        message.cc = (message.header("Cc") ?? "").split(separator: ",").compactMap { address(String($0)) }
        message.deliveredTo = (message.headers(named: "Delivered-To") + message.headers(named: "X-Original-To")).map { $0.lowercased() }
        message.text = parts.dropFirst().joined(separator: "\n\n")
        return message
    }
}

