import Vapor

/// Every browser page: staff pages behind the staff session, the portal behind the customer session.
/// Pages that change data carry the same role rule as the API route they call.
struct WebPages: RouteCollection {
    static func register(on app: Application) throws {
        app.setUpPresence()
        try app.register(collection: WebPages())
    }

    func boot(routes: any RoutesBuilder) throws {
        let staff = routes.grouped(WebSessionMiddleware(kind: .staff))
        try staff.register(collection: SignInPages())
        try staff.register(collection: SurveyPages())
        let signedIn = staff.grouped(RequireStaffSignIn())
        try signedIn.register(collection: InboxPages())
        try signedIn.register(collection: TicketPages())
        try signedIn.register(collection: CustomerPages())
        try signedIn.register(collection: SearchPage())
        try signedIn.register(collection: AdminPages())
        try signedIn.register(collection: FeedbackWebPages())
        try signedIn.register(collection: DashboardPages())
        try routes.grouped(WebSessionMiddleware(kind: .customer)).register(collection: PortalPages())
    }
}
