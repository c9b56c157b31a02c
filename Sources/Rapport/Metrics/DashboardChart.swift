import Foundation
import RapportCore

/// A trend drawn by the server as SVG: a line per bucket value over labelled axes, with a target line,
/// a <title> and a <desc> listing every value, so the chart reads without JavaScript and without sight.
struct DashboardChart: Encodable, Sendable {
    struct Tick: Encodable, Sendable {
        var position: String
        var label: String
    }

    struct Dot: Encodable, Sendable {
        var x: String
        var y: String
        var label: String
    }

    var id: String
    var title: String
    var description: String
    var width = "320"
    var height = "170"
    var plotLeft: String
    var plotRight: String
    var plotTop: String
    var plotBottom: String
    var yLabelX: String
    var xLabelY: String
    var yTicks: [Tick]
    var xTicks: [Tick]
    var segments: [String]
    var dots: [Dot]
    var targetY: String?
    var targetLabel: String

    private static let size = (width: 320.0, height: 170.0)
    private static let margin = (left: 70.0, right: 12.0, top: 10.0, bottom: 30.0)

    /// `points`: each bucket's first day and value (nil: nothing to measure, a gap in the line).
    init(metric: MetricName, granularity: MetricGranularity, points: [(day: Int, value: Double?)], target: DashboardTarget?) {
        let left = Self.margin.left, right = Self.size.width - Self.margin.right
        let top = Self.margin.top, bottom = Self.size.height - Self.margin.bottom
        let values = points.compactMap(\.value) + (target.map { [$0.bound] } ?? [])
        let low = min(0, values.min() ?? 0)
        var high = max(values.max() ?? 0, low)
        if high == low { high = low + 1 }
        func x(_ index: Int) -> Double {
            points.count <= 1 ? (left + right) / 2 : left + Double(index) * (right - left) / Double(points.count - 1)
        }
        func y(_ value: Double) -> Double { bottom - (value - low) / (high - low) * (bottom - top) }
        func text(_ number: Double) -> String { String(format: "%.1f", number) }
        let name = DashboardHeadlines.label(metric)

        id = "chart-" + metric.rawValue
        title = "\(name) by \(granularity.rawValue)"
        description = points.isEmpty ? "No data in this period." : points.map {
            "\(MetricDay.text($0.day)): \($0.value.map { PrincipalReport.format(metric, $0) } ?? "no data")"
        }.joined(separator: "; ") + (target.map { ". Target: \($0.text)." } ?? ".")
        (plotLeft, plotRight, plotTop, plotBottom) = (text(left), text(right), text(top), text(bottom))
        yLabelX = text(left - 4)
        xLabelY = text(bottom + 16)
        yTicks = [low, (low + high) / 2, high].map { Tick(position: text(y($0)), label: PrincipalReport.format(metric, $0)) }
        let labelled = Array(Set([0, (points.count - 1) / 2, points.count - 1])).filter { $0 >= 0 && $0 < points.count }.sorted()
        xTicks = labelled.map { Tick(position: text(x($0)), label: String(MetricDay.text(points[$0].day).dropFirst(5))) }
        var segments: [String] = []
        var current: [String] = []
        var dots: [Dot] = []
        for (index, point) in points.enumerated() {
            guard let value = point.value else {
                if !current.isEmpty { segments.append(current.joined(separator: " ")) }
                current = []
                continue
            }
            current.append("\(text(x(index))),\(text(y(value)))")
            dots.append(Dot(x: text(x(index)), y: text(y(value)), label: "\(MetricDay.text(point.day)): \(PrincipalReport.format(metric, value))"))
        }
        if !current.isEmpty { segments.append(current.joined(separator: " ")) }
        self.segments = segments
        self.dots = dots
        targetY = target.map { text(y($0.bound)) }
        targetLabel = target.map { "Target: \($0.text)" } ?? ""
    }
}
