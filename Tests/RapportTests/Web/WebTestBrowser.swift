import Fluent
import Foundation
import RapportCore
import NIOCore
import Testing
import Vapor
import VaporTesting

@testable import Rapport

/// A small cookie-keeping client for the browser pages: what a browser sends, nothing more.
final class WebTestBrowser {
    let app: Application
    var cookies: [String: String] = [:]
    var lastSetCookies: [String] = []

    init(_ app: Application) { self.app = app }

    @discardableResult
    func get(_ path: String) async throws -> TestingHTTPResponse {
        try await send(.GET, path, form: nil)
    }

    @discardableResult
    func post(_ path: String, form: [(String, String)], csrf: Bool = true) async throws -> TestingHTTPResponse {
        var fields = form
        if csrf { fields.insert(("_csrf", try await token(for: path)), at: 0) }
        return try await send(.POST, path, form: fields)
    }

    /// The CSRF token a page of this area shows (the layout's meta tag).
    func token(for path: String) async throws -> String {
        let page = path.hasPrefix("/portal/") ? "/portal/" + (path.split(separator: "/").dropFirst().first.map(String.init) ?? "") : "/password-reset"
        let text = try await get(page).text
        guard let range = text.range(of: "name=\"csrf-token\" content=\"") else { throw TestFailure("no CSRF token on \(page)") }
        return String(text[range.upperBound...].prefix { $0 != "\"" })
    }

    func send(_ method: HTTPMethod, _ path: String, form: [(String, String)]?) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if !cookies.isEmpty { headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")) }
        var body: ByteBuffer?
        if let form {
            headers.contentType = .urlEncodedForm
            var components = URLComponents()
            components.queryItems = form.map { URLQueryItem(name: $0.0, value: $0.1) }
            let encoded = (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
            body = ByteBuffer(string: encoded)
        }
        let response = try await app.testing().sendRequest(method, path, headers: headers, body: body)
        lastSetCookies = response.headers[.setCookie]
        for line in lastSetCookies {
            let pair = line.split(separator: ";")[0].split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            if pair[1].isEmpty { cookies[pair[0]] = nil } else { cookies[pair[0]] = pair[1] }
        }
        return response
    }
}

extension Application {
    /// Gives a test user a password so that they can sign in to the pages.
    func setPassword(_ password: String, for user: User) async throws {
        user.passwordHash = try Bcrypt.hash(password, cost: 4)
        try await user.save(on: db)
    }

    /// Signs a user of the workspace in through the sign-in form.
    func signIn(_ workspace: TestWorkspace, as role: Role) async throws -> WebTestBrowser {
        let user = workspace.users[role]!
        try await setPassword("correct horse battery", for: user)
        let browser = WebTestBrowser(self)
        let response = try await browser.post("/sign-in", form: [("email", user.email), ("password", "correct horse battery")])
        guard response.status == .seeOther else { throw TestFailure("sign-in answered \(response.status): \(response.text.prefix(300))") }
        return browser
    }

    func makeWebTicket(in workspace: TestWorkspace, requester: String, subject: String, body: String = "Hello") async throws -> String {
        let response = try await send(.POST, "/api/v1/tickets", token: workspace.token(.agent), json: JSONBody([
            "requester_id": requester, "subject": subject, "channel": "web", "message": ["body": body, "author": "customer"],
        ]))
        guard response.status == .created else { throw TestFailure("creating a ticket answered \(response.status): \(response.text)") }
        return response.json.id
    }
}
