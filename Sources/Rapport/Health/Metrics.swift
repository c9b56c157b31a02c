import Foundation
import Synchronization
import Vapor

/// Request counts and latencies per route, exposed in Prometheus' text format at /metrics.
/// Labels use the route pattern (`/api/v1/customers/:id`), never the raw path, so the
/// number of series stays bounded whatever URLs clients send.
final class RequestMetrics: Sendable {
    static let bucketBounds: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private struct Series {
        var count = 0
        var sum = 0.0
        var buckets = [Int](repeating: 0, count: RequestMetrics.bucketBounds.count)
    }

    private struct Key: Hashable, Comparable {
        var method: String
        var route: String
        var status: Int
        static func < (a: Key, b: Key) -> Bool { (a.route, a.method, a.status) < (b.route, b.method, b.status) }
    }

    private let series = Mutex<[Key: Series]>([:])
    let startedAt = Date()

    func record(method: String, route: String, status: Int, seconds: Double) {
        series.withLock { all in
            var entry = all[Key(method: method, route: route, status: status)] ?? Series()
            entry.count += 1
            entry.sum += seconds
            for (index, bound) in Self.bucketBounds.enumerated() where seconds <= bound { entry.buckets[index] += 1 }
            all[Key(method: method, route: route, status: status)] = entry
        }
    }

    func render(now: Date) -> String {
        let snapshot = series.withLock { $0 }
        var out = """
            # HELP rapport_up_seconds Seconds since this process started.
            # TYPE rapport_up_seconds gauge
            rapport_up_seconds \(String(format: "%.0f", now.timeIntervalSince(startedAt)))
            # HELP rapport_http_requests_total HTTP requests answered, by route pattern and status.
            # TYPE rapport_http_requests_total counter

            """
        let keys = snapshot.keys.sorted()
        for key in keys {
            out += "rapport_http_requests_total{\(labels(key))} \(snapshot[key]!.count)\n"
        }
        out += "# HELP rapport_http_request_duration_seconds Time to answer, by route pattern and status.\n"
        out += "# TYPE rapport_http_request_duration_seconds histogram\n"
        for key in keys {
            let entry = snapshot[key]!
            for (index, bound) in Self.bucketBounds.enumerated() {
                out += "rapport_http_request_duration_seconds_bucket{\(labels(key)),le=\"\(bound)\"} \(entry.buckets[index])\n"
            }
            out += "rapport_http_request_duration_seconds_bucket{\(labels(key)),le=\"+Inf\"} \(entry.count)\n"
            out += "rapport_http_request_duration_seconds_sum{\(labels(key))} \(entry.sum)\n"
            out += "rapport_http_request_duration_seconds_count{\(labels(key))} \(entry.count)\n"
        }
        return out
    }

    private func labels(_ key: Key) -> String {
        "method=\"\(key.method)\",route=\"\(key.route.replacingOccurrences(of: "\"", with: ""))\",status=\"\(key.status)\""
    }
}

/// Times every request and records it under its route pattern.
struct MetricsMiddleware: AsyncMiddleware {
    let metrics: RequestMetrics

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next.respond(to: request)
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
        metrics.record(method: request.method.rawValue, route: route, status: Int(response.status.code), seconds: (ContinuousClock.now - start).seconds)
        return response
    }
}

extension Application {
    private struct MetricsKey: StorageKey { typealias Value = RequestMetrics }

    var requestMetrics: RequestMetrics {
        if let existing = storage[MetricsKey.self] { return existing }
        let metrics = RequestMetrics()
        storage[MetricsKey.self] = metrics
        return metrics
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
