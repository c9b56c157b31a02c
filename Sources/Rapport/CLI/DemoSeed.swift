import Fluent
import Foundation
import RapportCore
import Vapor

/// A realistic demo workspace: a few hundred customers covering every profile value, with
/// organizations, agents, a supervisor, an admin, a read-only principal and teams.
struct DemoSeed {
    let app: Application
    let now: Date
    var db: any Database { app.db }

    static let workspaceSlug = "demo"
    static let adminEmail = "admin@demo.rapport.test"
    static let password = "rapport-demo"

    struct Result {
        var customers: Int
        var organizations: Int
        var users: Int
        var teams: Int
        var tickets: Int
        var adminToken: String?
    }

    /// Seeds only when no workspace exists, so a restart never doubles the data.
    func seedIfEmpty() async throws -> Result? {
        guard try await Workspace.query(on: db).count() == 0 else { return nil }
        return try await seed()
    }

    func seed() async throws -> Result {
        let workspace = try await WorkspaceStore(db: db).create(slug: Self.workspaceSlug, name: "Demo: Northwind Home & Garden")
        let workspaceID = workspace.id!
        let hash = try Bcrypt.hash(Self.password)
        let staff: [(String, String, Role)] = [
            (Self.adminEmail, "Ada Admin", .admin),
            ("supervisor@demo.rapport.test", "Sam Okafor", .supervisor),
            ("agent@demo.rapport.test", "Alex Rivera", .agent),
            ("mei.lin@demo.rapport.test", "Mei Lin", .agent),
            ("jonas.berg@demo.rapport.test", "Jonas Berg", .agent),
            ("fatima.haddad@demo.rapport.test", "Fatima Haddad", .agent),
            ("principal@demo.rapport.test", "Pat Principal", .viewer),
        ]
        var users: [User] = []
        for (email, name, role) in staff {
            let user = User(workspaceID: workspaceID, email: email, name: name, role: role, passwordHash: hash)
            try await user.create(on: db)
            users.append(user)
        }
        let teamPlan: [(String, String, [Int])] = [
            ("Front line", "First answers on every channel.", [2, 3, 4, 5]),
            ("Billing & payments", "Invoices, refunds and instalment plans.", [1, 3]),
            ("Returns & repairs", "Returns, warranty claims and product upkeep.", [1, 4, 5]),
        ]
        let people = PeopleStore(db: db, workspaceID: workspaceID)
        var teamIDs: [UUID] = []
        for (name, details, members) in teamPlan {
            let team = Team(workspaceID: workspaceID, name: name, details: details)
            try await team.create(on: db)
            try await people.setMembers(of: team, to: members.map { users[$0].id! })
            teamIDs.append(team.id!)
        }
        try await DemoRouting.seed(workspaceID: workspaceID, users: users, db: db, at: now)

        var random = SeededRandom(seed: 20261123)
        var organizations: [Organization] = []
        for (index, name) in DemoNames.organizations.enumerated() {
            let organization = Organization(workspaceID: workspaceID, name: name, at: now.addingTimeInterval(Double(-index) * 86400))
            organization.domains = [DemoNames.domain(for: name)]
            try await organization.create(on: db)
            organizations.append(organization)
        }

        let agents = users.filter { $0.role == .agent || $0.role == .supervisor }
        var items: [CustomerWriter.Item] = []
        let count = 320
        for index in 0..<count {
            let first = DemoNames.firstNames[index % DemoNames.firstNames.count]
            let last = DemoNames.lastNames[(index * 7 + index / DemoNames.firstNames.count) % DemoNames.lastNames.count]
            let place = DemoNames.places[random.next(below: DemoNames.places.count)]
            var changes = CustomerChanges()
            changes.name = "\(first) \(last)"
            let organization = index % 4 == 0 ? organizations[random.next(below: organizations.count)] : nil
            let domain = organization.map { $0.domains[0] } ?? DemoNames.mailDomains[random.next(below: DemoNames.mailDomains.count)]
            changes.emails = ["\(DemoNames.ascii(first)).\(DemoNames.ascii(last))\(index)@\(domain)"]
            changes.phones = ["\(place.dialCode) \(100 + random.next(below: 900)) \(1000 + random.next(below: 9000))"]
            if let organization {
                changes.organizationID = .set(organization.id!)
                changes.buyingRole = .set(BuyingRole.allCases[index / 4 % BuyingRole.allCases.count])
            }
            changes.language = .set(place.language)
            changes.timeZone = .set(place.timeZone)
            changes.address = .set(PostalAddress(street: "\(1 + random.next(below: 200)) \(place.street)", city: place.city, postalCode: place.postalCode, region: nil, country: place.country))
            changes.tags = DemoNames.tags.enumerated().filter { tagIndex, _ in (index + tagIndex * 3) % 7 == 0 }.map(\.element)
            changes.attributes = ["customer_since": .number(Double(2015 + index % 11)), "orders": .number(Double(random.next(below: 40)))]
            changes.consentMarketing = index % 3 != 0
            // Cycling through every value guarantees the demo shows each kind of customer.
            changes.profile[.lifecycle] = [Lifecycle.allCases[index % Lifecycle.allCases.count].rawValue]
            var styles = [CommunicationStyle.allCases[index % CommunicationStyle.allCases.count].rawValue]
            if index % 3 == 0 { styles.append(CommunicationStyle.allCases[(index / 3 + 5) % CommunicationStyle.allCases.count].rawValue) }
            changes.profile[.communicationStyle] = Array(Set(styles)).sorted()
            changes.profile[.shopperType] = [ShopperType.allCases[index % ShopperType.allCases.count].rawValue]
            changes.profile[.relationship] = [Relationship.allCases[index % Relationship.allCases.count].rawValue]
            changes.profile[.valueTier] = [ValueTier.allCases[(index / 2) % ValueTier.allCases.count].rawValue]
            if index % 5 == 0 { changes.notes = .set(DemoNames.notes[index / 5 % DemoNames.notes.count]) }
            items.append(.init(existing: nil, changes: changes))
        }
        for (batchIndex, batch) in items.chunked(into: 80).enumerated() {
            let agent = agents[batchIndex % agents.count]
            let author = CustomerWriter.Author(source: .agent, userID: agent.id!, at: now.addingTimeInterval(Double(-batchIndex) * 3600))
            try await db.transaction { tx in
                try await CustomerWriter(db: tx, workspaceID: workspaceID).write(Array(batch), by: author)
            }
        }
        let customerIDs = try await Customer.query(on: db).filter(\.$workspaceID == workspaceID).sort(\.$id).all(\.$id)
        let tickets = try await DemoTickets(app: app, workspaceID: workspaceID, now: now)
            .seed(customers: customerIDs, agents: users.filter { $0.role == .agent }.map { $0.id! }, teams: teamIDs)
        let token = try await APITokens(db: db).issue(for: users[0], name: "demo")
        return Result(customers: count, organizations: organizations.count, users: users.count, teams: teamPlan.count, tickets: tickets, adminToken: token)
    }
}

/// A small deterministic generator, so every demo database looks the same.
struct SeededRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next(below bound: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(bound))
    }
}
