import Crypto
import Foundation

/// Keeps every received message's bytes under `RAPPORT_DATA_DIR/mail/raw`. The messages handed in
/// together go one after another into one pack file (`packs/<name>`), so a batch costs one file to
/// create and one to sync rather than one per message; each row keeps its pack and offset. Messages
/// stored before packs have a file of their own named by their SHA-256. A message is on disk and
/// synced (file and directory) before its row commits and before anything parses it, so a crash or
/// a failed parse never loses mail: the write queue syncs the pack just before the batch's commit.
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

    func path(of row: InboundEmail) -> String {
        row.rawPack.map { "\(directory)/packs/\($0)" } ?? path(for: row.sha256)
    }

    /// Writes messages one after another into a new pack file without waiting for the disk; returns
    /// the pack's name, its path (to sync with `WriteBatch.makeDurable` before the rows commit) and
    /// where each message starts.
    func stagePack(_ messages: [[UInt8]]) throws -> (name: String, path: String, offsets: [Int64]) {
        let name = UUID().uuidString.lowercased()
        let target = "\(directory)/packs/\(name)"
        var bytes: [UInt8] = []
        bytes.reserveCapacity(messages.reduce(0) { $0 + $1.count })
        var offsets: [Int64] = []
        for message in messages {
            offsets.append(Int64(bytes.count))
            bytes += message
        }
        do {
            try DurableFile.stage(bytes, to: target)
        } catch {
            throw InboundStorageError("cannot store the raw messages: \(error)")
        }
        return (name, target, offsets)
    }

    /// A message's bytes, from its pack or its own file.
    func read(_ row: InboundEmail) throws -> [UInt8] {
        guard let offset = row.rawOffset, row.rawPack != nil else { return try read(row.sha256) }
        let file = path(of: row)
        guard let handle = FileHandle(forReadingAtPath: file) else {
            throw InboundStorageError("the raw message \(row.sha256) is missing from \(file)")
        }
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(offset))
        let data = try handle.read(upToCount: Int(row.size)) ?? Data()
        guard data.count == Int(row.size) else { throw InboundStorageError("the raw message \(row.sha256) is cut short in \(file)") }
        return [UInt8](data)
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
