import Fluent
import Foundation

/// Finds and creates workspaces; used by the command line, which works outside any request.
struct WorkspaceStore {
    let db: any Database

    /// The workspace named `slug`; without a slug, the only workspace or the one named `default`.
    func resolve(slug: String?, createIfMissing: Bool) async throws -> Workspace {
        if let slug {
            if let found = try await Workspace.query(on: db).filter(\.$slug == slug).first() { return found }
            guard createIfMissing else { throw CommandError("No workspace '\(slug)'.") }
            return try await create(slug: slug, name: slug)
        }
        let all = try await Workspace.query(on: db).sort(\.$slug).limit(2).all()
        if all.count == 1 { return all[0] }
        if let named = try await Workspace.query(on: db).filter(\.$slug == "default").first() { return named }
        if all.isEmpty, createIfMissing { return try await create(slug: "default", name: "Default") }
        throw CommandError(all.isEmpty ? "There is no workspace yet." : "Several workspaces exist: name one with --workspace SLUG.")
    }

    func create(slug: String, name: String) async throws -> Workspace {
        let workspace = Workspace(slug: slug, name: name)
        try await workspace.create(on: db)
        return workspace
    }
}

/// A problem a command-line user can fix, printed without a stack trace.
struct CommandError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
