import Fluent
import Foundation
import SQLKit

/// A workspace's SMTP server as stored; the password stays sealed until the worker needs it.
struct OutboundSettingsRecord: Sendable {
    var host: String
    var port: Int
    var tlsMode: SMTPTLSMode
    var username: String?
    var passwordSealed: String?
    var verifyCertificate: Bool
    var fromName: String?

    func server(secrets: SecretBox) throws -> SMTPServer {
        SMTPServer(host: host, port: port, tlsMode: tlsMode, username: username,
            password: try passwordSealed.map(secrets.open), verifyCertificate: verifyCertificate)
    }
}

/// A workspace's acknowledgement of new tickets.
struct AcknowledgementSettings: Sendable {
    var enabled: Bool
    var subjectTemplate: String
    var bodyTemplate: String

    static let standard = AcknowledgementSettings(
        enabled: false,
        subjectTemplate: "We received your request: {{ticket.subject}}",
        bodyTemplate: """
            Hello {{customer.name}},

            thank you for writing to us. Your request has the number {{ticket.number}}; we will answer by {{sla.first_response_due}}.

            To add anything, simply reply to this email.
            """)
}

/// The queries of outbound mail settings, scoped to one workspace.
struct OutboundSettingsStore {
    let db: any Database
    let workspaceID: UUID
    var sql: any SQLDatabase { db as! any SQLDatabase }

    func find() async throws -> OutboundSettingsRecord? {
        guard let row = try await sql.select().column("*").from("outbound_mail_settings").where("workspace_id", .equal, workspaceID).first() else { return nil }
        return OutboundSettingsRecord(
            host: try row.decode(column: "host", as: String.self), port: try row.decode(column: "port", as: Int.self),
            tlsMode: try row.decodeEnum("tls_mode"), username: try row.decode(column: "username", as: String?.self),
            passwordSealed: try row.decode(column: "password_sealed", as: String?.self),
            verifyCertificate: try row.decode(column: "verify_certificate", as: Bool.self),
            fromName: try row.decode(column: "from_name", as: String?.self))
    }

    func save(_ record: OutboundSettingsRecord, now: Date) async throws {
        try await sql.delete(from: "outbound_mail_settings").where("workspace_id", .equal, workspaceID).run()
        try await sql.insert(into: "outbound_mail_settings")
            .columns("id", "workspace_id", "host", "port", "tls_mode", "username", "password_sealed", "verify_certificate", "from_name", "updated_at")
            .values(SQLBind(UUID()), SQLBind(workspaceID), SQLBind(record.host), SQLBind(record.port), SQLBind(record.tlsMode.rawValue),
                SQLBind(record.username), SQLBind(record.passwordSealed), SQLBind(record.verifyCertificate), SQLBind(record.fromName), SQLBind(now))
            .run()
    }

    func acknowledgement() async throws -> AcknowledgementSettings {
        try await Self.acknowledgement(sql, workspaceID: workspaceID)
    }

    static func acknowledgement(_ sql: any SQLDatabase, workspaceID: UUID) async throws -> AcknowledgementSettings {
        guard let row = try await sql.select().column("*").from("acknowledgement_settings").where("workspace_id", .equal, workspaceID).first() else {
            return .standard
        }
        return AcknowledgementSettings(enabled: try row.decode(column: "enabled", as: Bool.self),
            subjectTemplate: try row.decode(column: "subject_template", as: String.self),
            bodyTemplate: try row.decode(column: "body_template", as: String.self))
    }

    func saveAcknowledgement(_ settings: AcknowledgementSettings, now: Date) async throws {
        try await sql.delete(from: "acknowledgement_settings").where("workspace_id", .equal, workspaceID).run()
        try await sql.insert(into: "acknowledgement_settings")
            .columns("id", "workspace_id", "enabled", "subject_template", "body_template", "updated_at")
            .values(SQLBind(UUID()), SQLBind(workspaceID), SQLBind(settings.enabled), SQLBind(settings.subjectTemplate), SQLBind(settings.bodyTemplate), SQLBind(now))
            .run()
    }
}
