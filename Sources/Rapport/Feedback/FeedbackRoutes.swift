import Vapor

/// Every /api/v1 route of feedback, insights, improvements and reports, registered in one place.
struct FeedbackRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        try routes.register(collection: FeedbackAPI())
        try routes.register(collection: InsightsAPI())
        try routes.register(collection: ImprovementsAPI())
        try routes.register(collection: ReportsAPI())
    }
}

/// The staff pages of feedback, insights, improvements and reports.
struct FeedbackWebPages: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        try routes.register(collection: FeedbackPages())
        try routes.register(collection: InsightPages())
        try routes.register(collection: ImprovementPages())
        try routes.register(collection: ReportPages())
    }
}
