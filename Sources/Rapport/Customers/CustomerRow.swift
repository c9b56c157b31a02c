import Fluent
import Foundation
import RapportCore
import SQLKit

/// A customer as a row of the `customers` table, read and written with SQLKit. Fluent reflects
/// over a model's properties for every row it reads or saves; an import of 100,000 rows spent
/// most of its time doing that, so the hot paths map the columns by hand, here and only here.
extension Customer {
    static let columns = [
        "id", "workspace_id", "name", "sort_key", "search_text", "organization_id", "buying_role", "language", "time_zone",
        "address", "phones", "notes", "attributes", "consent_service_email", "consent_marketing", "archived_at",
        "created_at", "updated_at",
    ]

    /// The values of `columns`, in order.
    var columnValues: [any Encodable & Sendable] {
        [
            id!, workspaceID, name, sortKey, searchText, organizationID, buyingRole?.rawValue, language, timeZone, address,
            phones, notes, attributes, consentServiceEmail, consentMarketing, archivedAt, createdAt, updatedAt,
        ]
    }

    /// A stored customer from a row that holds every one of `columns`.
    convenience init(row: any SQLRow) throws {
        self.init()
        id = try row.decode(column: "id", as: UUID.self)
        workspaceID = try row.decode(column: "workspace_id", as: UUID.self)
        name = try row.decode(column: "name", as: String.self)
        sortKey = try row.decode(column: "sort_key", as: String.self)
        searchText = try row.decode(column: "search_text", as: String.self)
        organizationID = try row.decode(column: "organization_id", as: UUID?.self)
        buyingRole = try row.decode(column: "buying_role", as: String?.self).flatMap(BuyingRole.init(rawValue:))
        language = try row.decode(column: "language", as: String?.self)
        timeZone = try row.decode(column: "time_zone", as: String?.self)
        address = try row.decode(column: "address", as: PostalAddress?.self)
        phones = try row.decode(column: "phones", as: [String].self)
        notes = try row.decode(column: "notes", as: String?.self)
        attributes = try row.decode(column: "attributes", as: [String: AttributeValue].self)
        consentServiceEmail = try row.decode(column: "consent_service_email", as: Bool.self)
        consentMarketing = try row.decode(column: "consent_marketing", as: Bool.self)
        archivedAt = try row.decode(column: "archived_at", as: Date?.self)
        createdAt = try row.decode(column: "created_at", as: Date.self)
        updatedAt = try row.decode(column: "updated_at", as: Date.self)
        // Fluent must treat it as stored, so that a later save() updates instead of inserting.
        $id.exists = true
    }
}
