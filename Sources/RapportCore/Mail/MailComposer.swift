import Foundation

/// Turns a `ComposedMail` into RFC 5322 bytes: CRLF line ends, no line over 76 characters,
/// text/plain (quoted-printable UTF-8) alone or with text/html as multipart/alternative, and
/// attachments (base64) around them as multipart/mixed. The same value gives the same bytes.
public enum MailComposer {
    public static func compose(_ mail: ComposedMail) -> [UInt8] {
        var out = ""
        out += "Date: \(ComposeEncoding.date(mail.date))\r\n"
        out += ComposeEncoding.addressHeader("From", [mail.from])
        if !mail.to.isEmpty { out += ComposeEncoding.addressHeader("To", mail.to) }
        if !mail.cc.isEmpty { out += ComposeEncoding.addressHeader("Cc", mail.cc) }
        if !mail.replyTo.isEmpty { out += ComposeEncoding.addressHeader("Reply-To", mail.replyTo) }
        out += ComposeEncoding.fold(words: ComposeEncoding.encodedWords(mail.subject), first: "Subject:")
        out += "Message-ID: <\(mail.messageID)>\r\n"
        if !mail.inReplyTo.isEmpty { out += ComposeEncoding.fold(words: mail.inReplyTo.map { "<\($0)>" }, first: "In-Reply-To:") }
        if !mail.references.isEmpty { out += ComposeEncoding.fold(words: mail.references.map { "<\($0)>" }, first: "References:") }
        if let automatic = mail.automatic { out += "Auto-Submitted: \(automatic.rawValue)\r\n" }
        out += "MIME-Version: 1.0\r\n"

        // "=_" never occurs in quoted-printable or base64 text, so these boundaries cannot clash with a body.
        let seed = mail.messageID.split(separator: "@").first.map(String.init) ?? "rapport"
        let textPart = Part(headers: ["Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: quoted-printable"],
            body: ComposeEncoding.quotedPrintable(mail.text))
        var body = textPart
        if let html = mail.html {
            let htmlPart = Part(headers: ["Content-Type: text/html; charset=UTF-8", "Content-Transfer-Encoding: quoted-printable"],
                body: ComposeEncoding.quotedPrintable(html))
            body = multipart("alternative", boundary: "=_alt_\(seed)", parts: [textPart, htmlPart])
        }
        if !mail.attachments.isEmpty {
            let files = mail.attachments.map { file in
                let mediaType = file.mediaType.isEmpty ? "application/octet-stream" : file.mediaType
                return Part(headers: [
                    parameterHeader("Content-Type: \(mediaType)", ComposeEncoding.parameter("name", file.filename)),
                    parameterHeader("Content-Disposition: attachment", ComposeEncoding.parameter("filename", file.filename)),
                    "Content-Transfer-Encoding: base64",
                ], body: ComposeEncoding.base64Lines(file.data))
            }
            body = multipart("mixed", boundary: "=_mix_\(seed)", parts: [body] + files)
        }
        for header in body.headers { out += header.hasSuffix("\r\n") ? header : header + "\r\n" }
        out += "\r\n" + body.body
        return Array(out.utf8)
    }

    /// A MIME entity: its header lines and its body, ending in CRLF.
    private struct Part {
        var headers: [String]
        var body: String
    }

    private static func multipart(_ subtype: String, boundary: String, parts: [Part]) -> Part {
        var body = "This is a multi-part message in MIME format.\r\n"
        for part in parts {
            body += "\r\n--\(boundary)\r\n"
            for header in part.headers { body += header.hasSuffix("\r\n") ? header : header + "\r\n" }
            body += "\r\n" + part.body
        }
        body += "\r\n--\(boundary)--\r\n"
        return Part(headers: ["Content-Type: multipart/\(subtype);\r\n boundary=\"\(boundary)\""], body: body)
    }

    /// "Content-Type: image/png;" with each parameter piece on a continuation line.
    private static func parameterHeader(_ start: String, _ pieces: [String]) -> String {
        ([start] + pieces).joined(separator: ";\r\n ")
    }
}
