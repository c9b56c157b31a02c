import Fluent
import FluentSQL
import Foundation
import RapportCore
import SQLKit

/// The queries for one workspace's customers: the only place that touches their tables.
struct CustomerStore {
    let db: any Database
    let workspaceID: UUID

    private var sql: any SQLDatabase { db as! any SQLDatabase }

    func find(_ id: UUID, includeArchived: Bool = true) async throws -> Customer {
        var query = Customer.query(on: db).filter(\.$workspaceID == workspaceID).filter(\.$id == id)
        if !includeArchived { query = query.filter(\.$archivedAt == nil) }
        guard let customer = try await query.first() else { throw APIError.notFound("customer") }
        return customer
    }

    /// One page of customers in name order, and the cursor of the next page.
    func list(_ filter: CustomerFilter, limit: Int, after cursor: ListCursor?) async throws -> (customers: [Customer], next: ListCursor?) {
        let query = sql.select().column("*").from("customers")
        applyFilter(filter, to: query)
        query.keysetPage(after: cursor, limit: limit)
        var customers = try await query.all().map(Customer.init(row:))
        let next = customers.trimPage(limit: limit) { ListCursor(key: $0.sortKey, id: $0.id!) }
        return (customers, next)
    }

    func applyFilter(_ filter: CustomerFilter, to query: SQLSelectBuilder) {
        query.where("workspace_id", .equal, workspaceID).whereArchived(filter.archived)
        for (dimension, values) in filter.profile.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where !values.isEmpty {
            if dimension == .buyingRole {
                query.where("buying_role", .in, values)
                continue
            }
            query.where("id", .in, SQLSubquery.select { $0
                .column("customer_id").from("customer_profile_values")
                .where("workspace_id", .equal, workspaceID)
                .where("dimension", .equal, dimension.rawValue)
                .where("value", .in, values)
            })
        }
        query.whereTagged(filter.tags, workspaceID: workspaceID)
        if let organizationID = filter.organizationID {
            query.where("organization_id", .equal, organizationID)
        }
        if let text = filter.text { query.whereContains("search_text", text, dialect: sql.dialect) }
    }

    /// The customers with these ids, in no particular order; unknown ids are left out.
    func customers(withIDs ids: [UUID]) async throws -> [Customer] {
        var customers: [Customer] = []
        for chunk in ids.chunked(into: 500).map(Array.init) {
            customers += try await sql.select().columns(Customer.columns.map { SQLIdentifier($0) }).from("customers")
                .where("workspace_id", .equal, workspaceID).where("id", .in, chunk).all().map(Customer.init(row:))
        }
        return customers
    }

    /// Emails, tags and profile of many customers in three queries (never one per customer).
    func details(of customerIDs: [UUID]) async throws -> [UUID: CustomerDetails] {
        var result: [UUID: CustomerDetails] = [:]
        guard !customerIDs.isEmpty else { return result }
        for chunk in customerIDs.chunked(into: 500).map(Array.init) {
            let emails = try await sql.select().column("customer_id").column("address").from("customer_emails")
                .where("workspace_id", .equal, workspaceID).where("customer_id", .in, chunk).orderBy("position").all()
            for row in emails {
                result[try row.decode(column: "customer_id", as: UUID.self), default: .init()].emails
                    .append(try row.decode(column: "address", as: String.self))
            }
            let tags = try await sql.select().column("subject_id").column("tag").from("taggings")
                .where("workspace_id", .equal, workspaceID).where("subject_id", .in, chunk).all()
            for row in tags {
                result[try row.decode(column: "subject_id", as: UUID.self), default: .init()].tags
                    .append(try row.decode(column: "tag", as: String.self))
            }
            let values = try await sql.select()
                .columns("customer_id", "dimension", "value", "source", "set_by_user_id", "set_at", "confidence", "explanation")
                .from("customer_profile_values")
                .where("workspace_id", .equal, workspaceID).where("customer_id", .in, chunk).all()
            for row in values {
                let value = ProfileValue(
                    dimension: try row.decode(column: "dimension", as: ProfileDimension.self),
                    value: try row.decode(column: "value", as: String.self),
                    source: try row.decode(column: "source", as: ProfileSource.self),
                    setByUserID: try row.decode(column: "set_by_user_id", as: UUID?.self),
                    setAt: try row.decode(column: "set_at", as: Date.self),
                    confidence: try row.decode(column: "confidence", as: Double.self),
                    explanation: try row.decode(column: "explanation", as: String?.self))
                result[try row.decode(column: "customer_id", as: UUID.self), default: .init()].profile.values.append(value)
            }
        }
        for (id, derived) in try await ProfileStore(db: db, workspaceID: workspaceID).derivations(of: customerIDs) {
            result[id, default: .init()].derived = derived
        }
        // Sorted here, not in SQL: an ORDER BY tag made SQLite prefer the by-tag index and scan
        // every tag in the workspace.
        for id in customerIDs {
            result[id, default: .init()].tags.sort()
            result[id, default: .init()].profile.values.sort { ($0.dimension.rawValue, $0.value) < ($1.dimension.rawValue, $1.value) }
        }
        return result
    }

    /// Which customer owns each of these addresses, if any.
    func owners(ofEmails emails: [String]) async throws -> [String: UUID] {
        var owners: [String: UUID] = [:]
        for chunk in Array(Set(emails)).chunked(into: 500).map(Array.init) {
            let rows = try await sql.select().column("address").column("customer_id").from("customer_emails")
                .where("workspace_id", .equal, workspaceID).where("address", .in, chunk).all()
            for row in rows {
                owners[try row.decode(column: "address", as: String.self)] = try row.decode(column: "customer_id", as: UUID.self)
            }
        }
        return owners
    }

    func organizationExists(_ id: UUID) async throws -> Bool {
        try await Organization.query(on: db).filter(\.$workspaceID == workspaceID).filter(\.$id == id).count() > 0
    }

    func setArchived(_ customer: Customer, _ archived: Bool, at now: Date) async throws {
        customer.archivedAt = archived ? (customer.archivedAt ?? now) : nil
        customer.updatedAt = now
        try await customer.save(on: db)
    }
}

extension Array {
    func chunked(into size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
