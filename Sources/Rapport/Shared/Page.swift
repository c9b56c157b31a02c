import Foundation
import Vapor

/// One page of a list: `{"items": [...], "next_cursor": "..."}`; no cursor means the last page.
struct Page<Item: Content>: Content {
    var items: [Item]
    var nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case items
        case nextCursor = "next_cursor"
    }
}

/// An opaque position in a list sorted by a text key then id (keyset pagination, so pages stay
/// fast and stable however deep a client goes and whatever is inserted meanwhile).
struct ListCursor: Codable, Equatable {
    var key: String
    var id: UUID

    func encoded() -> String {
        let data = (try? JSONEncoder().encode(self)) ?? Data()
        return data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String) throws -> ListCursor {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let cursor = try? JSONDecoder().decode(ListCursor.self, from: data) else {
            throw APIError.validation(["cursor": "is not a cursor this API gave out"])
        }
        return cursor
    }
}

/// Reads `limit` (1...200, default 50) and `cursor` from the query string.
struct PageRequest {
    var limit: Int
    var cursor: ListCursor?

    init(_ req: Request) throws {
        var errors = FieldErrors()
        let rawLimit: String? = req.query["limit"]
        if let rawLimit {
            if let value = Int(rawLimit), (1...200).contains(value) {
                limit = value
            } else {
                limit = 50
                errors.add("limit", "must be a whole number from 1 to 200")
            }
        } else {
            limit = 50
        }
        try errors.throwIfAny()
        let rawCursor: String? = req.query["cursor"]
        cursor = try rawCursor.flatMap { $0.isEmpty ? nil : try ListCursor.decode($0) }
    }
}
