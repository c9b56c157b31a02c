import Fluent
import Foundation
import RapportCore
import Vapor

/// GET /api/v1/customers/export: every customer the filters select, as CSV, streamed page by
/// page so that memory stays flat however large the directory is.
enum CustomerExportAPI {
    @Sendable
    static func export(req: Request) async throws -> Response {
        let filter = try CustomerFilter(req)
        let store = try req.customers
        let db = req.db
        let workspaceID = try req.workspaceID
        let logger = req.logger
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"customers.csv\"")
        let body = Response.Body(asyncStream: { writer in
            do {
                try await writer.write(.buffer(ByteBuffer(string: CSVWriter.line(CustomerCSVColumn.exportHeader))))
                var cursor: ListCursor?
                var organizationNames: [UUID: String] = [:]
                repeat {
                    let (customers, next) = try await store.list(filter, limit: 1000, after: cursor)
                    let details = try await store.details(of: customers.map { $0.id! })
                    let missing = Set(customers.compactMap(\.organizationID)).subtracting(organizationNames.keys)
                    if !missing.isEmpty {
                        let organizations = try await Organization.query(on: db).filter(\.$workspaceID == workspaceID)
                            .filter(\.$id ~~ Array(missing)).all()
                        for organization in organizations { organizationNames[organization.id!] = organization.name }
                    }
                    var chunk = ""
                    for customer in customers {
                        let row = exportRow(customer, details: details[customer.id!] ?? .init(), organizationNames: organizationNames)
                        chunk += CSVWriter.line(row)
                    }
                    try await writer.write(.buffer(ByteBuffer(string: chunk)))
                    cursor = next
                } while cursor != nil
                try await writer.write(.end)
            } catch {
                logger.error("customer export failed", metadata: ["error": "\(String(reflecting: error))"])
                try await writer.write(.error(error))
            }
        })
        return Response(status: .ok, headers: headers, body: body)
    }

    static func exportRow(_ customer: Customer, details: CustomerDetails, organizationNames: [UUID: String]) -> [String] {
        func profile(_ dimension: ProfileDimension) -> String {
            details.profile.values(of: dimension).map(\.value).joined(separator: "; ")
        }
        let timestamp = ISO8601DateFormatter()
        let attributes = customer.attributes.isEmpty
            ? "" : (try? String(decoding: sortedJSON.encode(customer.attributes), as: UTF8.self)) ?? ""
        return [
            customer.id!.uuidString.lowercased(), customer.name, details.emails.joined(separator: "; "),
            customer.phones.joined(separator: "; "),
            customer.organizationID.flatMap { organizationNames[$0] } ?? "", customer.buyingRole?.rawValue ?? "",
            customer.language ?? "", customer.timeZone ?? "",
            customer.address?.street ?? "", customer.address?.city ?? "", customer.address?.postalCode ?? "",
            customer.address?.region ?? "", customer.address?.country ?? "", customer.notes ?? "",
            details.tags.joined(separator: "; "),
            customer.consentServiceEmail ? "yes" : "no", customer.consentMarketing ? "yes" : "no",
            profile(.lifecycle), profile(.communicationStyle), profile(.shopperType), profile(.relationship), profile(.valueTier),
            attributes, customer.archivedAt == nil ? "no" : "yes",
            timestamp.string(from: customer.createdAt), timestamp.string(from: customer.updatedAt),
        ]
    }

    private static let sortedJSON: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
