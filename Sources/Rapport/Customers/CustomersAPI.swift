import Fluent
import Foundation
import RapportCore
import Vapor

/// /api/v1/customers: the customer directory.
struct CustomersAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let customers = routes.grouped("customers")
        customers.get(use: list)
        customers.get(":id", use: show)
        customers.get(":id", "playbook", use: playbook)
        let writers = customers.requiring(.agent)
        writers.post(use: create)
        writers.patch(":id", use: update)
        writers.post(":id", "archive", use: archive)
        writers.post(":id", "unarchive", use: unarchive)
        writers.on(.POST, "import", body: .stream, use: CustomerImportAPI.importCSV)
        customers.requiring(.supervisor).get("export", use: CustomerExportAPI.export)
    }

    func list(req: Request) async throws -> Page<CustomerResponse> {
        let filter = try CustomerFilter(req)
        let page = try PageRequest(req)
        let store = try req.customers
        let (customers, next) = try await store.list(filter, limit: page.limit, after: page.cursor)
        let details = try await store.details(of: customers.map { $0.id! })
        let values = try await CustomerValueStore(db: req.db, workspaceID: store.workspaceID).values(of: customers.map { $0.id! })
        return Page(items: customers.map { CustomerResponse($0, details: details[$0.id!] ?? .init(), value: values[$0.id!]) }, nextCursor: next?.encoded())
    }

    func show(req: Request) async throws -> CustomerResponse {
        let store = try req.customers
        let customer = try await store.find(try req.requireUUID("id"))
        return try await response(customer, store: store)
    }

    func create(req: Request) async throws -> Response {
        let input = try req.content.decode(CustomerInput.self)
        let changes = try input.changes(creating: true)
        let customer = try await save(CustomerWriter.Item(existing: nil, changes: changes), req: req)
        return try await response(customer, store: try req.customers).encodeResponse(status: .created, for: req)
    }

    func update(req: Request) async throws -> CustomerResponse {
        let input = try req.content.decode(CustomerInput.self)
        let changes = try input.changes(creating: false)
        let existing = try await req.customers.find(try req.requireUUID("id"))
        let customer = try await save(CustomerWriter.Item(existing: existing, changes: changes), req: req)
        return try await response(customer, store: try req.customers)
    }

    func archive(req: Request) async throws -> CustomerResponse {
        try await setArchived(true, req: req)
    }

    func unarchive(req: Request) async throws -> CustomerResponse {
        try await setArchived(false, req: req)
    }

    func playbook(req: Request) async throws -> CustomerPlaybookResponse {
        let store = try req.customers
        let customer = try await store.find(try req.requireUUID("id"))
        let details = try await store.details(of: [customer.id!])[customer.id!] ?? .init()
        let entries = try await req.playbooks.effectiveEntries()
        let guidance = PlaybookAssembler.combine(profile: details.profile, buyingRole: customer.buyingRole, entries: entries)
        return CustomerPlaybookResponse(customerID: customer.id!, name: customer.name, guidance: guidance)
    }

    private func setArchived(_ archived: Bool, req: Request) async throws -> CustomerResponse {
        let store = try req.customers
        let customer = try await store.find(try req.requireUUID("id"))
        try await store.setArchived(customer, archived, at: req.clock.now)
        return try await response(customer, store: store)
    }

    /// Checks references and email ownership, then writes the one customer in a transaction.
    private func save(_ item: CustomerWriter.Item, req: Request) async throws -> Customer {
        let store = try req.customers
        let actor = try req.actor
        if case .set(let organizationID) = item.changes.organizationID, try await !store.organizationExists(organizationID) {
            throw APIError.validation(["organization_id": "does not exist"])
        }
        if let emails = item.changes.emails {
            let owners = try await store.owners(ofEmails: emails)
            if let taken = emails.first(where: { owners[$0] != nil && owners[$0] != item.existing?.id }) {
                throw APIError.conflict("\(taken) already belongs to another customer.", field: "emails")
            }
        }
        let author = CustomerWriter.Author(source: .agent, userID: actor.userID, at: req.clock.now)
        return try await req.db.transaction { tx in
            let customer = try await CustomerWriter(db: tx, workspaceID: actor.workspaceID).write([item], by: author)[0]
            // A dimension the agent cleared shows its derived values again.
            try await ProfileStore(db: tx, workspaceID: actor.workspaceID)
                .refreshEffective(customers: [customer.id!], dimensions: Array(item.changes.profile.keys), at: author.at)
            return customer
        }
    }

    private func response(_ customer: Customer, store: CustomerStore) async throws -> CustomerResponse {
        let details = try await store.details(of: [customer.id!])
        let values = try await CustomerValueStore(db: store.db, workspaceID: store.workspaceID).values(of: [customer.id!])
        return CustomerResponse(customer, details: details[customer.id!] ?? .init(), value: values[customer.id!])
    }
}

extension Request {
    var customers: CustomerStore {
        get throws { CustomerStore(db: db, workspaceID: try workspaceID) }
    }
}
