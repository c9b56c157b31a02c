import Foundation
import SQLKit

/// The pieces every directory list shares: archived state, tags, a text search and keyset pages.
extension SQLSelectBuilder {
    @discardableResult
    func whereArchived(_ filter: CustomerFilter.ArchivedFilter) -> Self {
        switch filter {
        case .exclude: self.where("archived_at", .is, SQLLiteral.null)
        case .only: self.where("archived_at", .isNot, SQLLiteral.null)
        case .include: self
        }
    }

    /// Rows that carry every one of `tags`.
    @discardableResult
    func whereTagged(_ tags: [String], workspaceID: UUID) -> Self {
        for tag in tags {
            self.where("id", .in, SQLSubquery.select { $0
                .column("subject_id").from("taggings")
                .where("workspace_id", .equal, workspaceID)
                .where("tag", .equal, tag)
            })
        }
        return self
    }

    /// Rows whose lowercased `column` contains `text`. instr/strpos instead of LIKE: no wildcard
    /// escaping, and the same answer on both databases.
    @discardableResult
    func whereContains(_ column: String, _ text: String, dialect: any SQLDialect) -> Self {
        let function = dialect.name == "sqlite" ? "instr" : "strpos"
        return self.where(SQLFunction(function, args: SQLColumn(column), SQLBind(text)), .greaterThan, SQLLiteral.numeric("0"))
    }

    /// The rows after `cursor` in (sort_key, id) order, one more than `limit` to tell whether a next page exists.
    @discardableResult
    func keysetPage(after cursor: ListCursor?, limit: Int) -> Self {
        if let cursor {
            self.where(group: { group in
                group.where("sort_key", .greaterThan, cursor.key)
                    .orWhere(group: { $0.where("sort_key", .equal, cursor.key).where("id", .greaterThan, cursor.id) })
            })
        }
        return orderBy("sort_key").orderBy("id").limit(limit + 1)
    }
}

extension Array {
    /// Trims the extra row a keyset query fetched and returns the cursor of the next page, if any.
    mutating func trimPage(limit: Int, cursor: (Element) -> ListCursor) -> ListCursor? {
        guard count > limit else { return nil }
        removeLast(count - limit)
        return last.map(cursor)
    }
}
