import Fluent
import Foundation
import NIOCore
import RapportCore
import Vapor

/// POST /api/v1/orders/import: an order CSV as the request body (`Content-Type: text/csv`), read
/// as it streams in; the workspace's value models are fitted again afterwards. Answers the import report.
enum OrderImportAPI {
    @Sendable
    static func importCSV(req: Request) async throws -> Response {
        let actor = try req.actor
        let importer = OrderImporter(db: req.db, workspaceID: actor.workspaceID, now: req.clock.now)
        let chunks = req.body.map { buffer in Array(buffer.readableBytesView) }
        let report = try await importer.run(chunks)
        req.logger.info("order import", metadata: [
            "rows": "\(report.rows)", "created": "\(report.created)", "updated": "\(report.updated)", "failed": "\(report.failed)",
        ])
        if report.created + report.updated > 0 {
            try await CustomerValueFitter(db: req.db, workspaceID: actor.workspaceID, now: req.clock.now).run()
        }
        return try await report.encodeResponse(status: .ok, for: req)
    }
}
