import Foundation
import Testing

/// A real SMTP server (aiosmtpd, Tests/RapportTests/Support/smtp_sink.py) on a free loopback port,
/// storing what it receives in a temporary directory.
final class SMTPSink {
    struct Envelope {
        var mailFrom: String
        var recipients: [String]
        var data: [UInt8]
        var text: String { String(decoding: data, as: UTF8.self) }
    }

    /// Whether `python3 -c 'import aiosmtpd'` works; tests that need the server are skipped, with this reason, when not.
    static let isAvailable: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import aiosmtpd"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()
    static let unavailableReason: Comment = "needs a real SMTP server: python3 -m pip install aiosmtpd (.ci/run installs it)"

    let directory: URL
    let port: Int
    private let process: Process
    private let input: Pipe

    /// `implicitTLS`: TLS from the first byte (port 465 style); `loginOnly`: only AUTH LOGIN is offered;
    /// `tls`: STARTTLS required, with a self-signed certificate made now; `credentials`: AUTH required;
    /// `reply`: answer every message with this line ("451 4.3.0 try later").
    init(tls: Bool = false, implicitTLS: Bool = false, credentials: (user: String, password: String)? = nil, loginOnly: Bool = false, reply: String? = nil) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-sink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("smtp_sink.py").path
        var arguments = ["python3", script, directory.path]
        if tls || implicitTLS {
            let cert = directory.appendingPathComponent("cert.pem").path, key = directory.appendingPathComponent("key.pem").path
            try Self.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost"])
            arguments += ["--tls-cert", cert, "--tls-key", key]
            if implicitTLS { arguments.append("--implicit-tls") }
        }
        if loginOnly { arguments.append("--login-only") }
        if let credentials { arguments += ["--user", credentials.user, "--password", credentials.password] }
        if let reply { arguments += ["--reply", reply] }
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var seen = ""
        while !seen.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { throw TestFailure("the SMTP sink exited before listening: \(seen)") }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        guard seen.hasPrefix("READY "), let port = Int(seen.dropFirst(6).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw TestFailure("the SMTP sink said \(seen)")
        }
        self.port = port
    }

    deinit { stop() }

    func stop() {
        if process.isRunning {
            try? input.fileHandleForWriting.close()
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// The messages received so far, in order.
    func received() throws -> [Envelope] {
        var result: [Envelope] = []
        var number = 1
        while let data = FileManager.default.contents(atPath: directory.appendingPathComponent("\(number).eml").path) {
            let from = try String(contentsOf: directory.appendingPathComponent("\(number).from"), encoding: .utf8)
            let to = try String(contentsOf: directory.appendingPathComponent("\(number).to"), encoding: .utf8)
            result.append(Envelope(mailFrom: from, recipients: to.split(separator: "\n").map(String.init), data: Array(data)))
            number += 1
        }
        return result
    }

    /// The AUTH mechanisms clients used successfully.
    var authMechanisms: [String] {
        ((try? String(contentsOf: directory.appendingPathComponent("auth.log"), encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    private static func run(_ command: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus != 0 { throw TestFailure("\(command.joined(separator: " ")) failed") }
    }
}
