import Fluent
import Foundation
import RapportCore

/// What an import did: counts, and every rejected row with its line number and the reason.
struct ImportReport: Codable, Sendable {
    var rows = 0
    var created = 0
    var updated = 0
    var failed = 0
    var errors: [RowError] = []
    /// True when more rows failed than `errors` lists.
    var errorsTruncated = false

    struct RowError: Codable, Sendable, Equatable, Error {
        var line: Int
        var field: String?
        var message: String
    }

    enum CodingKeys: String, CodingKey {
        case rows, created, updated, failed, errors
        case errorsTruncated = "errors_truncated"
    }
}

/// Reads a customer CSV as it arrives and writes it in batches. A bad row is reported with its
/// line and skipped; the others go on. Rows are matched to existing customers on email, so
/// importing the same file twice updates instead of duplicating. Blank cells keep what is stored.
struct CustomerImporter: Sendable {
    let db: any Database
    let workspaceID: UUID
    let author: CustomerWriter.Author
    var batchSize = 1000
    static let maxListedErrors = 1000

    private struct PendingRow {
        var line: Int
        var changes: CustomerChanges
        var organizationName: String?
    }

    /// Imports `chunks` of CSV bytes; `progress` is told how many bytes have been read.
    func run<Chunks: AsyncSequence>(
        _ chunks: Chunks, progress: (@Sendable (Int) -> Void)? = nil
    ) async throws -> ImportReport where Chunks.Element == [UInt8] {
        var reader = CSVReader()
        var state = State()
        do {
            var bytesRead = 0
            for try await chunk in chunks {
                bytesRead += chunk.count
                for record in reader.feed(chunk) { try await take(record, into: &state) }
                progress?(bytesRead)
            }
            do {
                for record in try reader.finish() { try await take(record, into: &state) }
            } catch CSVError.unterminatedQuote(let line) {
                state.report.fail(line: line, field: nil, message: "a quoted field opened here is never closed")
            }
            if state.columns == nil { state.report.fail(line: 1, field: nil, message: "the file is empty: it needs a header row") }
            try await startWriting(&state)
            try await finishWriting(&state)
        } catch {
            // Never leave a batch being written behind the caller's back.
            _ = try? await state.writing?.value
            throw error
        }
        state.report.errors.sort { $0.line < $1.line }
        return state.report
    }

    private struct State {
        var columns: [CustomerCSVColumn?]?
        var pending: [PendingRow] = []
        var pendingEmails: Set<String> = []
        var organizations: [String: UUID] = [:]
        var report = ImportReport()
        /// The batch being written while the next one is read: the two halves of an import
        /// take similar time, so overlapping them nearly halves it.
        var writing: Task<BatchOutcome, any Error>?
    }

    private struct BatchOutcome: Sendable {
        var organizations: [String: UUID]
        var created = 0
        var updated = 0
        var failures: [ImportReport.RowError] = []
    }

    private func take(_ record: CSVRecord, into state: inout State) async throws {
        guard let columns = state.columns else {
            var seen = Set<CustomerCSVColumn>()
            // A repeated header is read once; later copies are ignored rather than fighting the first.
            state.columns = record.fields.map { header in
                guard let column = CustomerCSVColumn.column(forHeader: header) else { return nil }
                // "Mobile Phone" and "Home Phone" both add phones; other repeats cannot both win.
                return seen.insert(column).inserted || column.holdsSeveral ? column : nil
            }
            return
        }
        state.report.rows += 1
        switch parse(record, columns: columns) {
        case .failure(let error):
            state.report.fail(line: error.line, field: error.field, message: error.message)
        case .success(let row):
            let emails = row.changes.emails ?? []
            // A later row about the same person updates what the earlier row wrote.
            if emails.contains(where: state.pendingEmails.contains) { try await startWriting(&state) }
            state.pending.append(row)
            state.pendingEmails.formUnion(emails)
            if state.pending.count >= batchSize { try await startWriting(&state) }
        }
    }

