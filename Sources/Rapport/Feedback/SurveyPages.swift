import Fluent
import Foundation
import RapportCore
import Vapor

/// `/survey/{token}`: the page a customer reaches from a survey mail, answered without signing in.
struct SurveyPages: RouteCollection {
    struct SurveyPage: Encodable, Sendable {
        /// "form", "thanks", "answered", "expired" or "invalid": what the page says.
        var state: String
        var token: String
        var heading: String
        var question: String
        var scores: [Score]
        var lowLabel: String
        var highLabel: String
        var comment: String
        var problems: FormProblems
    }

    struct Score: Encodable, Sendable {
        var value: Int
        var checked: Bool
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("survey", ":token", use: show)
        routes.post("survey", ":token", use: answer)
    }

    func show(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        guard let invitation = try await SurveyAnswers(db: req.db).invitation(token: token) else {
            return try await render(req, state: "invalid", token: token, invitation: nil, status: .notFound)
        }
        if invitation.answeredAt != nil { return try await render(req, state: "answered", token: token, invitation: invitation, status: .ok) }
        if invitation.expiresAt <= req.clock.now { return try await render(req, state: "expired", token: token, invitation: invitation, status: .gone) }
        return try await render(req, state: "form", token: token, invitation: invitation, status: .ok)
    }

    func answer(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        guard let invitation = try await SurveyAnswers(db: req.db).invitation(token: token) else {
            return try await render(req, state: "invalid", token: token, invitation: nil, status: .notFound)
        }
        let comment = req.formText("comment") ?? ""
        var errors = FieldErrors()
        let score = req.formText("score").flatMap { Int($0) }
        if let problem = invitation.kind.problem(with: score) { errors.add("score", score == nil ? "please choose a score" : problem) }
        if comment.count > 4_000 { errors.add("comment", "must be at most 4,000 characters") }
        if !errors.isEmpty, invitation.answeredAt == nil, invitation.expiresAt > req.clock.now {
            return try await render(req, state: "form", token: token, invitation: invitation, score: score, comment: comment,
                problems: FormProblems(summary: "Please correct this:", fields: errors.messages), status: .unprocessableEntity)
        }
        switch try await SurveyAnswers(db: req.db).answer(invitation, score: score ?? 0, comment: comment, now: req.clock.now, writes: req.writes) {
        case .recorded: return try await render(req, state: "thanks", token: token, invitation: invitation, status: .ok)
        case .alreadyAnswered: return try await render(req, state: "answered", token: token, invitation: invitation, status: .conflict)
        case .expired: return try await render(req, state: "expired", token: token, invitation: invitation, status: .gone)
        }
    }

    private func render(
        _ req: Request, state: String, token: String, invitation: SurveyInvitation?, score: Int? = nil, comment: String = "",
        problems: FormProblems = .none, status: HTTPStatus
    ) async throws -> Response {
        let kind = invitation?.kind ?? .csat
        let range = kind.scores ?? 1...5
        let question: String
        switch kind {
        case .nps: question = "How likely are you to recommend \(invitation?.workspaceName ?? "us") to a friend or colleague?"
        default:
            let about = invitation?.ticketNumber.map { " with your request #\($0)\(invitation?.ticketSubject.map { " (\($0))" } ?? "")" } ?? ""
            question = "How satisfied are you with the help you received\(about)?"
        }
        let page = SurveyPage(
            state: state, token: token, heading: invitation.map { "Your opinion for \($0.workspaceName)" } ?? "Survey",
            question: question, scores: range.map { Score(value: $0, checked: $0 == score) },
            lowLabel: kind == .nps ? "0 = not at all likely" : "1 = very dissatisfied",
            highLabel: kind == .nps ? "10 = extremely likely" : "5 = very satisfied",
            comment: comment, problems: problems)
        return try await req.renderPage("feedback/survey", title: "Survey", page, status: status)
    }
}
