import Crypto
import Foundation
import Vapor

/// Seals secrets stored in the database (SMTP passwords) with AES-GCM. The key comes from
/// `RAPPORT_SECRET_KEY` (base64 of 32 bytes, or any passphrase, hashed to 32 bytes with SHA-256), or
/// else from `secret.key` in the data directory, made on first use and readable by the owner only.
/// Every app node must share the key.
struct SecretBox: Sendable {
    let key: SymmetricKey

    /// base64 of nonce, ciphertext and tag.
    func seal(_ text: String) throws -> String {
        guard let combined = try AES.GCM.seal(Data(text.utf8), using: key).combined else {
            throw Abort(.internalServerError, reason: "AES-GCM gave no combined box")
        }
        return combined.base64EncodedString()
    }

    func open(_ sealed: String) throws -> String {
        guard let data = Data(base64Encoded: sealed) else { throw Abort(.internalServerError, reason: "sealed secret is not base64") }
        return String(decoding: try AES.GCM.open(AES.GCM.SealedBox(combined: data), using: key), as: UTF8.self)
    }

    static func load(_ settings: Settings) throws -> SecretBox {
        if let configured = settings.secretKey {
            if let data = Data(base64Encoded: configured), data.count == 32 { return SecretBox(key: SymmetricKey(data: data)) }
            return SecretBox(key: SymmetricKey(data: SHA256.hash(data: Data(configured.utf8))))
        }
        let path = settings.dataDirectory + "/secret.key"
        if let text = try? String(contentsOfFile: path, encoding: .utf8),
           let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), data.count == 32 {
            return SecretBox(key: SymmetricKey(data: data))
        }
        try FileManager.default.createDirectory(atPath: settings.dataDirectory, withIntermediateDirectories: true)
        let key = SymmetricKey(size: .bits256)
        let encoded = key.withUnsafeBytes { Data($0).base64EncodedString() } + "\n"
        guard FileManager.default.createFile(atPath: path, contents: Data(encoded.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw Abort(.internalServerError, reason: "cannot write the secret key file \(path)")
        }
        return SecretBox(key: key)
    }
}

extension Application {
    private struct SecretBoxKey: StorageKey { typealias Value = SecretBox }

    /// Read or made on first use, so that a server that never stores a secret never writes a key file.
    var secrets: SecretBox {
        get throws {
            if let box = storage[SecretBoxKey.self] { return box }
            let box = try SecretBox.load(settings)
            storage[SecretBoxKey.self] = box
            return box
        }
    }
}