    private func parse(_ record: CSVRecord, columns: [CustomerCSVColumn?]) -> Result<PendingRow, ImportReport.RowError> {
        let line = record.line
        if record.fields.count > columns.count, record.fields[columns.count...].contains(where: { !$0.trimmed.isEmpty }) {
            return .failure(.init(line: line, field: nil, message: "has \(record.fields.count) fields but the header has \(columns.count)"))
        }
        var errors = FieldErrors()
        var changes = CustomerChanges()
        changes.replaceAttributes = false
        var firstName = "", lastName = "", organizationName: String?
        var address = PostalAddress()
        var attributes: [String: AttributeValue] = [:]
        for (index, column) in columns.enumerated() {
            guard let column, index < record.fields.count else { continue }
            let cell = CSVWriter.restored(record.fields[index].trimmed)
            if cell.isEmpty { continue }
            switch column {
            case .name: changes.name = cell
            case .firstName: firstName = cell
            case .lastName: lastName = cell
            case .emails:
                let found = errors.emails("email", CustomerCSVColumn.splitEmails(cell))
                changes.emails = (changes.emails ?? []) + found.filter { !(changes.emails ?? []).contains($0) }
            case .phones:
                let found = CustomerRules.phones(CustomerCSVColumn.split(cell, on: [";", "|", "\n"]), field: "phone", into: &errors)
                changes.phones = (changes.phones ?? []) + found.filter { !(changes.phones ?? []).contains($0) }
            case .organization: organizationName = cell
            case .buyingRole: changes.buyingRole = errors.choice("buying_role", cell.lowercased().replacingOccurrences(of: " ", with: "_"), as: BuyingRole.self).map { .set($0) } ?? .keep
            case .language: changes.language = CustomerRules.language(cell, into: &errors).map { .set($0) } ?? .keep
            case .timeZone: changes.timeZone = CustomerRules.timeZone(cell, into: &errors).map { .set($0) } ?? .keep
            case .street: address.street = cell
            case .city: address.city = cell
            case .postalCode: address.postalCode = cell
            case .region: address.region = cell
            case .country: address.country = cell
            case .notes: changes.notes = .set(cell)
            case .tags:
                let found = CustomerRules.tags(CustomerCSVColumn.split(cell, on: [";", ",", "|"]), field: "tags", into: &errors)
                changes.tags = (changes.tags ?? []) + found.filter { !(changes.tags ?? []).contains($0) }
            case .consentServiceEmail:
                if let flag = CustomerCSVColumn.bool(cell) { changes.consentServiceEmail = flag } else { errors.add("consent_service_email", "must be yes or no") }
            case .consentMarketing:
                if let flag = CustomerCSVColumn.bool(cell) { changes.consentMarketing = flag } else { errors.add("consent_marketing", "must be yes or no") }
            case .attributes:
                if let data = cell.data(using: .utf8), let object = try? JSONDecoder().decode([String: AttributeValue].self, from: data) {
                    attributes.merge(object) { _, new in new }
                } else {
                    errors.add("attributes", "must be a JSON object such as {\"plan\": \"gold\"}")
                }
            case .profile(let dimension):
                let field = ProfileResponse.field(for: dimension)
                changes.profile[dimension] = CustomerRules.profileValues(
                    CustomerCSVColumn.split(cell, on: [";", ",", "|"]), dimension: dimension, field: field, into: &errors)
            case .attribute(let key): attributes[key] = .text(cell)
            case .ignored: break
            }
        }
        if changes.name == nil {
            let joined = [firstName, lastName].filter { !$0.isEmpty }.joined(separator: " ")
            changes.name = joined.isEmpty ? changes.emails?.first : joined
        }
        if changes.name == nil { errors.add("name", "is required (or an email to name the customer by)") }
        if let name = changes.name, name.count > 200 { errors.add("name", "must be at most 200 characters") }
        if !address.isEmpty { changes.address = .set(address) }
        if !attributes.isEmpty { changes.attributes = CustomerRules.attributes(attributes, into: &errors) }
        if let (field, message) = errors.messages.sorted(by: { $0.key < $1.key }).first {
            let more = errors.messages.count > 1 ? " (and \(errors.messages.count - 1) more problems)" : ""
            return .failure(.init(line: line, field: field, message: "\(field) \(message)\(more)"))
        }
        return .success(PendingRow(line: line, changes: changes, organizationName: organizationName))
    }

