import Fluent
import Foundation
import RapportCore
import SQLKit
import Vapor

/// /api/v1/support-addresses: the addresses customers write to; each picks its workspace and team.
struct SupportAddressesAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let addresses = routes.grouped("support-addresses").requiring(.admin)
        addresses.get(use: list)
        addresses.post(use: create)
        addresses.patch(":id", use: update)
        addresses.delete(":id", use: delete)
    }

    func list(req: Request) async throws -> Page<SupportAddressResponse> {
        let rows = try await SupportAddressStore(db: req.db, workspaceID: try req.workspaceID).all()
        return Page(items: rows, nextCursor: nil)
    }

    func create(req: Request) async throws -> Response {
        let input = try req.content.decode(SupportAddressInput.self)
        let store = SupportAddressStore(db: req.db, workspaceID: try req.workspaceID)
        var errors = FieldErrors()
        let address = input.address.map(EmailAddress.normalize) ?? ""
        if address.isEmpty { errors.add("address", "is required") } else if !EmailAddress.isValid(address) { errors.add("address", "is not an email address") }
        else if address.contains("+") { errors.add("address", "must not contain '+': plus addresses are made from it for each ticket") }
        try await store.checkTeam(input.teamID, into: &errors)
        if let name = input.displayName, name.count > 200 { errors.add("display_name", "must be at most 200 characters") }
        try errors.throwIfAny()
        let created = try await store.create(
            address: address, displayName: input.displayName?.trimmed, teamID: input.teamID, isDefault: input.isDefault ?? false, at: req.clock.now)
        return try await created.encodeResponse(status: .created, for: req)
    }

    func update(req: Request) async throws -> SupportAddressResponse {
        let store = SupportAddressStore(db: req.db, workspaceID: try req.workspaceID)
        let id = try req.requireUUID("id")
        var current = try await store.find(id)
        let input = try req.content.decode(SupportAddressInput.self)
        var errors = FieldErrors()
        if let raw = input.address {
            let address = EmailAddress.normalize(raw)
            if !EmailAddress.isValid(address) { errors.add("address", "is not an email address") }
            else if address.contains("+") { errors.add("address", "must not contain '+': plus addresses are made from it for each ticket") }
            current.address = address
        }
        if input.present.contains("team_id") {
            try await store.checkTeam(input.teamID, into: &errors)
            current.teamID = input.teamID
        }
        if input.present.contains("display_name") { current.displayName = input.displayName?.trimmed }
        if let isDefault = input.isDefault { current.isDefault = isDefault }
        try errors.throwIfAny()
        return try await store.save(current)
    }

    func delete(req: Request) async throws -> HTTPStatus {
        let store = SupportAddressStore(db: req.db, workspaceID: try req.workspaceID)
        let id = try req.requireUUID("id")
        _ = try await store.find(id)
        try await store.delete(id)
        return .noContent
    }
}

struct SupportAddressInput: Decodable, Sendable {
    var address: String?
    var displayName: String?
    var teamID: UUID?
    var isDefault: Bool?
    var present: Set<String> = []

    enum CodingKeys: String, CodingKey {
        case address
        case displayName = "display_name"
        case teamID = "team_id"
        case isDefault = "is_default"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        address = try c.decodeIfPresent(String.self, forKey: .address)
        displayName = try c.decodeIfPresent(String.self, forKey: .displayName)
        teamID = try c.decodeIfPresent(UUID.self, forKey: .teamID)
        isDefault = try c.decodeIfPresent(Bool.self, forKey: .isDefault)
        present = Set(c.allKeys.map(\.stringValue))
    }
}

struct SupportAddressResponse: Content {
    var id: UUID
    var address: String
    var displayName: String?
    var teamID: UUID?
    var isDefault: Bool
    var createdAt: Date

    enum CodingKeys: String, CodingKey {
        case id, address
        case displayName = "display_name"
        case teamID = "team_id"
        case isDefault = "is_default"
        case createdAt = "created_at"
    }
}

/// The queries for one workspace's support addresses.
struct SupportAddressStore {
    let db: any Database
    let workspaceID: UUID
    var sql: any SQLDatabase { db as! any SQLDatabase }
    static let columns = ["id", "address", "display_name", "team_id", "is_default", "created_at"]

    func all() async throws -> [SupportAddressResponse] {
        try await sql.select().columns(Self.columns.map { SQLIdentifier($0) }).from("support_addresses")
            .where("workspace_id", .equal, workspaceID).orderBy("address").all().map(Self.decode)
    }

    func find(_ id: UUID) async throws -> SupportAddressResponse {
        guard let row = try await sql.select().columns(Self.columns.map { SQLIdentifier($0) }).from("support_addresses")
            .where("workspace_id", .equal, workspaceID).where("id", .equal, id).first()
        else { throw APIError.notFound("support address") }
        return try Self.decode(row)
    }

    func checkTeam(_ teamID: UUID?, into errors: inout FieldErrors) async throws {
        guard let teamID else { return }
        let found = try await sql.select().column("id").from("teams").where("workspace_id", .equal, workspaceID).where("id", .equal, teamID).first()
        if found == nil { errors.add("team_id", "is not a team of this workspace") }
    }

    func create(address: String, displayName: String?, teamID: UUID?, isDefault: Bool, at now: Date) async throws -> SupportAddressResponse {
        let row = SupportAddressResponse(id: TimeOrderedID.make(now: now), address: address, displayName: displayName, teamID: teamID, isDefault: isDefault, createdAt: now)
        try await save(row, inserting: true)
        return row
    }

    @discardableResult
    func save(_ row: SupportAddressResponse, inserting: Bool = false) async throws -> SupportAddressResponse {
        // Unique across the installation: an address is how mail finds its workspace.
        if let owner = try await sql.select().column("id").from("support_addresses").where("address", .equal, row.address).first(),
           try owner.decode(column: "id", as: UUID.self) != row.id {
            throw APIError.conflict("\(row.address) is already a support address.", field: "address")
        }
        try await db.transaction { tx in
            let sql = tx as! any SQLDatabase
            if row.isDefault {
                try await sql.update("support_addresses").set("is_default", to: false).where("workspace_id", .equal, workspaceID).run()
            }
            if inserting {
                try await sql.insert(into: "support_addresses").columns("id", "workspace_id", "address", "display_name", "team_id", "is_default", "created_at")
                    .values(row.id, workspaceID, row.address, row.displayName, row.teamID, row.isDefault, row.createdAt).run()
            } else {
                try await sql.update("support_addresses").set("address", to: row.address).set("display_name", to: row.displayName)
                    .set("team_id", to: row.teamID).set("is_default", to: row.isDefault)
                    .where("workspace_id", .equal, workspaceID).where("id", .equal, row.id).run()
            }
        }
        return row
    }

    func delete(_ id: UUID) async throws {
        try await sql.delete(from: "support_addresses").where("workspace_id", .equal, workspaceID).where("id", .equal, id).run()
    }

    private static func decode(_ row: any SQLRow) throws -> SupportAddressResponse {
        SupportAddressResponse(
            id: try row.decode(column: "id", as: UUID.self), address: try row.decode(column: "address", as: String.self),
            displayName: try row.decode(column: "display_name", as: String?.self), teamID: try row.decode(column: "team_id", as: UUID?.self),
            isDefault: try row.decode(column: "is_default", as: Bool.self), createdAt: try row.decode(column: "created_at", as: Date.self))
    }
}
