import Fluent
import Crypto
import Foundation
import RapportCore
import Vapor

/// What the pages of one request know about the browser: its CSRF token, and the portal customer if any.
struct WebState: Sendable {
    var csrfToken: String
    /// Set when the anonymous CSRF cookie is new and must be sent with the response.
    var newCSRFCookie: Bool = false
    var sessionSecret: String?
    var visitor: PortalVisitor?
}

/// The cookies the browser pages use. Session cookies are Secure, HttpOnly and SameSite=Lax.
enum WebCookies {
    static let staff = "rapport_session"
    static let customer = "rapport_portal"
    static let csrf = "rapport_csrf"

    static func value(_ secret: String, maxAge: TimeInterval, path: String = "/") -> HTTPCookies.Value {
        HTTPCookies.Value(string: secret, maxAge: Int(maxAge), path: path, isSecure: true, isHTTPOnly: true, sameSite: .lax)
    }

    static func expired(path: String = "/") -> HTTPCookies.Value {
        HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: path, isSecure: true, isHTTPOnly: true, sameSite: .lax)
    }

    /// A session's CSRF token: derived from its secret, so nothing more is stored and it changes with the session.
    static func csrfToken(forSession secret: String) -> String {
        String(APITokens.hash("csrf|" + secret).prefix(43))
    }
}

extension Request {
    private struct WebStateKey: StorageKey { typealias Value = WebState }

    var web: WebState {
        get { storage[WebStateKey.self] ?? WebState(csrfToken: "") }
        set { storage[WebStateKey.self] = newValue }
    }

    /// The signed-in user, or nil on a page that also serves visitors.
    var signedInActor: Actor? { try? actor }

    /// The signed-in portal customer; only routes behind `RequirePortalVisitor` may call this.
    var visitor: PortalVisitor {
        get throws {
            guard let visitor = web.visitor else { throw APIError.unauthenticated }
            return visitor
        }
    }

    /// Where links in emails point: the configured public URL, else this server as the browser reached it.
    var publicBaseURL: String {
        if let configured = application.settings.publicURL, !configured.isEmpty {
            return configured.hasSuffix("/") ? String(configured.dropLast()) : configured
        }
        return "http://" + (headers.first(name: .host) ?? "localhost")
    }
}

/// Reads the session cookie of `kind`, signs its owner in, and refuses any POST whose form does not carry
/// the session's CSRF token (a double-submit cookie stands in before sign-in).
struct WebSessionMiddleware: AsyncMiddleware {
    let kind: WebSessionKind

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let store = WebSessionStore(db: request.db)
        let now = request.clock.now
        var state = WebState(csrfToken: "")
        let cookieName = kind == .staff ? WebCookies.staff : WebCookies.customer
        if let secret = request.cookies[cookieName]?.string, !secret.isEmpty {
            switch kind {
            case .staff:
                if let actor = try await store.staff(secret: secret, now: now) {
                    request.signIn(actor)
                    state.sessionSecret = secret
                }
            case .customer:
                if let visitor = try await store.customer(secret: secret, now: now) {
                    state.visitor = visitor
                    state.sessionSecret = secret
                }
            }
        }
        if let secret = state.sessionSecret {
            state.csrfToken = WebCookies.csrfToken(forSession: secret)
        } else if let cookie = request.cookies[WebCookies.csrf]?.string, cookie.count == 43 {
            state.csrfToken = cookie
        } else {
            state.csrfToken = WebSessionStore.newSecret()
            state.newCSRFCookie = true
        }
        request.web = state
        if request.method == .POST {
            // The token is in the body: collect it here (forms with files are the largest, at 40 MB).
            _ = try await request.body.collect(max: 40 * 1024 * 1024).get()
            let sent = request.headers.first(name: "X-CSRF-Token") ?? (try? request.content.get(String.self, at: "_csrf"))
            guard let sent, Self.same(sent, state.csrfToken), !state.newCSRFCookie else {
                throw APIError(.forbidden, code: "csrf", message: "This form has expired or did not come from Rapport. Go back, reload the page and try again.")
            }
        }
        let response = try await next.respond(to: request)
        if state.newCSRFCookie {
            response.cookies[WebCookies.csrf] = HTTPCookies.Value(string: state.csrfToken, path: "/", isSecure: true, isHTTPOnly: true, sameSite: .strict)
        }
        WebHeaders.add(to: response)
        return response
    }

    /// Compares in time independent of where the strings differ.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}

/// Security headers of every page: nothing runs but Rapport's own script, nothing frames Rapport.
enum WebHeaders {
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
        + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'; frame-src 'self'"

    static func add(to response: Response) {
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: contentSecurityPolicy)
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        if response.headers.contentType == .html { response.headers.replaceOrAdd(name: .cacheControl, value: "no-store") }
    }
}

/// Sends visitors who are not signed in to the sign-in page, remembering where they were going.
struct RequireStaffSignIn: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.signedInActor != nil else {
            if request.method == .GET {
                let target = request.url.path + (request.url.query.map { "?" + $0 } ?? "")
                var components = URLComponents()
                components.path = "/"
                components.queryItems = [URLQueryItem(name: "next", value: target)]
                return request.redirect(to: components.string ?? "/", redirectType: .normal)
            }
            throw APIError.unauthenticated
        }
        return try await next.respond(to: request)
    }
}

extension Request {
    /// A 303 to a path of this site; anything else (another host, `//evil`) goes to the inbox.
    func redirectWithinSite(to path: String?) -> Response {
        guard let path, path.hasPrefix("/"), !path.hasPrefix("//"), !path.hasPrefix("/\\") else { return redirect(to: "/", redirectType: .normal) }
        return redirect(to: path, redirectType: .normal)
    }
}
