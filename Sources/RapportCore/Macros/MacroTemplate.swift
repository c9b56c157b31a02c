import Foundation

/// A value a macro's reply can carry, written `{{customer.first_name}}` in the text.
public enum MacroPlaceholder: String, CaseIterable, Sendable, Codable {
    case customerName = "customer.name"
    case customerFirstName = "customer.first_name"
    case customerEmail = "customer.email"
    case ticketNumber = "ticket.number"
    case ticketSubject = "ticket.subject"
    case ticketStatus = "ticket.status"
    case ticketPriority = "ticket.priority"
    case ticketSLADue = "ticket.sla_due"
    case agentName = "agent.name"
    case agentFirstName = "agent.first_name"
    case agentEmail = "agent.email"
    case workspaceName = "workspace.name"
    /// The first-response target, in the business calendar's time zone (acknowledgements).
    case slaFirstResponseDue = "sla.first_response_due"
}

/// What the placeholders stand for on one ticket, at one moment. Missing values render as empty text.
public struct MacroValues: Sendable, Equatable {
    public var customerName: String
    public var customerEmail: String?
    public var ticketNumber: Int64
    public var ticketSubject: String
    public var ticketStatus: String
    public var ticketPriority: String
    public var ticketSLADue: Date?
    public var agentName: String
    public var agentEmail: String?
    public var workspaceName: String
    /// Already formatted for the customer: "Tuesday, 1 December 2026, 15:30 (Europe/Berlin)".
    public var slaFirstResponseDue: String?

    public init(
        customerName: String, customerEmail: String? = nil, ticketNumber: Int64, ticketSubject: String, ticketStatus: String,
        ticketPriority: String, ticketSLADue: Date? = nil, agentName: String, agentEmail: String? = nil, workspaceName: String,
        slaFirstResponseDue: String? = nil
    ) {
        self.customerName = customerName
        self.customerEmail = customerEmail
        self.ticketNumber = ticketNumber
        self.ticketSubject = ticketSubject
        self.ticketStatus = ticketStatus
        self.ticketPriority = ticketPriority
        self.ticketSLADue = ticketSLADue
        self.agentName = agentName
        self.agentEmail = agentEmail
        self.workspaceName = workspaceName
        self.slaFirstResponseDue = slaFirstResponseDue
    }

    /// The text one placeholder stands for.
    public func value(of placeholder: MacroPlaceholder) -> String {
        switch placeholder {
        case .customerName: customerName.trimmingCharacters(in: .whitespacesAndNewlines)
        case .customerFirstName: Self.firstName(customerName)
        case .customerEmail: customerEmail ?? ""
        case .ticketNumber: String(ticketNumber)
        case .ticketSubject: ticketSubject
        case .ticketStatus: ticketStatus.replacingOccurrences(of: "_", with: " ")
        case .ticketPriority: ticketPriority
        case .ticketSLADue: ticketSLADue.map(Self.format) ?? ""
        case .agentName: agentName.trimmingCharacters(in: .whitespacesAndNewlines)
        case .agentFirstName: Self.firstName(agentName)
        case .agentEmail: agentEmail ?? ""
        case .workspaceName: workspaceName
        case .slaFirstResponseDue: slaFirstResponseDue ?? ""
        }
    }

    /// The first word of a name: "Søren Kierkegaard" → "Søren"; a one-word name is itself.
    static func firstName(_ name: String) -> String {
        name.split(whereSeparator: { $0.isWhitespace }).first.map(String.init) ?? ""
    }

    /// A due time as "2026-12-01 14:30 UTC": unambiguous to a customer anywhere.
    static func format(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute)) UTC"
    }
}

/// Placeholders a template names that Rapport does not know, so the macro cannot be saved.
public struct MacroTemplateError: Error, Sendable, Equatable {
    public var unknown: [String]

    public var message: String {
        let names = unknown.map { "{{\($0)}}" }.joined(separator: ", ")
        let known = MacroPlaceholder.allCases.map(\.rawValue).joined(separator: ", ")
        return "\(unknown.count == 1 ? "has an unknown placeholder" : "has unknown placeholders") \(names); known: \(known)"
    }
}

/// A reply text with placeholders, parsed once. `{{ name }}` is a placeholder when its inside looks
/// like a name (letters, digits, `_` and `.`), whatever the spaces; any other braces are plain text.
public struct MacroTemplate: Sendable, Equatable {
    public enum Piece: Sendable, Equatable {
        case text(String)
        case placeholder(MacroPlaceholder)
    }

    public let pieces: [Piece]

    public init(parsing source: String) throws(MacroTemplateError) {
        var pieces: [Piece] = []
        var unknown: [String] = []
        var text = ""
        var index = source.startIndex
        while index < source.endIndex {
            if source[index...].hasPrefix("{{"), let close = source[index...].range(of: "}}") {
                let inside = source[source.index(index, offsetBy: 2)..<close.lowerBound]
                let name = inside.trimmingCharacters(in: .whitespaces).lowercased()
                if Self.looksLikeName(name) {
                    if let placeholder = MacroPlaceholder(rawValue: name) {
                        if !text.isEmpty { pieces.append(.text(text)) }
                        text = ""
                        pieces.append(.placeholder(placeholder))
                    } else if !unknown.contains(name) {
                        unknown.append(name)
                    }
                    index = close.upperBound
                    continue
                }
            }
            // Not a placeholder here: keep one character and look again from the next, so that
            // "{{{customer.name}}}" is a brace around a placeholder.
            text.append(source[index])
            index = source.index(after: index)
        }
        if !text.isEmpty { pieces.append(.text(text)) }
        if !unknown.isEmpty { throw MacroTemplateError(unknown: unknown) }
        self.pieces = pieces
    }

    /// The placeholders used, each once, in order of first use.
    public var placeholders: [MacroPlaceholder] {
        var seen: [MacroPlaceholder] = []
        for case .placeholder(let placeholder) in pieces where !seen.contains(placeholder) { seen.append(placeholder) }
        return seen
    }

    public func render(_ values: MacroValues) -> String {
        pieces.map { piece in
            switch piece {
            case .text(let text): text
            case .placeholder(let placeholder): values.value(of: placeholder)
            }
        }.joined()
    }

    private static func looksLikeName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, CharacterSet.lowercaseLetters.contains(first), first.isASCII else { return false }
        return text.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == ".") }
    }
}
