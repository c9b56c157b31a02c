import Fluent
import Foundation
import RapportCore
import Vapor

extension DashboardPages {
    /// `/dashboard/export.csv?table=overview|series|<dimension>` with the dashboard's filters: raw figures
    /// (times in seconds, rates in percent), written by `CSVWriter` (quoted, formula-safe).
    func export(req: Request) async throws -> Response {
        let actor = try req.actor
        var query = try MetricsQuery.parse(req)
        query.metrics = MetricName.allCases
        let table: String = req.query["table"] ?? ""
        let store = MetricsStore(req: req, workspaceID: actor.workspaceID)
        var lines: [[String]]
        switch table {
        case "overview":
            query.breakdown = nil
            let result = try await store.run(query)
            lines = [["metric", "label", "value", "basis", "target", "meets_target"]]
            for metric in MetricName.allCases {
                let value = result.totals.values[metric] ?? nil
                let target = DashboardHeadlines.targets[metric]
                lines.append([metric.rawValue, DashboardHeadlines.label(metric), Self.number(value), String(result.totals.basis[metric] ?? 0),
                              target.map { $0.text } ?? "", target?.met(by: value).map { $0 ? "yes" : "no" } ?? ""])
            }
        case "series":
            query.breakdown = nil
            let result = try await store.run(query)
            lines = [["start"] + MetricName.allCases.map(\.rawValue)]
            for bucket in result.series {
                lines.append([MetricDay.text(bucket.startDay)] + MetricName.allCases.map { Self.number(bucket.figures.values[$0] ?? nil) })
            }
        default:
            guard let dimension = MetricDimension(rawValue: table) else {
                throw APIError.validation(["table": "must be overview, series or one of " + MetricDimension.allCases.map(\.rawValue).joined(separator: ", ")])
            }
            // Breakdown tables compare people and teams: supervisors only, as in the API.
            guard actor.role >= .supervisor else { throw APIError.forbidden(needs: Role.supervisor.rawValue) }
            guard query.agentID == nil else { throw APIError.validation(["table": "cannot be combined with agent_id"]) }
            query.breakdown = dimension
            let rows = try await store.rows(query)
            lines = [[dimension.rawValue, "label"] + MetricName.allCases.map(\.rawValue)]
            for row in rows {
                lines.append([row.value, row.label] + MetricName.allCases.map { Self.number(row.figures.values[$0] ?? nil) })
            }
        }
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: "dashboard-\(MetricDay.text(query.fromDay))-\(table).csv")
        return Response(status: .ok, headers: headers, body: .init(string: lines.map { CSVWriter.line($0) }.joined()))
    }

    /// A figure as plain digits: whole numbers without a decimal point, others with one decimal; empty for none.
    static func number(_ value: Double?) -> String {
        guard let value else { return "" }
        return value == value.rounded() ? String(Int64(value)) : String(format: "%.1f", value)
    }
}
