import Fluent
import Foundation
import RapportCore

/// Writes customers in batches: a new customer or changes to an existing one, with their emails,
/// tags and profile. The API writes batches of one; the importer writes hundreds per transaction.
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
    /// Returns the customers in the order of `items`.
    @discardableResult
    func write(_ items: [Item], by author: Author) async throws -> [Customer] {
        let existingIDs = items.compactMap { $0.existing?.id }
        let store = CustomerStore(db: db, workspaceID: workspaceID)
        let current = try await store.details(of: existingIDs)

        var newCustomers: [Customer] = []
        var changedCustomers: [Customer] = []
        var emailRows: [CustomerEmail] = []
        var tagRows: [Tagging] = []
        var profileRows: [CustomerProfileValue] = []
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
                    emailRows.append(CustomerEmail(workspaceID: workspaceID, customerID: id, address: address, position: position))
                }
            }
            if let tags = newTags {
                if item.existing != nil { replaceTagsOf.append(id) }
                tagRows += tags.map { Tagging(workspaceID: workspaceID, subjectID: id, tag: $0) }
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
                    profileRows += profile.values.map { CustomerProfileValue(workspaceID: workspaceID, customerID: id, $0) }
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
        for chunk in replaceEmailsOf.chunked(into: 500) {
            try await CustomerEmail.query(on: db).filter(\.$workspaceID == workspaceID).filter(\.$customerID ~~ Array(chunk)).delete()
        }
        for chunk in replaceTagsOf.chunked(into: 500) {
            try await Tagging.query(on: db).filter(\.$workspaceID == workspaceID).filter(\.$subjectID ~~ Array(chunk)).delete()
        }
        for chunk in replaceProfileOf.chunked(into: 500) {
            try await CustomerProfileValue.query(on: db).filter(\.$workspaceID == workspaceID).filter(\.$customerID ~~ Array(chunk)).delete()
        }
        // Multi-row inserts, sized to stay under SQLite's limit of bound variables per statement.
        for chunk in newCustomers.chunked(into: 400) { try await Array(chunk).create(on: db) }
        for customer in changedCustomers { try await customer.save(on: db) }
        for chunk in emailRows.chunked(into: 1000) { try await Array(chunk).create(on: db) }
        for chunk in tagRows.chunked(into: 1000) { try await Array(chunk).create(on: db) }
        for chunk in profileRows.chunked(into: 500) { try await Array(chunk).create(on: db) }
        return result
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
