import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
        let folder = URL(fileURLWithPath: target).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = "\(folder)/.\(digest).\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: temporary, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: temporary) else { throw InboundStorageError("cannot write \(temporary)") }
        do {
            try handle.write(contentsOf: bytes)
            try handle.synchronize()
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        guard rename(temporary, target) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw InboundStorageError("cannot rename into \(target) (errno \(errno))")
        }
        try Self.syncDirectory(folder)
        return digest
    }

    func read(_ sha256: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path(for: sha256)) else {
            throw InboundStorageError("the raw message \(sha256) is missing from \(directory)")
        }
        return [UInt8](data)
    }

    /// The rename is durable only once the directory entry is.
    private static func syncDirectory(_ path: String) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw InboundStorageError("cannot open \(path) to sync it") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw InboundStorageError("cannot sync \(path) (errno \(errno))") }
    }
}

/// Storing a received message failed: the sender must try again later.
struct InboundStorageError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
