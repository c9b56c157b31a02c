public enum DefaultPlaybooks {
    public static let entries: [PlaybookEntry] = ProfileDimension.allCases.flatMap { d in
        d.allowedValues.map { PlaybookEntry(dimension: d, value: $0, title: $0, summary: "s", actions: ["a1 \($0)", "a2", "a3"], tone: "t", offer: [], avoid: ["x \($0)"], followUp: [], importance: 50) }
    }
    static let byKey = Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0) })
    public static func entry(for key: PlaybookKey) -> PlaybookEntry? { byKey[key] }
}
