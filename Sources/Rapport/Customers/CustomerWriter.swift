import Fluent
import Foundation
import RapportCore
import SQLKit

/// Writes customers in batches: a new customer or changes to an existing one, with their emails,
/// tags and profile. The API writes batches of one; the importer writes hundreds per transaction.
/// Rows are written with SQLKit rather than Fluent models: Fluent reflects over every model it
/// saves, which made a 100,000-row import spend most of its time in the Swift runtime.
struct CustomerWriter {
    let db: any Database
    let workspaceID: UUID

    /// One customer to create (`existing == nil`) or change.
    struct Item {
        var existing: Customer?
        var changes: CustomerChanges
    }

    /// Who is writing: provenance for profile values.
    struct Author: Sendable {
        var source: ProfileSource
        var userID: UUID?
        var at: Date
    }

    /// Writes every item; the caller has checked that no email belongs to another customer.
    /// `knownDetails`, when the caller has just read them, saves reading them again.
    /// Returns the customers in the order of `items`.
    @discardableResult
    func write(_ items: [Item], by author: Author, knownDetails: [UUID: CustomerDetails]? = nil) async throws -> [Customer] {
        let existingIDs = items.compactMap { $0.existing?.id }
        var current = knownDetails ?? [:]
        if knownDetails == nil { current = try await CustomerStore(db: db, workspaceID: workspaceID).details(of: existingIDs) }

        var newCustomers: [Customer] = []
        var changedCustomers: [Customer] = []
        var emailRows: [[any Encodable & Sendable]] = []
        var tagRows: [[any Encodable & Sendable]] = []
        var profileRows: [[any Encodable & Sendable]] = []
        var replaceEmailsOf: [UUID] = []
        var replaceTagsOf: [UUID] = []
        var replaceProfileOf: [UUID] = []
        var result: [Customer] = []

        for item in items {
            let customer = item.existing ?? Customer(workspaceID: workspaceID, name: item.changes.name ?? "", at: author.at)
            let id = customer.id!
            let before = current[id] ?? CustomerDetails()
            let stored = CustomerSnapshot(customer)
            apply(item.changes, to: customer)
            let emails = item.changes.emails ?? before.emails
            customer.refreshDerivedText(emails: emails)
            // Unchanged parts are not written again, so re-importing a file costs little.
            let newEmails = item.existing != nil && item.changes.emails == before.emails ? nil : item.changes.emails
            let newTags = item.existing != nil && item.changes.tags == before.tags ? nil : item.changes.tags
            if let newEmails {
                if item.existing != nil { replaceEmailsOf.append(id) }
                for (position, address) in newEmails.enumerated() {
                    emailRows.append([TimeOrderedID.make(), workspaceID, id, address, position])
                }
            }
            if let tags = newTags {
                if item.existing != nil { replaceTagsOf.append(id) }
                tagRows += tags.map { [TimeOrderedID.make(), workspaceID, id, $0] }
            }
            var profileChanged = false
            if !item.changes.profile.isEmpty {
                var profile = before.profile
                for (dimension, values) in item.changes.profile {
                    profile.replace(dimension, with: values.map {
                        ProfileValue(dimension: dimension, value: $0, source: author.source, setByUserID: author.userID, setAt: author.at)
                    })
                }
                if item.existing == nil || !profile.sameValues(as: before.profile) {
                    profileChanged = true
                    if item.existing != nil { replaceProfileOf.append(id) }
                    profileRows += profile.values.map {
                        [TimeOrderedID.make(), workspaceID, id, $0.dimension.rawValue, $0.value, $0.source.rawValue, $0.setByUserID, $0.setAt, $0.confidence, $0.explanation]
                    }
                }
            }
            if item.existing == nil {
                newCustomers.append(customer)
            } else if CustomerSnapshot(customer) != stored || newEmails != nil || newTags != nil || profileChanged {
                customer.updatedAt = author.at
                changedCustomers.append(customer)
            }
            result.append(customer)
        }

        // Old side rows go first so that a customer can keep an address it already had.
        try await deleteRows(of: replaceEmailsOf, from: "customer_emails", column: "customer_id")
        try await deleteRows(of: replaceTagsOf, from: "taggings", column: "subject_id")
        try await deleteRows(of: replaceProfileOf, from: "customer_profile_values", column: "customer_id")
        try await insert(newCustomers.map(\.columnValues), into: "customers", columns: Customer.columns)
        for customer in changedCustomers { try await update(customer) }
        try await insert(emailRows, into: "customer_emails", columns: ["id", "workspace_id", "customer_id", "address", "position"])
        try await insert(tagRows, into: "taggings", columns: ["id", "workspace_id", "subject_id", "tag"])
        try await insert(profileRows, into: "customer_profile_values", columns: ProfileStore.valueColumns)
        return result
    }

    private var sql: any SQLDatabase { db as! any SQLDatabase }

    private func insert(_ rows: [[any Encodable & Sendable]], into table: String, columns: [String]) async throws {
        try await sql.insertRows(rows, into: table, columns: columns)
    }

    private func update(_ customer: Customer) async throws {
        try await sql.updateRow(Customer.schema, workspaceID: workspaceID, id: customer.id!, columns: Customer.columns, values: customer.columnValues)
    }

    private func deleteRows(of customerIDs: [UUID], from table: String, column: String) async throws {
        for chunk in customerIDs.chunked(into: 500) {
            try await sql.delete(from: table).where("workspace_id", .equal, workspaceID).where(column, .in, Array(chunk)).run()
        }
    }

    private func apply(_ changes: CustomerChanges, to customer: Customer) {
        if let name = changes.name { customer.name = name }
        if let phones = changes.phones { customer.phones = phones }
        customer.organizationID = changes.organizationID.applied(to: customer.organizationID)
        customer.buyingRole = changes.buyingRole.applied(to: customer.buyingRole)
        customer.language = changes.language.applied(to: customer.language)
        customer.timeZone = changes.timeZone.applied(to: customer.timeZone)
        customer.address = changes.address.applied(to: customer.address)
        customer.notes = changes.notes.applied(to: customer.notes)
        if let attributes = changes.attributes {
            customer.attributes = changes.replaceAttributes ? attributes : customer.attributes.merging(attributes) { _, new in new }
        }
        if let consent = changes.consentServiceEmail { customer.consentServiceEmail = consent }
        if let consent = changes.consentMarketing { customer.consentMarketing = consent }
    }
}

/// The stored fields of a customer, to tell whether a change changed anything.
private struct CustomerSnapshot: Equatable {
    var name, sortKey, searchText: String
    var organizationID: UUID?
    var buyingRole: BuyingRole?
    var language, timeZone, notes: String?
    var address: PostalAddress?
    var phones: [String]
    var attributes: [String: AttributeValue]
    var consentServiceEmail, consentMarketing: Bool
    var archivedAt: Date?

    init(_ customer: Customer) {
        name = customer.name
        sortKey = customer.sortKey
        searchText = customer.searchText
        organizationID = customer.organizationID
        buyingRole = customer.buyingRole
        language = customer.language
        timeZone = customer.timeZone
        notes = customer.notes
        address = customer.address
        phones = customer.phones
        attributes = customer.attributes
        consentServiceEmail = customer.consentServiceEmail
        consentMarketing = customer.consentMarketing
        archivedAt = customer.archivedAt
    }
}
