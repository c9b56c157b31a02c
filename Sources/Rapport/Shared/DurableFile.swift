import Foundation
#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
private let systemWrite = Darwin.write
#endif

/// Writes files so that the bytes survive a crash or a power cut: a temporary file is written,
/// renamed over the final name (atomic), and the file and its folder are synced so the bytes and
/// the rename are on disk. A reader never sees half a file under the final name.
///
/// `write` syncs at once (two fsyncs per file). `stage` only writes and renames; the caller then
/// hands the paths to `sync`, once for many files: the write queue does that for a whole batch
/// just before its commit (`WriteBatch.makeDurable`), so many messages share one pass.
enum DurableFile {
    struct WriteError: Error, CustomStringConvertible {
        var description: String
    }

    /// Writes and syncs one file.
    static func write(_ bytes: some Collection<UInt8>, to path: String) throws {
        try stage(bytes, to: path, syncData: true)
        syncFolders([path])
    }

    /// Writes the file under its final name without waiting for the disk; durable only after `sync`.
    /// A file already there with the same size is kept (content-addressed stores: same name, same bytes;
    /// a file cut short by a crash before its sync has another size and is written again).
    static func stage(_ bytes: some Collection<UInt8>, to path: String) throws {
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size == bytes.count { return }
        try stage(bytes, to: path, syncData: false)
    }

    /// Makes staged files durable: each file's data, then each distinct folder (for the renames).
    /// Files that are already clean cost next to nothing, so syncing a path twice is harmless.
    static func sync(_ paths: some Collection<String>) throws {
        for path in Set(paths) {
            let descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else { throw WriteError(description: "cannot open \(path) to sync it: \(String(cString: strerror(errno)))") }
            defer { close(descriptor) }
            guard fsync(descriptor) == 0 else { throw WriteError(description: "cannot sync \(path): \(String(cString: strerror(errno)))") }
        }
        syncFolders(paths)
    }

    private static func syncFolders(_ paths: some Collection<String>) {
        for folder in Set(paths.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }) {
            let directory = open(folder, O_RDONLY)
            if directory >= 0 {
                fsync(directory)
                close(directory)
            }
        }
    }

    private static func stage(_ bytes: some Collection<UInt8>, to path: String, syncData: Bool) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let temporary = folder + "/.tmp-" + UUID().uuidString
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o640)
        guard descriptor >= 0 else { throw WriteError(description: "cannot create \(temporary): \(String(cString: strerror(errno)))") }
        var closed = false
        defer {
            if !closed { close(descriptor) }
            unlink(temporary)
        }
        let data = Array(bytes)
        var written = 0
        while written < data.count {
            let result = data.withUnsafeBytes { buffer in
                systemWrite(descriptor, buffer.baseAddress! + written, data.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw WriteError(description: "cannot write \(temporary): \(String(cString: strerror(errno)))")
            }
            written += result
        }
        if syncData {
            guard fsync(descriptor) == 0 else { throw WriteError(description: "cannot sync \(temporary): \(String(cString: strerror(errno)))") }
        }
        close(descriptor)
        closed = true
        guard rename(temporary, path) == 0 else { throw WriteError(description: "cannot rename to \(path): \(String(cString: strerror(errno)))") }
    }
}
