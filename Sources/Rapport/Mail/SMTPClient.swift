import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import RapportCore

/// How the connection to the SMTP server is protected.
enum SMTPTLSMode: String, Codable, CaseIterable, Sendable {
    /// Plain text throughout (a relay on the same host or network).
    case none
    /// Plain connect, then STARTTLS before anything else (port 587); refused when the server cannot.
    case starttls
    /// TLS from the first byte (port 465).
    case tls
}

/// Where and how to deliver mail.
struct SMTPServer: Sendable {
    var host: String
    var port: Int
    var tlsMode: SMTPTLSMode
    var username: String?
    var password: String?
    /// Check the server's certificate against the system's roots and its host name.
    var verifyCertificate = true
    /// The name we greet with in EHLO.
    var heloName = "rapport.localhost"
    /// For every step: connecting, each reply, the TLS handshake.
    var timeout: TimeAmount = .seconds(30)
}

/// Why a delivery failed, and whether trying again later can help.
struct SMTPFailure: Error, CustomStringConvertible, Sendable {
    /// Temporary: 4xx replies, connection errors, timeouts. Permanent: 5xx replies, a server without the TLS or AUTH we need.
    var isTemporary: Bool
    var message: String

    var description: String { message }
}

/// Sends mail over SMTP (RFC 5321) on SwiftNIO: EHLO (HELO when refused), STARTTLS or implicit TLS,
/// AUTH PLAIN or LOGIN as the server offers, MAIL FROM, RCPT TO, DATA with dot-stuffing, QUIT.
struct SMTPClient: Sendable {
    var server: SMTPServer

    /// Delivers one message; returns the server's answer to the end of DATA.
    @discardableResult
    func send(from sender: String, to recipients: [String], message: [UInt8]) async throws -> SMTPReply {
        let tlsContext: NIOSSLContext?
        do {
            var configuration = TLSConfiguration.makeClientConfiguration()
            if !server.verifyCertificate { configuration.certificateVerification = .none }
            tlsContext = server.tlsMode == .none ? nil : try NIOSSLContext(configuration: configuration)
        } catch {
            throw SMTPFailure(isTemporary: false, message: "TLS set-up failed: \(error)")
        }
        let host = server.host
        let hostname = Self.isIPAddress(host) ? nil : host
        let implicitTLS = server.tlsMode == .tls
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(server.timeout)
                .connect(host: host, port: server.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if implicitTLS, let tlsContext {
                            try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tlsContext, serverHostname: hostname))
                        }
                        return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw SMTPFailure(isTemporary: true, message: "cannot connect to \(host):\(server.port): \(error)")
        }
        let server = self.server
        do {
            return try await channel.executeThenClose { inbound, outbound in
                var session = SMTPSession(channel: channel.channel, inbound: inbound.makeAsyncIterator(), outbound: outbound, timeout: server.timeout)
                return try await session.deliver(server: server, tlsContext: tlsContext, hostname: hostname, from: sender, to: recipients, message: message)
            }
        } catch let failure as SMTPFailure {
            throw failure
        } catch {
            throw SMTPFailure(isTemporary: true, message: "connection to \(host):\(server.port) failed: \(error)")
        }
    }

    static func isIPAddress(_ host: String) -> Bool {
        host.contains(":") || host.split(separator: ".").allSatisfy { UInt8($0) != nil }
    }
}

/// One conversation with the server.
private struct SMTPSession {
    let channel: any Channel
    var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let timeout: TimeAmount
    var parser = SMTPReplyParser()
    var ready: [SMTPReply] = []

    init(channel: any Channel, inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator,
         outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, timeout: TimeAmount) {
        self.channel = channel
        self.inbound = inbound
        self.outbound = outbound
        self.timeout = timeout
    }

