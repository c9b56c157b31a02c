/// Guidance on how to handle one kind of customer: the entry for one value of one dimension.
public struct PlaybookEntry: Codable, Equatable, Sendable {
    public var dimension: ProfileDimension
    public var value: String
    /// A short label an agent recognises at a glance ("Short on time").
    public var title: String
    /// What this kind of customer is like, in two or three sentences.
    public var summary: String
    /// Concrete steps, in the order an agent would take them.
    public var actions: [String]
    /// How to sound: words, length, register.
    public var tone: String
    /// What is worth offering this customer.
    public var offer: [String]
    /// What goes wrong with this customer and must be avoided.
    public var avoid: [String]
    /// What to do after the conversation.
    public var followUp: [String]
    /// 1...100; higher comes first when several entries apply.
    public var importance: Int

    public init(
        dimension: ProfileDimension, value: String, title: String, summary: String,
        actions: [String], tone: String, offer: [String], avoid: [String],
        followUp: [String], importance: Int
    ) {
        self.dimension = dimension
        self.value = value
        self.title = title
        self.summary = summary
        self.actions = actions
        self.tone = tone
        self.offer = offer
        self.avoid = avoid
        self.followUp = followUp
        self.importance = importance
    }

    public var key: PlaybookKey { PlaybookKey(dimension: dimension, value: value) }
}

/// Identifies a playbook entry: a dimension and one of its values.
public struct PlaybookKey: Hashable, Codable, Sendable {
    public var dimension: ProfileDimension
    public var value: String
    public init(dimension: ProfileDimension, value: String) {
        self.dimension = dimension
        self.value = value
    }
}
