import Foundation
import RapportCore
import Vapor

/// "How to handle this customer" as the pages show it: the combined checklist and things to avoid
/// first, then each entry with the profile value that brought it in. Built from the API's playbook answer.
struct PlaybookPanel: Encodable, Sendable {
    struct Entry: Encodable, Sendable {
        var title: String
        var summary: String
        var tone: String
        var because: String
        var offer: [String]
    }

    var checklist: [String]
    var avoid: [String]
    var entries: [Entry]
    var hint: String?
    var isEmpty: Bool
    var entryCount: String

    init(_ playbook: CustomerPlaybookResponse) {
        checklist = playbook.checklist
        avoid = playbook.avoid
        entries = playbook.entries.map {
            Entry(title: $0.entry.title, summary: $0.entry.summary, tone: $0.entry.tone,
                because: "\(WebFormat.label($0.broughtInBy.dimension.rawValue)): \(WebFormat.label($0.broughtInBy.value))", offer: $0.entry.offer)
        }
        hint = playbook.hint
        isEmpty = playbook.entries.isEmpty
        entryCount = playbook.entries.count == 1 ? "1 playbook entry" : "\(playbook.entries.count) playbook entries"
    }

    /// The customer's combined playbook, through the same handler as GET /api/v1/customers/{id}/playbook.
    static func load(customerID: UUID, req: Request) async throws -> PlaybookPanel {
        PlaybookPanel(try await req.callAPI(.GET, parameters: ["id": customerID.uuidString], CustomersAPI().playbook))
    }
}

/// A customer's profile as label and value pairs, every dimension listed (an empty one says so).
struct ProfileLine: Encodable, Sendable {
    var label: String
    var value: String

    static func lines(_ customer: CustomerResponse) -> [ProfileLine] {
        let profile = customer.profile
        func text(_ value: ProfileValueResponse?) -> String { value.map { WebFormat.label($0.value) } ?? "Not set" }
        return [
            ProfileLine(label: "Lifecycle", value: text(profile.lifecycle)),
            ProfileLine(label: "Communication", value: profile.communicationStyles.isEmpty ? "Not set" : profile.communicationStyles.map { WebFormat.label($0.value) }.joined(separator: ", ")),
            ProfileLine(label: "Shopper type", value: text(profile.shopperType)),
            ProfileLine(label: "Relationship", value: text(profile.relationship)),
            ProfileLine(label: "Value tier", value: text(profile.valueTier)),
            ProfileLine(label: "Buying role", value: WebFormat.label(customer.buyingRole)),
        ]
    }
}
