import Fluent
import FluentSQL
import Foundation
import RapportCore
import SQLKit
import Vapor

struct OrganizationResponse: Content {
    var id: UUID
    var name: String
    var domains: [String]
    var notes: String?
    var tags: [String]
    var attributes: [String: AttributeValue]
    var archived: Bool
    var createdAt: Date
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, name, domains, notes, tags, attributes, archived
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    init(_ organization: Organization, tags: [String]) {
        id = organization.id!
        name = organization.name
        domains = organization.domains
        notes = organization.notes
        self.tags = tags
        attributes = organization.attributes
        archived = organization.archivedAt != nil
        createdAt = organization.createdAt
        updatedAt = organization.updatedAt
    }
}

struct OrganizationInput: Content {
    var name: String?
    var domains: [String]?
    var notes: String?
    var tags: [String]?
    var attributes: [String: AttributeValue]?
}

/// /api/v1/organizations: the companies whose people are customers.
struct OrganizationsAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let organizations = routes.grouped("organizations")
        organizations.get(use: list)
        organizations.get(":id", use: show)
        let writers = organizations.requiring(.agent)
        writers.post(use: create)
        writers.patch(":id", use: update)
        writers.post(":id", "archive", use: archive)
        writers.post(":id", "unarchive", use: unarchive)
    }

    func list(req: Request) async throws -> Page<OrganizationResponse> {
        let filter = try CustomerFilter(req)
        let page = try PageRequest(req)
        let workspaceID = try req.workspaceID
        let sql = req.db as! any SQLDatabase
        let query = sql.select().column("*").from("organizations").where("workspace_id", .equal, workspaceID)
            .whereArchived(filter.archived)
            .whereTagged(filter.tags, workspaceID: workspaceID)
        if let text = filter.text { query.whereContains("sort_key", text, dialect: sql.dialect) }
        query.keysetPage(after: page.cursor, limit: page.limit)
        var organizations = try await query.all().map { try $0.decode(fluentModel: Organization.self) }
        let next = organizations.trimPage(limit: page.limit) { ListCursor(key: $0.sortKey, id: $0.id!) }?.encoded()
        let tags = try await self.tags(of: organizations.map { $0.id! }, req: req)
        return Page(items: organizations.map { OrganizationResponse($0, tags: tags[$0.id!] ?? []) }, nextCursor: next)
    }

    func show(req: Request) async throws -> OrganizationResponse {
        let organization = try await find(req)
        return OrganizationResponse(organization, tags: try await tags(of: [organization.id!], req: req)[organization.id!] ?? [])
    }

    func create(req: Request) async throws -> Response {
        let organization = Organization(workspaceID: try req.workspaceID, name: "", at: req.clock.now)
        return try await save(organization, input: try req.content.decode(OrganizationInput.self), creating: true, req: req)
            .encodeResponse(status: .created, for: req)
    }

    func update(req: Request) async throws -> OrganizationResponse {
        try await save(try await find(req), input: try req.content.decode(OrganizationInput.self), creating: false, req: req)
    }

    func archive(req: Request) async throws -> OrganizationResponse { try await setArchived(true, req: req) }
    func unarchive(req: Request) async throws -> OrganizationResponse { try await setArchived(false, req: req) }

    private func setArchived(_ archived: Bool, req: Request) async throws -> OrganizationResponse {
        let organization = try await find(req)
        organization.archivedAt = archived ? (organization.archivedAt ?? req.clock.now) : nil
        organization.updatedAt = req.clock.now
        try await organization.save(on: req.db)
        return OrganizationResponse(organization, tags: try await tags(of: [organization.id!], req: req)[organization.id!] ?? [])
    }

    private func save(_ organization: Organization, input: OrganizationInput, creating: Bool, req: Request) async throws -> OrganizationResponse {
        var errors = FieldErrors()
        if creating || input.name != nil { organization.name = errors.requireText("name", input.name) }
        if let domains = input.domains {
            organization.domains = domains.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
            if organization.domains.contains(where: { !EmailAddress.isValid("x@" + $0) }) { errors.add("domains", "must be domain names such as 'example.com'") }
        }
        if let notes = input.notes { organization.notes = notes.isEmpty ? nil : notes }
        let tags = input.tags.map { CustomerRules.tags($0, into: &errors) }
        if let attributes = input.attributes { organization.attributes = CustomerRules.attributes(attributes, into: &errors) }
        try errors.throwIfAny()
        organization.sortKey = organization.name.lowercased()
        organization.updatedAt = req.clock.now
        let workspaceID = try req.workspaceID
        try await req.db.transaction { tx in
            try await organization.save(on: tx)
            if let tags {
                try await Tagging.query(on: tx).filter(\.$workspaceID == workspaceID).filter(\.$subjectID == organization.id!).delete()
                if !tags.isEmpty {
                    try await tags.map { Tagging(workspaceID: workspaceID, subjectID: organization.id!, tag: $0) }.create(on: tx)
                }
            }
        }
        return OrganizationResponse(organization, tags: try await self.tags(of: [organization.id!], req: req)[organization.id!] ?? [])
    }

    private func find(_ req: Request) async throws -> Organization {
        guard let organization = try await Organization.query(on: req.db).filter(\.$workspaceID == req.workspaceID)
            .filter(\.$id == req.requireUUID("id")).first()
        else { throw APIError.notFound("organization") }
        return organization
    }

    private func tags(of ids: [UUID], req: Request) async throws -> [UUID: [String]] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await Tagging.query(on: req.db).filter(\.$workspaceID == req.workspaceID).filter(\.$subjectID ~~ ids).sort(\.$tag).all()
        return Dictionary(grouping: rows, by: \.subjectID).mapValues { $0.map(\.tag) }
    }
}
