import RapportCore
import Vapor

func routes(_ app: Application) throws {
    try app.register(collection: HealthRoutes())
    try WebPages.register(on: app)

    let api = app.grouped("api", "v1")
    api.get("openapi.json", use: OpenAPIDocument.serve)
    let authenticated = api.grouped(RequireActor())
    try api.register(collection: SessionAPI(authenticated: authenticated))
    try authenticated.register(collection: CustomersAPI())
    try authenticated.register(collection: OrganizationsAPI())
    try authenticated.register(collection: PlaybooksAPI())
    try authenticated.register(collection: UsersAPI())
    try authenticated.register(collection: TeamsAPI())
    try authenticated.register(collection: TicketsAPI())
    try authenticated.register(collection: ServiceLevelsAPI())
    try authenticated.register(collection: RoutingAPI())
    try authenticated.register(collection: MacrosAPI())
    try authenticated.register(collection: TicketMergeAPI())
    try authenticated.register(collection: SavedViewsAPI())
    try authenticated.register(collection: AutomationRoutes())
    try authenticated.register(collection: OutboundAPI())
    try api.register(collection: InboundReceiveAPI())
    try authenticated.register(collection: InboundAPI())
    try authenticated.register(collection: SupportAddressesAPI())
    try authenticated.register(collection: OrdersAPI())
    try authenticated.register(collection: CustomerValueAPI())
    try authenticated.register(collection: ProfilesAPI())
    try authenticated.register(collection: TriageAPI())
    try authenticated.register(collection: TicketTriageAPI())
    try authenticated.register(collection: MetricsAPI())
}
