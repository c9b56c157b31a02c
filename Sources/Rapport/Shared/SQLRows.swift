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

    /// Sets columns of many rows of a workspace's table, one UPDATE per 500 rows instead of one per
    /// row (the SLA escalation run moves the clocks of a whole chunk of tickets on the one writer).
    /// `values[column][id]` is the row's new value, nil storing NULL; a row a column leaves out keeps its value.
    func updateRows(_ table: String, workspaceID: UUID, ids: [UUID], values: [String: [UUID: (any Encodable & Sendable)?]]) async throws {
        guard !values.isEmpty else { return }
        for chunk in ids.chunked(into: 500).map(Array.init) {
            let update = self.update(table).where("workspace_id", .equal, workspaceID).where("id", .in, chunk)
            for (column, byID) in values.sorted(by: { $0.key < $1.key }) {
                let rows = chunk.compactMap { id in byID.index(forKey: id).map { (id, byID[$0].value) } }
                if !rows.isEmpty { update.set(SQLIdentifier(column), to: ValueByID(column: column, rows: rows)) }
            }
            try await update.run()
        }
    }
}

/// `CASE id WHEN ... THEN ... ELSE column END`. A NULL is written as a literal, never bound: the
/// ELSE branch gives the CASE its column's type on PostgreSQL, where an untyped bound null would not.
private struct ValueByID: SQLExpression {
    let column: String
    let rows: [(UUID, (any Encodable & Sendable)?)]

    func serialize(to serializer: inout SQLSerializer) {
        serializer.write("CASE ")
        SQLIdentifier("id").serialize(to: &serializer)
        for (id, value) in rows {
            serializer.write(" WHEN ")
            serializer.write(bind: id)
            serializer.write(" THEN ")
            if let value { serializer.write(bind: value) } else { serializer.write("NULL") }
        }
        serializer.write(" ELSE ")
        SQLIdentifier(column).serialize(to: &serializer)
        serializer.write(" END")
    }
}
