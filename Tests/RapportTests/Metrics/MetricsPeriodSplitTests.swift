import Foundation
import RapportCore
import Testing

@testable import Rapport

@Suite("Splitting a metrics period over readers")
struct MetricsPeriodSplitTests {
    private func day(_ text: String) -> Int { MetricDay.of(ISO8601DateFormatter().date(from: text + "T00:00:00Z")!) }

    @Test("periods are cut on the first of a month nearest to equal parts; a period inside one month is not cut; parts cover the period exactly")
    func cuts() {
        let month = day("2026-11-03")..<day("2026-12-03")
        #expect(MetricsStore.split(month, parts: 2) == [day("2026-11-03")..<day("2026-12-01"), day("2026-12-01")..<day("2026-12-03")])
        #expect(MetricsStore.split(day("2026-11-03")..<day("2026-11-28"), parts: 2) == [day("2026-11-03")..<day("2026-11-28")])

        let year = day("2025-12-03")..<day("2026-12-03")
        #expect(MetricsStore.split(year, parts: 2) == [day("2025-12-03")..<day("2026-06-01"), day("2026-06-01")..<day("2026-12-03")])

        let three = MetricsStore.split(year, parts: 3)
        #expect(three.count == 3)
        #expect(three.first?.lowerBound == year.lowerBound && three.last?.upperBound == year.upperBound)
        #expect(zip(three, three.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })

        #expect(MetricsStore.split(day("2026-12-01")..<day("2026-12-02"), parts: 2).count == 1)
        #expect(MetricsStore.split(year, parts: 1) == [year])
    }
}
