/// What a ticket is about, in the words the API uses.
public enum TicketKind: String, Codable, Sendable, CaseIterable {
    case question, complaint, request, incident, feedback
}

/// How urgent a ticket is; the order matters for escalation (`raised`).
public enum TicketPriority: String, Codable, Sendable, CaseIterable, Comparable {
    case low, normal, high, urgent

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
    private var rank: Int { Self.allCases.firstIndex(of: self)! }

    /// One step more urgent, or the same when already urgent.
    public var raised: TicketPriority { Self.allCases[min(rank + 1, Self.allCases.count - 1)] }
}

/// Where a ticket came from. `internal` is an employee raising an issue on a customer's behalf.
public enum TicketChannel: String, Codable, Sendable, CaseIterable {
    case email, phone, web, chat, social, letter
    case inPerson = "in_person"
    case `internal`
}

/// Why a customer complains; only complaints carry one.
public enum ComplaintCategory: String, Codable, Sendable, CaseIterable {
    case productDefect = "product_defect"
    case serviceFailure = "service_failure"
    case overPromise = "over_promise"
    case misleadingMarketing = "misleading_marketing"
    case customerError = "customer_error"
    case productDissatisfaction = "product_dissatisfaction"
    case rudeness, discrimination
    case priceExploitation = "price_exploitation"
    case slowResponse = "slow_response"
}

/// What a non-complaint ticket is about.
public enum TicketTopic: String, Codable, Sendable, CaseIterable {
    case advice
    case usageQuestion = "usage_question"
    case orderTracking = "order_tracking"
    case returnRefund = "return_refund"
    case maintenance, payment, praise
}

/// Who can see a message: the customer too, or only the team.
public enum MessageVisibility: String, Codable, Sendable, CaseIterable {
    case `public`, `internal`
}

/// Who wrote a message.
public enum MessageAuthorKind: String, Codable, Sendable, CaseIterable {
    case customer, agent, system
}

/// What a message records: written text, a phone call or a visit.
public enum MessageKind: String, Codable, Sendable, CaseIterable {
    case message, call, visit
}

/// How a logged call or visit ended.
public enum ContactOutcome: String, Codable, Sendable, CaseIterable {
    case resolved
    case followUpNeeded = "follow_up_needed"
    case noAnswer = "no_answer"
    case leftMessage = "left_message"
    case escalated
}

/// Who caused a ticket event.
public enum EventActorKind: String, Codable, Sendable, CaseIterable {
    case user, customer, rule, system
}