    /// Waits for the batch in flight, then starts writing the pending rows. Batches are written
    /// one after another, so each one's email matching sees every earlier row.
    private func startWriting(_ state: inout State) async throws {
        try await finishWriting(&state)
        guard !state.pending.isEmpty else { return }
        let rows = state.pending
        let organizations = state.organizations
        state.pending = []
        state.pendingEmails = []
        state.writing = Task { try await write(rows, organizations: organizations) }
    }

    private func finishWriting(_ state: inout State) async throws {
        guard let writing = state.writing else { return }
        state.writing = nil
        let outcome = try await writing.value
        state.organizations = outcome.organizations
        state.report.created += outcome.created
        state.report.updated += outcome.updated
        for failure in outcome.failures { state.report.fail(line: failure.line, field: failure.field, message: failure.message) }
    }

    /// Writes rows in one transaction: matched rows update, the rest create.
    private func write(_ rows: [PendingRow], organizations knownOrganizations: [String: UUID]) async throws -> BatchOutcome {
        let workspaceID = self.workspaceID
        let author = self.author
        let importer = self
        return try await db.transaction { tx in
            var outcome = BatchOutcome(organizations: knownOrganizations)
            let store = CustomerStore(db: tx, workspaceID: workspaceID)
            let owners = try await store.owners(ofEmails: rows.flatMap { $0.changes.emails ?? [] })
            let existing = try await store.customers(withIDs: Array(Set(owners.values)))
            let byID = Dictionary(uniqueKeysWithValues: existing.map { ($0.id!, $0) })
            let currentDetails = try await store.details(of: Array(byID.keys))
            var items: [CustomerWriter.Item] = []
            for row in rows {
                let matches = Set((row.changes.emails ?? []).compactMap { owners[$0] })
                if matches.count > 1 {
                    outcome.failures.append(.init(
                        line: row.line, field: "email", message: "email addresses belong to \(matches.count) different customers"))
                    continue
                }
                var changes = row.changes
                if let name = row.organizationName {
                    changes.organizationID = .set(try await importer.organizationID(named: name, cache: &outcome.organizations, on: tx))
                }
                let match = matches.first.flatMap { byID[$0] }
                if let match, let emails = changes.emails {
                    // An import adds addresses; it never drops ones the customer already has.
                    let known = currentDetails[match.id!]?.emails ?? []
                    changes.emails = known + emails.filter { !known.contains($0) }
                }
                if let match, let tags = changes.tags {
                    let known = currentDetails[match.id!]?.tags ?? []
                    changes.tags = known + tags.filter { !known.contains($0) }
                }
                items.append(.init(existing: match, changes: changes))
                if match == nil { outcome.created += 1 } else { outcome.updated += 1 }
            }
            let written = try await CustomerWriter(db: tx, workspaceID: workspaceID).write(items, by: author, knownDetails: currentDetails)
            // A dimension a row cleared shows its derived values again.
            let cleared = zip(items, written).filter { item, _ in item.changes.profile.values.contains { $0.isEmpty } }
            if !cleared.isEmpty {
                let dimensions = Set(cleared.flatMap { item, _ in item.changes.profile.filter { $0.value.isEmpty }.keys })
                try await ProfileStore(db: tx, workspaceID: workspaceID)
                    .refreshEffective(customers: cleared.map { $0.1.id! }, dimensions: Array(dimensions), at: author.at)
            }
            return outcome
        }
    }

    private func organizationID(named name: String, cache: inout [String: UUID], on db: any Database) async throws -> UUID {
        let key = name.lowercased()
        if let id = cache[key] { return id }
        let id: UUID
        if let found = try await Organization.query(on: db).filter(\.$workspaceID == workspaceID).filter(\.$sortKey == key).first() {
            id = found.id!
        } else {
            let organization = Organization(workspaceID: workspaceID, name: name, at: author.at)
            try await organization.create(on: db)
            id = organization.id!
        }
        cache[key] = id
        return id
    }
}

extension ImportReport {
    mutating func fail(line: Int, field: String?, message: String) {
        failed += 1
        if errors.count < CustomerImporter.maxListedErrors {
            errors.append(RowError(line: line, field: field, message: message))
        } else {
            errorsTruncated = true
        }
    }
}
