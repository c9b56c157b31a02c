import Crypto
import Foundation

/// Keeps every received message's bytes under `RAPPORT_DATA_DIR/mail/raw`, named by their SHA-256.
/// A message is on disk and synced (file and directory) before its row commits and before anything
/// parses it, so a crash or a failed parse never loses mail. The sync is shared: `stage` writes the
/// file and the write queue syncs all files of a batch in one pass before the batch's commit.
struct InboundRawStore: Sendable {
    let directory: String

    init(dataDirectory: String) {
        directory = URL(fileURLWithPath: dataDirectory).appendingPathComponent("mail/raw").path
    }

    func path(for sha256: String) -> String {
        "\(directory)/\(sha256.prefix(2))/\(sha256)"
    }

    static func digest(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// Writes the bytes (once) without waiting for the disk; returns their digest and the path that
    /// must be synced (`WriteBatch.makeDurable`) before the row that names it commits.
    func stage(_ bytes: [UInt8]) throws -> (digest: String, path: String) {
        let digest = Self.digest(bytes)
        let target = path(for: digest)
        do {
            try DurableFile.stage(bytes, to: target)
        } catch {
            throw InboundStorageError("cannot store the raw message: \(error)")
        }
        return (digest, target)
    }

    func read(_ sha256: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path(for: sha256)) else {
            throw InboundStorageError("the raw message \(sha256) is missing from \(directory)")
        }
        return [UInt8](data)
    }
}

/// Storing a received message failed: the sender must try again later.
struct InboundStorageError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
