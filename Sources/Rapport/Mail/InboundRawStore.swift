import Crypto
import Foundation

/// Keeps every received message's bytes under `RAPPORT_DATA_DIR/mail/raw`, named by their SHA-256.
/// A message is on disk and synced (file and directory) before anything reads it, so a crash or a
/// failed parse never loses mail.
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

    /// Writes the bytes (once), synced to disk, and returns their digest.
    func save(_ bytes: [UInt8]) throws -> String {
        let digest = Self.digest(bytes)
        let target = path(for: digest)
        if FileManager.default.fileExists(atPath: target) { return digest }
        do {
            try DurableFile.write(bytes, to: target)
        } catch {
            throw InboundStorageError("cannot store the raw message: \(error)")
        }
        return digest
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
