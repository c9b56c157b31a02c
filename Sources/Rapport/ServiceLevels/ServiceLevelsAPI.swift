import Fluent
import Foundation
import RapportCore
import Vapor

/// /api/v1/business-calendars and /api/v1/sla-policies: when service-level clocks run and what they
/// promise. Supervisors read them; admins change them.
struct ServiceLevelsAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let calendars = routes.grouped("business-calendars")
        calendars.requiring(.supervisor).get(use: listCalendars)
        calendars.requiring(.supervisor).get(":id", use: showCalendar)
        calendars.requiring(.admin).post(use: createCalendar)
        calendars.requiring(.admin).patch(":id", use: updateCalendar)
        calendars.requiring(.admin).delete(":id", use: deleteCalendar)

        let policies = routes.grouped("sla-policies")
        policies.requiring(.supervisor).get(use: listPolicies)
        policies.requiring(.supervisor).get(":id", use: showPolicy)
        policies.requiring(.admin).post(use: createPolicy)
        policies.requiring(.admin).patch(":id", use: updatePolicy)
        policies.requiring(.admin).delete(":id", use: deletePolicy)
    }

    func listCalendars(req: Request) async throws -> Page<BusinessCalendarResponse> {
        Page(items: try await req.serviceLevelStore.calendars(), nextCursor: nil)
    }

    func showCalendar(req: Request) async throws -> BusinessCalendarResponse {
        try await req.serviceLevelStore.calendar(try req.requireUUID("id"))
    }

    func createCalendar(req: Request) async throws -> Response {
        let input = try req.content.decode(BusinessCalendarInput.self)
        let (name, calendar) = try input.calendar(name: nil, base: nil)
        let now = req.clock.now
        let created = BusinessCalendarResponse(id: TimeOrderedID.make(now: now), name: name, calendar: calendar, createdAt: now, updatedAt: now)
        try await req.serviceLevelStore.insert(created)
        try await req.forgetServiceLevels()
        return try await created.encodeResponse(status: .created, for: req)
    }

    func updateCalendar(req: Request) async throws -> BusinessCalendarResponse {
        let store = try req.serviceLevelStore
        var calendar = try await store.calendar(try req.requireUUID("id"))
        let input = try req.content.decode(BusinessCalendarInput.self)
        (calendar.name, calendar.calendar) = try input.calendar(name: calendar.name, base: calendar.calendar)
        calendar.updatedAt = req.clock.now
        try await store.update(calendar)
        try await req.forgetServiceLevels()
        return calendar
    }

    func deleteCalendar(req: Request) async throws -> HTTPStatus {
        try await req.serviceLevelStore.deleteCalendar(try req.requireUUID("id"))
        try await req.forgetServiceLevels()
        return .noContent
    }

    func listPolicies(req: Request) async throws -> Page<SLAPolicyResponse> {
        Page(items: try await req.serviceLevelStore.policies().policies.map(SLAPolicyResponse.init), nextCursor: nil)
    }

    func showPolicy(req: Request) async throws -> SLAPolicyResponse {
        SLAPolicyResponse(try await req.serviceLevelStore.policy(try req.requireUUID("id")))
    }

    func createPolicy(req: Request) async throws -> Response {
        let input = try req.content.decode(SLAPolicyInput.self)
        let store = try req.serviceLevelStore
        let existing = try await store.policies().policies
        let now = req.clock.now
        // New policies go last unless a position is given: the first matching policy wins.
        var policy = SLAPolicyRecord(
            id: TimeOrderedID.make(now: now), name: "", position: (existing.map(\.position).max() ?? -1) + 1,
            priorities: [], valueTiers: [], lifecycles: [], targets: SLATargets(), calendarID: nil, calendar: .alwaysOpen,
            escalation: SLAEscalation())
        try input.apply(to: &policy, creating: true)
        try await checkReferences(of: policy, req: req)
        try await store.insert(policy, at: now)
        try await req.forgetServiceLevels()
        return try await SLAPolicyResponse(try await store.policy(policy.id)).encodeResponse(status: .created, for: req)
    }

    func updatePolicy(req: Request) async throws -> SLAPolicyResponse {
        let store = try req.serviceLevelStore
        var policy = try await store.policy(try req.requireUUID("id"))
        let input = try req.content.decode(SLAPolicyInput.self)
        try input.apply(to: &policy, creating: false)
        try await checkReferences(of: policy, req: req)
        try await store.update(policy, at: req.clock.now)
        try await req.forgetServiceLevels()
        return SLAPolicyResponse(try await store.policy(policy.id))
    }

    func deletePolicy(req: Request) async throws -> HTTPStatus {
        try await req.serviceLevelStore.deletePolicy(try req.requireUUID("id"))
        try await req.forgetServiceLevels()
        return .noContent
    }

    /// The calendar and the escalation user must belong to this workspace.
    private func checkReferences(of policy: SLAPolicyRecord, req: Request) async throws {
        var errors = FieldErrors()
        if let calendarID = policy.calendarID, (try? await req.serviceLevelStore.calendar(calendarID)) == nil {
            errors.add("calendar_id", "is not a business calendar of this workspace")
        }
        if let userID = policy.escalation.reassignOnBreachTo {
            let user = try? await req.people.user(userID)
            if user == nil || user?.active == false || user?.role == .viewer {
                errors.add("escalation.reassign_on_breach_to", "must be an active agent, supervisor or admin of this workspace")
            }
        }
        try errors.throwIfAny()
    }
}

extension Request {
    var serviceLevelStore: ServiceLevelStore {
        get throws { ServiceLevelStore(db: db, workspaceID: try workspaceID) }
    }

    /// After an edit this node uses the new policies at once; other nodes within the cache's lifetime.
    func forgetServiceLevels() async throws {
        await application.serviceLevels.forget(try workspaceID)
    }
}
