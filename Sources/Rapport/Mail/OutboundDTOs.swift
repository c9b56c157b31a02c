import Foundation
import RapportCore
import Vapor

/// The SMTP settings as shown: the password never leaves the server, only whether one is set.
struct OutboundSettingsResponse: Content {
    var configured: Bool
    var host: String
    var port: Int
    var tlsMode: SMTPTLSMode
    var username: String?
    var passwordSet: Bool
    var verifyCertificate: Bool
    var fromName: String?

    enum CodingKeys: String, CodingKey {
        case configured, host, port, username
        case tlsMode = "tls_mode"
        case passwordSet = "password_set"
        case verifyCertificate = "verify_certificate"
        case fromName = "from_name"
    }

    init(_ record: OutboundSettingsRecord?) {
        configured = record != nil
        host = record?.host ?? ""
        port = record?.port ?? 587
        tlsMode = record?.tlsMode ?? .starttls
        username = record?.username
        passwordSet = record?.passwordSealed != nil
        verifyCertificate = record?.verifyCertificate ?? true
        fromName = record?.fromName
    }
}

/// PUT input. `password` left out keeps the stored one; null clears it.
struct OutboundSettingsInput: Content {
    var host: String?
    var port: Int?
    var tlsMode: String?
    var username: String?
    var password: String?
    var passwordSent: Bool
    var verifyCertificate: Bool?
    var fromName: String?

    enum CodingKeys: String, CodingKey {
        case host, port, username, password
        case tlsMode = "tls_mode"
        case verifyCertificate = "verify_certificate"
        case fromName = "from_name"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        host = try c.decodeIfPresent(String.self, forKey: .host)
        port = try c.decodeIfPresent(Int.self, forKey: .port)
        tlsMode = try c.decodeIfPresent(String.self, forKey: .tlsMode)
        username = try c.decodeIfPresent(String.self, forKey: .username)
        password = try c.decodeIfPresent(String.self, forKey: .password)
        passwordSent = c.contains(.password)
        verifyCertificate = try c.decodeIfPresent(Bool.self, forKey: .verifyCertificate)
        fromName = try c.decodeIfPresent(String.self, forKey: .fromName)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(host, forKey: .host)
        try c.encodeIfPresent(port, forKey: .port)
        try c.encodeIfPresent(tlsMode, forKey: .tlsMode)
        try c.encodeIfPresent(username, forKey: .username)
        try c.encodeIfPresent(verifyCertificate, forKey: .verifyCertificate)
        try c.encodeIfPresent(fromName, forKey: .fromName)
    }

    /// The record to store; `existing` supplies the sealed password when none is sent.
    func validated(existing: OutboundSettingsRecord?, secrets: () throws -> SecretBox) throws -> OutboundSettingsRecord {
        var errors = FieldErrors()
        let host = errors.requireText("host", host, maxLength: 253)
        if host.contains(where: { $0.isWhitespace || $0 == "/" }) { errors.add("host", "must be a host name or IP address") }
        let mode = SMTPTLSMode(rawValue: tlsMode ?? SMTPTLSMode.starttls.rawValue)
        if mode == nil { errors.add("tls_mode", "must be one of none, starttls, tls") }
        let port = self.port ?? (mode == .tls ? 465 : 587)
        if !(1...65535).contains(port) { errors.add("port", "must be between 1 and 65535") }
        let username = errors.optionalText("username", self.username, maxLength: 320).flatMap { $0.isEmpty ? nil : $0 }
        if let password, password.count > 1000 { errors.add("password", "must be at most 1000 characters") }
        let fromName = errors.optionalText("from_name", self.fromName, maxLength: 200).flatMap { $0.isEmpty ? nil : $0 }
        try errors.throwIfAny()
        var sealed = existing?.passwordSealed
        if passwordSent { sealed = try password.map { try secrets().seal($0) } }
        return OutboundSettingsRecord(host: host, port: port, tlsMode: mode ?? .starttls, username: username, passwordSealed: sealed,
            verifyCertificate: verifyCertificate ?? true, fromName: fromName)
    }
}

/// POST .../test input: where to send the test message.
struct OutboundTestInput: Content {
    var to: String?
}

struct OutboundTestResponse: Content {
    var delivered: Bool
    var reply: String?
    var error: String?
    var temporary: Bool?
}

/// The acknowledgement settings, in and out.
struct AcknowledgementSettingsBody: Content {
    var enabled: Bool?
    var subjectTemplate: String?
    var bodyTemplate: String?
    var placeholders: [String]?

    enum CodingKeys: String, CodingKey {
        case enabled, placeholders
        case subjectTemplate = "subject_template"
        case bodyTemplate = "body_template"
    }

    init(_ settings: AcknowledgementSettings) {
        enabled = settings.enabled
        subjectTemplate = settings.subjectTemplate
        bodyTemplate = settings.bodyTemplate
        placeholders = Acknowledgement.placeholders.map { "{{\($0.rawValue)}}" }
    }

    func validated(current: AcknowledgementSettings) throws -> AcknowledgementSettings {
        var errors = FieldErrors()
        var result = current
        if let enabled { result.enabled = enabled }
        if let subjectTemplate { result.subjectTemplate = errors.requireText("subject_template", subjectTemplate, maxLength: 300) }
        if let bodyTemplate { result.bodyTemplate = errors.requireText("body_template", bodyTemplate, maxLength: 20_000) }
        for (field, text) in [("subject_template", result.subjectTemplate), ("body_template", result.bodyTemplate)] {
            do {
                let template = try MacroTemplate(parsing: text)
                if let extra = template.placeholders.first(where: { !Acknowledgement.placeholders.contains($0) }) {
                    errors.add(field, "cannot use {{\(extra.rawValue)}} in an acknowledgement; known: \(Acknowledgement.placeholders.map { "{{\($0.rawValue)}}" }.joined(separator: ", "))")
                }
            } catch {
                errors.add(field, error.message)
            }
        }
        try errors.throwIfAny()
        return result
    }
}
