import Fluent
import Foundation
import NIOCore
import RapportCore
import Vapor

/// POST /api/v1/customers/import: a CSV file as the request body (`Content-Type: text/csv`),
/// read as it streams in. Answers the import report.
enum CustomerImportAPI {
    @Sendable
    static func importCSV(req: Request) async throws -> Response {
        let actor = try req.actor
        let importer = CustomerImporter(
            db: req.db, workspaceID: actor.workspaceID,
            author: .init(source: .import, userID: actor.userID, at: req.clock.now))
        let chunks = req.body.map { buffer in Array(buffer.readableBytesView) }
        let report = try await importer.run(chunks)
        req.logger.info("customer import", metadata: [
            "rows": "\(report.rows)", "created": "\(report.created)", "updated": "\(report.updated)", "failed": "\(report.failed)",
        ])
        return try await report.encodeResponse(status: .ok, for: req)
    }
}

extension ImportReport: Content {}
