import Fluent
import Foundation
import RapportCore
import Vapor

/// Sign-in, sign-out and password reset for staff. `/` is the sign-in page for visitors and the inbox once signed in.
struct SignInPages: RouteCollection {
    struct SignInPage: Encodable, Sendable {
        var email: String
        var workspace: String
        var next: String
        var problems: FormProblems
    }

    struct ResetRequestPage: Encodable, Sendable {
        var problems: FormProblems
    }

    struct ResetFormPage: Encodable, Sendable {
        var token: String
        var live: Bool
        var problems: FormProblems
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: home)
        routes.post("sign-in", use: signIn)
        routes.post("sign-out", use: signOut)
        routes.get("password-reset", use: resetRequestForm)
        routes.post("password-reset", use: requestReset)
        routes.get("password-reset", ":token", use: resetForm)
        routes.post("password-reset", ":token", use: reset)
    }

    func home(req: Request) async throws -> Response {
        if req.signedInActor != nil { return try await InboxPages().show(req: req, viewName: "mine") }
        let next: String = (try? req.query.get(String.self, at: "next")) ?? ""
        return try await req.renderPage("auth/sign-in", title: "Sign in",
            SignInPage(email: "", workspace: "", next: next, problems: .none))
    }

    func signIn(req: Request) async throws -> Response {
        let email = EmailAddress.normalize(req.formText("email") ?? "")
        let password = (try? req.content.get(String.self, at: "password")) ?? ""
        let workspace = req.formText("workspace")
        let next = req.formText("next")
        do {
            if email.isEmpty || password.isEmpty { throw APIError(.unauthorized, code: "invalid_credentials", message: "Enter your email and password.") }
            let user = try await StaffCredentials.check(email: email, password: password, workspace: workspace, req: req)
            let secret = try await WebSessionStore(db: req.db).start(.staff, workspaceID: user.workspaceID, userID: user.id, customerID: nil, now: req.clock.now)
            let response = req.redirectWithinSite(to: next)
            response.cookies[WebCookies.staff] = WebCookies.value(secret, maxAge: WebSessionStore.staffLifetime)
            return response
        } catch let error as APIError where error.status == .unauthorized || error.status == .unprocessableEntity {
            return try await req.renderPage("auth/sign-in", title: "Sign in",
                SignInPage(email: email, workspace: workspace ?? "", next: next ?? "", problems: FormProblems(error)), status: error.status)
        }
    }

    func signOut(req: Request) async throws -> Response {
        if let secret = req.web.sessionSecret { try await WebSessionStore(db: req.db).end(secret: secret) }
        let response = req.redirect(to: "/?notice=signed_out", redirectType: .normal)
        response.cookies[WebCookies.staff] = WebCookies.expired()
        return response
    }

    func resetRequestForm(req: Request) async throws -> Response {
        try await req.renderPage("auth/reset-request", title: "Choose a new password", ResetRequestPage(problems: .none))
    }

    /// Sends a link to every active account with this email; the answer is the same whether or not one exists.
    func requestReset(req: Request) async throws -> Response {
        let email = EmailAddress.normalize(req.formText("email") ?? "")
        guard EmailAddress.isValid(email) else {
            return try await req.renderPage("auth/reset-request", title: "Choose a new password",
                ResetRequestPage(problems: FormProblems(summary: "Please correct these fields:", fields: ["email": "is not an email address"])),
                status: .unprocessableEntity)
        }
        let users = try await User.query(on: req.db).filter(\.$email == email).filter(\.$active == true).limit(10).all()
        let store = WebSessionStore(db: req.db)
        for user in users {
            let secret = try await store.issueLink(.passwordReset, workspaceID: user.workspaceID, userID: user.id, customerID: nil, now: req.clock.now)
            let link = "\(req.publicBaseURL)/password-reset/\(secret)"
            try await WebMail.send(
                to: user.email, name: user.name, subject: "Choose a new Rapport password",
                text: "Hello \(user.name),\n\nsomeone (we hope you) asked to choose a new password for Rapport. Open this link within an hour to do it:\n\n\(link)\n\nThe link works once. If you did not ask, ignore this mail: your password stays as it is.",
                workspaceID: user.workspaceID, req: req)
        }
        return req.redirect(to: "/?notice=reset_sent", redirectType: .normal)
    }

    func resetForm(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        let live = try await WebSessionStore(db: req.db).linkIsLive(.passwordReset, secret: token, now: req.clock.now)
        return try await req.renderPage("auth/reset-form", title: "Choose a new password",
            ResetFormPage(token: token, live: live, problems: .none), status: live ? .ok : .gone)
    }

    func reset(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        let password = (try? req.content.get(String.self, at: "password")) ?? ""
        var errors = FieldErrors()
        PasswordRule.check(password, into: &errors)
        if !errors.isEmpty {
            let live = try await WebSessionStore(db: req.db).linkIsLive(.passwordReset, secret: token, now: req.clock.now)
            return try await req.renderPage("auth/reset-form", title: "Choose a new password",
                ResetFormPage(token: token, live: live, problems: FormProblems(summary: "Please correct these fields:", fields: errors.messages)),
                status: .unprocessableEntity)
        }
        let store = WebSessionStore(db: req.db)
        guard let link = try await store.redeemLink(.passwordReset, secret: token, now: req.clock.now), let userID = link.userID else {
            return try await req.renderPage("auth/reset-form", title: "Choose a new password",
                ResetFormPage(token: token, live: false, problems: .none), status: .gone)
        }
        let user = try await PeopleStore(db: req.db, workspaceID: link.workspaceID).user(userID)
        user.passwordHash = try await req.password.async.hash(password)
        try await user.save(on: req.db)
        try await store.endAll(userID: userID, workspaceID: link.workspaceID)
        return req.redirect(to: "/?notice=password_changed", redirectType: .normal)
    }
}
