import Crypto
import Foundation

extension AttachmentStore {
    /// Saves the bytes (once) without waiting for the disk, for a writer that syncs many files
    /// together: the row naming the file must not commit before `path(for: file.sha256)` is synced
    /// (`WriteBatch.makeDurable`).
    func stage(_ bytes: Data, filename: String, mediaType: String?) throws -> StoredFile {
        let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
        try DurableFile.stage(bytes, to: path(for: digest))
        return StoredFile(
            filename: filename, mediaType: mediaType ?? Self.mediaType(forFilename: filename), size: Int64(bytes.count), sha256: digest)
    }
}
