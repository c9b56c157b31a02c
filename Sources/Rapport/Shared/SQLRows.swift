import Foundation
import SQLKit

/// Row writes shared by the stores that map their columns by hand (customers, tickets, the write queue).
extension SQLDatabase {
    /// Multi-row INSERTs of at most 1,000 rows and 30,000 bound values each (SQLite's limits).
    func insertRows(_ rows: some Collection<[any Encodable & Sendable]>, into table: String, columns: [String]) async throws {
        let perStatement = min(1000, max(1, 30_000 / columns.count))
        for chunk in Array(rows).chunked(into: perStatement) {
            let insert = self.insert(into: table).columns(columns)
            for row in chunk { insert.values(row) }
            try await insert.run()
        }
    }

    /// Writes every column of one row of a workspace's table; `columns[0]` is `id`, and `id` and
    /// `workspace_id` are the key, never changed.
    func updateRow(_ table: String, workspaceID: UUID, id: UUID, columns: [String], values: [any Encodable & Sendable]) async throws {
        let update = self.update(table).where("workspace_id", .equal, workspaceID).where("id", .equal, id)
        for (column, value) in zip(columns, values) where column != "id" && column != "workspace_id" {
            update.set(SQLIdentifier(column), to: SQLBind(value))
        }
        try await update.run()
    }
}
