import Foundation
import Testing

@testable import RapportCore

@Suite("Playbook assembly")
struct PlaybookAssemblerTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func entry(_ dimension: ProfileDimension, _ value: String, importance: Int) -> PlaybookEntry {
        PlaybookEntry(
            dimension: dimension, value: value, title: value, summary: "", actions: ["first \(value)", "second \(value)"],
            tone: "", offer: [], avoid: ["avoid \(value)", "shared pitfall"], followUp: [], importance: importance)
    }

    func value(_ dimension: ProfileDimension, _ value: String, confidence: Double = 1) -> ProfileValue {
        ProfileValue(dimension: dimension, value: value, source: confidence < 1 ? .system : .agent, setAt: now, confidence: confidence)
    }

    @Test("entries come most important first, with the value that brought each in")
    func ordering() {
        let entries = [
            entry(.lifecycle, "at_risk", importance: 95), entry(.communicationStyle, "chatty", importance: 40),
            entry(.communicationStyle, "impatient", importance: 90), entry(.buyingRole, "user", importance: 30),
        ]
        let profile = CustomerProfile(values: [
            value(.communicationStyle, "chatty"), value(.lifecycle, "at_risk"), value(.communicationStyle, "impatient"),
        ])
        let combined = PlaybookAssembler.combine(profile: profile, buyingRole: .user, entries: Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0) }))
        #expect(combined.guidance.map(\.entry.value) == ["at_risk", "impatient", "chatty", "user"])
        #expect(combined.guidance[0].broughtInBy?.dimension == .lifecycle)
        #expect(combined.guidance[3].broughtInBy == nil)
        #expect(combined.checklist == ["first at_risk", "first impatient", "first chatty", "first user"])
        #expect(combined.avoid.filter { $0 == "shared pitfall" }.count == 1)
    }

    @Test("an unsure value ranks below a firm one of similar importance", arguments: [(0.2, false), (0.9, true)])
    func confidenceWeighs(confidence: Double, staysFirst: Bool) {
        let entries = [entry(.communicationStyle, "impatient", importance: 90), entry(.communicationStyle, "demanding", importance: 85)]
        let profile = CustomerProfile(values: [
            value(.communicationStyle, "impatient", confidence: confidence), value(.communicationStyle, "demanding"),
        ])
        let combined = PlaybookAssembler.combine(profile: profile, buyingRole: nil, entries: Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0) }))
        #expect((combined.guidance.first?.entry.value == "impatient") == staysFirst)
    }

    @Test("values without an entry are skipped, an empty profile gives nothing")
    func missingEntries() {
        let combined = PlaybookAssembler.combine(profile: CustomerProfile(values: [value(.lifecycle, "new")]), buyingRole: nil, entries: [:])
        #expect(combined.guidance.isEmpty && combined.checklist.isEmpty)
    }

    @Test("replacing a dimension keeps the provenance of values that stay")
    func replaceKeepsProvenance() {
        let earlier = Date(timeIntervalSince1970: 1_700_000_000)
        var profile = CustomerProfile(values: [
            ProfileValue(dimension: .communicationStyle, value: "chatty", source: .agent, setAt: earlier),
            ProfileValue(dimension: .lifecycle, value: "new", source: .agent, setAt: earlier),
        ])
        profile.replace(.communicationStyle, with: [
            ProfileValue(dimension: .communicationStyle, value: "chatty", source: .agent, setAt: now),
            ProfileValue(dimension: .communicationStyle, value: "impatient", source: .agent, setAt: now),
        ])
        #expect(profile.values(of: .communicationStyle).map(\.value) == ["chatty", "impatient"])
        #expect(profile.values(of: .communicationStyle).first?.setAt == earlier)
        #expect(profile.values(of: .lifecycle).count == 1)
        profile.replace(.lifecycle, with: [])
        #expect(profile.values(of: .lifecycle).isEmpty)
    }
}

@Suite("Email addresses")
struct EmailAddressTests {
    @Test("addresses are normalised the way people and mail clients write them", arguments: [
        ("  Jane@Example.COM ", "jane@example.com"),
        ("Jane Doe <jane.doe@example.org>", "jane.doe@example.org"),
        ("mailto:sales@example.net", "sales@example.net"),
        ("\"O'Brien, Pat\" <pat.obrien@example.ie>", "pat.obrien@example.ie"),
    ])
    func normalize(raw: String, expected: String) {
        #expect(EmailAddress.normalize(raw) == expected)
        #expect(EmailAddress.isValid(EmailAddress.normalize(raw)))
    }

    @Test("invalid addresses are refused", arguments: ["", "plain", "a@b", "two@@example.com", "sp ace@example.com", "a@-bad.com", "@example.com", "a,b@example.com"])
    func invalid(raw: String) {
        #expect(!EmailAddress.isValid(EmailAddress.normalize(raw)))
    }

    @Test("international addresses are kept", arguments: ["zoë@example.se", "用户@例子.广告", "o'connor@example.ie", "first+tag@example.com"])
    func international(raw: String) {
        #expect(EmailAddress.isValid(EmailAddress.normalize(raw)))
    }
}

@Suite("Time-ordered ids")
struct TimeOrderedIDTests {
    @Test("ids strictly increase, as text and as bytes, carry version 7, and never repeat")
    func ordering() {
        let ids = (0..<10_000).map { _ in TimeOrderedID.make() }
        let texts = ids.map(\.uuidString)
        #expect(texts == texts.sorted())
        #expect(Set(texts).count == ids.count)
        #expect(texts.allSatisfy { Array($0)[14] == "7" })
        // A clock that steps back does not break the order.
        let after = TimeOrderedID.make(now: Date(timeIntervalSince1970: 0))
        #expect(after.uuidString > texts.last!)
    }
}
