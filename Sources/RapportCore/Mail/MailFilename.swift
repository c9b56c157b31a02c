import Foundation

/// Attachment names made safe to store and show: no paths, no control characters, never empty.
enum MailFilename {
    private static let extensions: [String: String] = [
        "image/png": "png", "image/jpeg": "jpg", "image/jpg": "jpg", "image/gif": "gif", "image/webp": "webp", "image/bmp": "bmp",
        "image/tiff": "tif", "image/svg+xml": "svg", "image/heic": "heic", "application/pdf": "pdf", "application/zip": "zip",
        "text/plain": "txt", "text/html": "html", "text/calendar": "ics", "text/csv": "csv", "message/rfc822": "eml",
        "message/delivery-status": "txt", "text/rfc822-headers": "txt", "message/disposition-notification": "txt",
        "application/ms-tnef": "dat", "application/vnd.ms-tnef": "dat", "application/json": "json", "application/xml": "xml",
        "application/msword": "doc", "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
        "application/vnd.ms-excel": "xls", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
        "audio/mpeg": "mp3", "video/mp4": "mp4", "application/pgp-signature": "asc", "application/pkcs7-signature": "p7s",
    ]

    private static let stems: [String: String] = [
        "message/rfc822": "message", "message/delivery-status": "delivery-status", "text/rfc822-headers": "headers",
        "message/disposition-notification": "disposition-notification", "text/calendar": "invite", "application/ics": "invite",
        "application/pgp-signature": "signature", "application/pkcs7-signature": "smime",
    ]

    static func sanitise(_ name: String?, mediaType: String) -> String {
        var cleaned = ""
        if let name {
            let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
            cleaned = String(String.UnicodeScalarView(last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F && !(0x80..<0xA0).contains($0.value) }))
            cleaned = cleaned.trimmingCharacters(in: [" ", ".", "\t"])
            if cleaned.utf8.count > 200 {
                let ext = cleaned.split(separator: ".").count > 1 ? cleaned.split(separator: ".").last.map(String.init) ?? "" : ""
                let keep = ext.count < 12 ? ext : ""
                var stem = String(cleaned.prefix(180 - keep.count))
                while stem.utf8.count > 190 { stem.removeLast() }
                cleaned = keep.isEmpty ? stem : stem + "." + keep
            }
        }
        if cleaned.isEmpty {
            let ext = extensions[mediaType] ?? (mediaType.hasPrefix("text/") ? "txt" : "bin")
            let stem = stems[mediaType] ?? (mediaType.hasPrefix("image/") ? "image" : "attachment")
            cleaned = "\(stem).\(ext)"
        }
        return cleaned
    }

    /// A forwarded message without a name is named after its subject, as mail clients do.
    static func forwardedMessageName(_ data: [UInt8]) -> String? {
        let block = MailHeaderBlock.parse(data, from: 0, to: data.count)
        let subject = MailEncodedWords.decode(block.first("Subject") ?? "").trimmingASCIISpace()
        guard !subject.isEmpty else { return nil }
        return String(subject.prefix(100)).replacingOccurrences(of: "/", with: "-") + ".eml"
    }
}
