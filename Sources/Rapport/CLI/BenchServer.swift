import Foundation
import Vapor

#if canImport(Glibc)
import Glibc
#endif

/// The real server, started as a child process (`rapport serve`) on a free loopback port, as an
/// operator would run it; benchmarks talk to it over HTTP.
final class BenchServer: @unchecked Sendable {
    let dataDirectory: String
    private(set) var port: Int
    private var process: Process?

    var url: String { "http://127.0.0.1:\(port)" }

    init(dataDirectory: String) throws {
        self.dataDirectory = dataDirectory
        self.port = try Self.freePort()
    }

    /// Starts `rapport serve` on the data directory and waits until /health answers. Each start
    /// takes a new port: the HTTP client backs off from a port that refused it (up to a minute).
    func start(client: any Client) async throws {
        if process != nil { port = try Self.freePort() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        process.arguments = ["serve", "--hostname", "127.0.0.1", "--port", String(port)]
        var environment = ProcessInfo.processInfo.environment
        environment["RAPPORT_DATA_DIR"] = dataDirectory
        environment["DATABASE_URL"] = nil
        environment["LOG_LEVEL"] = environment["LOG_LEVEL"] ?? "error"
        process.environment = environment
        let log = dataDirectory + "/serve.log"
        if !FileManager.default.fileExists(atPath: log) { _ = FileManager.default.createFile(atPath: log, contents: nil) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        handle.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        self.process = process
        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline {
            if !process.isRunning { throw CommandError("the server stopped at start-up; see \(log)") }
            if let response = try? await client.get(URI(string: url + "/health")), response.status == .ok { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw CommandError("the server did not answer /health within 120 s; see \(log)")
    }

    /// SIGKILL: no shutdown, no flush; what was committed is all there is.
    func kill() {
        guard let process, process.isRunning else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM, then wait for a clean exit.
    func stop() {
        guard let process, process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    private static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw CommandError("cannot open a socket to find a free port") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw CommandError("cannot find a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Latencies of one kind of request, summarised as figures.
struct Latencies: Sendable {
    var milliseconds: [Double] = []
    var failures = 0

    mutating func add(_ duration: Duration) {
        milliseconds.append(Double(duration.components.seconds) * 1_000 + Double(duration.components.attoseconds) / 1e15)
    }

    mutating func merge(_ other: Latencies) {
        milliseconds += other.milliseconds
        failures += other.failures
    }

    func percentile(_ p: Double) -> Double {
        guard !milliseconds.isEmpty else { return 0 }
        let sorted = milliseconds.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
    }

    var summary: String {
        String(format: "p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d requests%@)",
            percentile(0.5), percentile(0.99), milliseconds.max() ?? 0, milliseconds.count, failures > 0 ? ", \(failures) failed" : "")
    }
}

extension Application {
    /// A client that keeps enough connections open for every concurrent benchmark client.
    func benchClient(connections: Int) -> any Client {
        http.client.configuration.connectionPool = .init(idleTimeout: .seconds(1), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
        // Short timeouts: the server shuts down only once idle connections are gone.
        http.client.configuration.timeout = .init(connect: .seconds(5), read: .seconds(5))
        return client
    }
}
