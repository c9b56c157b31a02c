import Crypto
import Foundation
import NIOCore
import RapportCore
import Vapor

/// A file saved in the attachment store, described for its database row.
struct StoredFile: Sendable {
    var filename: String
    var mediaType: String
    var size: Int64
    var sha256: String
}

/// Keeps attachment bytes under `RAPPORT_DATA_DIR/attachments`, named by their SHA-256: the same
/// file attached twice is stored once, and a name can never point at the wrong bytes.
struct AttachmentStore: Sendable {
    let directory: String
    static let maxBytes = 25 * 1024 * 1024

    init(dataDirectory: String) {
        directory = URL(fileURLWithPath: dataDirectory).appendingPathComponent("attachments").path
    }

    func path(for sha256: String) -> String {
        "\(directory)/\(sha256.prefix(2))/\(sha256.dropFirst(2).prefix(2))/\(sha256)"
    }

    /// Saves the bytes (once, durably: see `DurableFile`) and describes them.
    func save(_ bytes: Data, filename: String, mediaType: String?) throws -> StoredFile {
        let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        let target = path(for: digest)
        if !FileManager.default.fileExists(atPath: target) { try DurableFile.write(bytes, to: target) }
        return StoredFile(
            filename: filename, mediaType: mediaType ?? Self.mediaType(forFilename: filename), size: Int64(bytes.count), sha256: digest)
    }

    /// A media type from the file's extension when the sender gave none.
    static func mediaType(forFilename filename: String) -> String {
        let ext = URL(fileURLWithPath: filename).pathExtension.lowercased()
        return HTTPMediaType.fileExtension(ext).map { "\($0.type)/\($0.subType)" } ?? "application/octet-stream"
    }

    /// Decodes and saves a message's inline attachments, or answers 422 naming the bad one.
    func save(_ inputs: [AttachmentInput]) throws -> [StoredFile] {
        var errors = FieldErrors()
        var files: [StoredFile] = []
        for (index, input) in inputs.enumerated() {
            let field = "attachments[\(index)]"
            let name = input.filename.trimmed
            guard !name.isEmpty, name.count <= 255, !name.contains("/") else {
                errors.add(field, "needs a filename of 1 to 255 characters without '/'")
                continue
            }
            guard let bytes = Data(base64Encoded: input.content, options: .ignoreUnknownCharacters) else {
                errors.add(field, "content must be base64")
                continue
            }
            guard bytes.count <= Self.maxBytes else {
                errors.add(field, "is \(bytes.count / 1_048_576) MB; the limit is \(Self.maxBytes / 1_048_576) MB")
                continue
            }
            if let type = input.mediaType, type.split(separator: "/").count != 2 || type.count > 100 {
                errors.add(field, "media_type '\(type.prefix(80))' is not a media type such as image/png")
                continue
            }
            files.append(try save(bytes, filename: name, mediaType: input.mediaType))
        }
        try errors.throwIfAny()
        return files
    }
}

enum TicketAttachments {
    static let columns = ["id", "workspace_id", "ticket_id", "message_id", "filename", "media_type", "size", "sha256", "created_at"]

    static func insert(_ files: [StoredFile], message: TicketMessage, batch: WriteBatch) {
        for file in files {
            batch.insert(into: TicketAttachment.schema, columns: columns, values: [
                TimeOrderedID.make(), message.workspaceID, message.ticketID, message.id!, file.filename, file.mediaType, file.size,
                file.sha256, message.createdAt,
            ])
        }
    }
}

extension Application {
    var attachments: AttachmentStore { AttachmentStore(dataDirectory: settings.dataDirectory) }
}