    mutating func deliver(server: SMTPServer, tlsContext: NIOSSLContext?, hostname: String?,
                          from sender: String, to recipients: [String], message: [UInt8]) async throws -> SMTPReply {
        try expect(try await reply(), "greeting")
        var hello = try await greet(server.heloName)
        if server.tlsMode == .starttls {
            guard hello.offers("STARTTLS"), let tlsContext else {
                throw SMTPFailure(isTemporary: false, message: "the server does not offer STARTTLS, and the settings require it")
            }
            try expect(try await command("STARTTLS"), "STARTTLS")
            let channel = self.channel
            try await channel.eventLoop.submit {
                try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tlsContext, serverHostname: hostname), position: .first)
            }.get()
            hello = try await greet(server.heloName)
        }
        if let username = server.username, !username.isEmpty {
            try await authenticate(username: username, password: server.password ?? "", offered: hello.authMechanisms)
        }
        try expect(try await command("MAIL FROM:<\(sender)>"), "MAIL FROM")
        for recipient in recipients { try expect(try await command("RCPT TO:<\(recipient)>"), "RCPT TO <\(recipient)>") }
        let start = try await command("DATA")
        guard start.code == 354 else { throw failure(start, "DATA") }
        try await outbound.write(ByteBuffer(bytes: SMTPData.stuffed(message)))
        let accepted = try await reply()
        try expect(accepted, "end of DATA")
        // The message is accepted; a server that hangs up instead of answering QUIT changes nothing.
        _ = try? await command("QUIT")
        return accepted
    }

    private mutating func greet(_ name: String) async throws -> SMTPReply {
        let hello = try await command("EHLO \(name)")
        if hello.isPositive { return hello }
        let helo = try await command("HELO \(name)")
        try expect(helo, "HELO")
        return helo
    }

    private mutating func authenticate(username: String, password: String, offered: [String]) async throws {
        if offered.contains("PLAIN") {
            let token = Data(([0] + Array(username.utf8) + [0] + Array(password.utf8))).base64EncodedString()
            try expect(try await command("AUTH PLAIN \(token)"), "AUTH PLAIN")
        } else if offered.contains("LOGIN") {
            let first = try await command("AUTH LOGIN")
            guard first.code == 334 else { throw failure(first, "AUTH LOGIN") }
            let second = try await command(Data(username.utf8).base64EncodedString())
            guard second.code == 334 else { throw failure(second, "AUTH LOGIN user name") }
            try expect(try await command(Data(password.utf8).base64EncodedString()), "AUTH LOGIN password")
        } else {
            throw SMTPFailure(isTemporary: false, message: "the server offers no AUTH PLAIN or LOGIN (offered: \(offered.joined(separator: " ")))")
        }
    }

    private mutating func command(_ line: String) async throws -> SMTPReply {
        try await outbound.write(ByteBuffer(string: line + "\r\n"))
        return try await reply()
    }

    /// The next complete reply; the connection is closed when none comes within the timeout.
    private mutating func reply() async throws -> SMTPReply {
        let timedOut = TimeoutFlag()
        let channel = self.channel
        let timer = channel.eventLoop.scheduleTask(in: timeout) {
            timedOut.set()
            channel.close(promise: nil)
        }
        defer { timer.cancel() }
        while ready.isEmpty {
            guard let buffer = try await inbound.next() else {
                let why = timedOut.isSet ? "timed out waiting for the server" : "the server closed the connection"
                throw SMTPFailure(isTemporary: true, message: why)
            }
            ready += parser.feed(buffer.readableBytesView)
        }
        return ready.removeFirst()
    }

    private func expect(_ reply: SMTPReply, _ step: String) throws {
        if !reply.isPositive { throw failure(reply, step) }
    }

    private func failure(_ reply: SMTPReply, _ step: String) -> SMTPFailure {
        // Anything but a 5xx (an unexpected 3xx, say) is worth another try.
        SMTPFailure(isTemporary: reply.code < 500, message: "\(step): \(reply.code) \(reply.text)")
    }
}

private final class TimeoutFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
