import Testing

@testable import RapportCore

@Suite("Default playbooks")
struct DefaultPlaybooksTests {
    @Test("every value of every dimension has exactly one complete entry", arguments: ProfileDimension.allCases)
    func coverage(dimension: ProfileDimension) throws {
        for value in dimension.allowedValues {
            let matching = DefaultPlaybooks.entries.filter { $0.dimension == dimension && $0.value == value }
            #expect(matching.count == 1, "\(dimension.rawValue)=\(value)")
            let entry = try #require(DefaultPlaybooks.entry(for: PlaybookKey(dimension: dimension, value: value)))
            #expect(!entry.title.isEmpty && !entry.summary.isEmpty && !entry.tone.isEmpty)
            #expect(entry.actions.count >= 3, "\(value) needs at least three concrete actions")
            #expect(!entry.avoid.isEmpty && !entry.followUp.isEmpty)
            #expect((1...100).contains(entry.importance))
        }
    }

    @Test("no two entries share an importance, so the order of guidance never depends on chance")
    func distinctImportance() {
        let importances = DefaultPlaybooks.entries.map(\.importance)
        #expect(Set(importances).count == importances.count)
    }

    @Test("risk and urgency come before softer traits")
    func calibration() throws {
        func importance(_ dimension: ProfileDimension, _ value: String) throws -> Int {
            try #require(DefaultPlaybooks.entry(for: PlaybookKey(dimension: dimension, value: value))).importance
        }
        #expect(try importance(.lifecycle, "at_risk") > importance(.communicationStyle, "chatty"))
        #expect(try importance(.communicationStyle, "impatient") > importance(.valueTier, "high"))
        #expect(try importance(.valueTier, "high") > importance(.valueTier, "low"))
    }
}
