import Fluent
import Foundation
import RapportCore
import Vapor
import VaporTesting

@testable import Rapport

extension Application {
    /// Creates a customer through the API, as an agent would, and returns its JSON.
    @discardableResult
    func makeCustomer(
        in workspace: TestWorkspace, name: String, emails: [String] = [], tags: [String] = [],
        profile: [String: Any] = [:], extra: [String: Any] = [:]
    ) async throws -> [String: Any] {
        var body: [String: Any] = ["name": name, "emails": emails, "tags": tags, "profile": profile]
        body.merge(extra) { _, new in new }
        let response = try await send(.POST, "/api/v1/customers", token: workspace.token(.agent), json: JSONBody(body))
        guard response.status == .created else {
            throw TestFailure("creating \(name) answered \(response.status): \(response.text)")
        }
        return response.json
    }

    @discardableResult
    func makeOrganization(in workspace: TestWorkspace, name: String, tags: [String] = []) async throws -> [String: Any] {
        let response = try await send(.POST, "/api/v1/organizations", token: workspace.token(.agent), json: JSONBody(["name": name, "tags": tags]))
        guard response.status == .created else { throw TestFailure("creating \(name) answered \(response.status): \(response.text)") }
        return response.json
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension Dictionary where Key == String, Value == Any {
    var id: String { self["id"] as? String ?? "" }
    func string(_ key: String) -> String? { self[key] as? String }
    func strings(_ key: String) -> [String] { self[key] as? [String] ?? [] }
    func object(_ key: String) -> [String: Any] { self[key] as? [String: Any] ?? [:] }
}
