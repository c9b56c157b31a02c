import Foundation

/// Walks the MIME tree of a message: picks the text and HTML bodies and collects every other part as an
/// attachment, repairing missing or wrong boundaries on the way.
struct MailPartWalker {
    let raw: [UInt8]
    var text: String?
    var html: String?
    var attachments: [MailAttachment] = []
    var repairs: [String] = []
    private var textIsAlternative = false

    init(raw: [UInt8]) { self.raw = raw }

    static let maximumDepth = 30

    mutating func walk(headers: MailHeaderBlock, bodyStart: Int, bodyEnd: Int, depth: Int, inAlternative: Bool, defaultType: String = "text/plain") {
        var contentType = MailHeaderParameters.parse(headers.first("Content-Type"))
        if contentType.value.isEmpty {
            contentType.value = defaultType
        } else if !contentType.value.contains("/") {
            repairs.append("Content-Type \"\(contentType.value)\" without a subtype: read as text/plain")
            contentType.value = "text/plain"
        }
        let disposition = MailHeaderParameters.parse(headers.first("Content-Disposition"))
        let encoding = (headers.first("Content-Transfer-Encoding") ?? "").trimmingASCIISpace().lowercased()
        let body = raw[min(bodyStart, bodyEnd)..<bodyEnd]

        if contentType.value.hasPrefix("multipart/"), depth < Self.maximumDepth {
            if walkMultipart(contentType, body: body, depth: depth) { return }
            contentType.value = "text/plain"
        }
        let filename = disposition["filename"] ?? contentType["name"]
        let isAttachment = disposition.value == "attachment"
        let isBodyType = contentType.value == "text/plain" || contentType.value == "text/html"
        if isBodyType, !isAttachment, filename == nil || (contentType.value == "text/plain" ? text == nil : html == nil) && disposition.value == "inline" {
            let decoded = decodeText(body, encoding: encoding, charset: contentType["charset"])
            if contentType.value == "text/plain" {
                if text == nil {
                    text = decoded
                    textIsAlternative = inAlternative
                } else if !inAlternative, !textIsAlternative, let current = text {
                    text = current + "\n" + decoded  // text parts around an inline image (Apple Mail)
                }
            } else if html == nil {
                html = decoded
            }
            return
        }
        let data = MailTransferDecoding.decode(body, encoding: encoding)
        let contentID = MailMessageIDs.parse(headers.first("Content-ID")).first
        var name = filename
        if name == nil, contentType.value == "message/rfc822" {
            name = MailFilename.forwardedMessageName(data)
        }
        attachments.append(
            MailAttachment(
                filename: MailFilename.sanitise(name, mediaType: contentType.value),
                mediaType: contentType.value,
                contentID: contentID,
                isInline: disposition.value == "inline" || (disposition.value.isEmpty && contentID != nil),
                data: data))
    }

    /// False when the body holds no parts at all (then it is read as text).
    private mutating func walkMultipart(_ contentType: MailHeaderParameters, body: ArraySlice<UInt8>, depth: Int) -> Bool {
        var boundary = contentType["boundary"].map { Array($0.utf8) } ?? []
        var parts = boundary.isEmpty ? nil : MailMultipart.split(raw, body: body, boundary: boundary)
        if parts == nil || parts?.bodies.isEmpty == true {
            guard let guessed = MailMultipart.guessBoundary(raw, body: body), guessed != boundary,
                let found = MailMultipart.split(raw, body: body, boundary: guessed), !found.bodies.isEmpty
            else {
                repairs.append("multipart without \(boundary.isEmpty ? "a boundary" : "its boundary in the body"): read as text")
                return false
            }
            repairs.append(boundary.isEmpty ? "multipart without a boundary parameter: boundary taken from the body" : "boundary not found in the body: boundary taken from the body")
            boundary = guessed
            parts = found
        }
        guard let parts else { return false }
        if !parts.closed { repairs.append("missing closing boundary") }
        let alternative = contentType.value == "multipart/alternative"
        let defaultType = contentType.value == "multipart/digest" ? "message/rfc822" : "text/plain"
        for part in parts.bodies {
            let headers = MailHeaderBlock.parse(raw, from: part.lowerBound, to: part.upperBound)
            // A part starting with an empty line has no headers; one without an empty line may be all body.
            var bodyStart = headers.bodyStart
            if headers.fields.isEmpty { bodyStart = part.lowerBound < part.upperBound && (raw[part.lowerBound] == 0x0D || raw[part.lowerBound] == 0x0A) ? headers.bodyStart : part.lowerBound }
            walk(headers: headers, bodyStart: bodyStart, bodyEnd: part.upperBound, depth: depth + 1, inAlternative: alternative, defaultType: defaultType)
        }
        return true
    }

    private mutating func decodeText(_ body: ArraySlice<UInt8>, encoding: String, charset: String?) -> String {
        var bytes = MailTransferDecoding.decode(body, encoding: encoding)
        if bytes.contains(0x0D) {
            var normalised: [UInt8] = []
            normalised.reserveCapacity(bytes.count)
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0x0D {
                    normalised.append(0x0A)
                    if index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
                } else {
                    normalised.append(byte)
                }
                index += 1
            }
            bytes = normalised
        }
        let (decoded, repair) = MailCharset.decode(bytes, charset: charset)
        if let repair { repairs.append(repair) }
        return decoded
    }
}
