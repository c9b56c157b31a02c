import Fluent
import Foundation
import RapportCore

/// Routing in the demo workspace: agents online with their languages and the customers they handle
/// well; the front line routes by skills, returns and repairs by fewest open tickets.
enum DemoRouting {
    static func seed(workspaceID: UUID, users: [User], db: any Database, at now: Date) async throws {
        let store = RoutingStore(db: db, workspaceID: workspaceID)
        let people = PeopleStore(db: db, workspaceID: workspaceID)
        let agents: [String: (AgentAvailability, AgentSkills)] = [
            "agent@demo.rapport.test": (.online, AgentSkills(languages: ["en", "es"], products: ["Garden furniture"], communicationStyles: [.impatient, .confused])),
            "mei.lin@demo.rapport.test": (.online, AgentSkills(languages: ["en", "zh"], products: ["Irrigation"], communicationStyles: [.analytical, .skeptic])),
            "jonas.berg@demo.rapport.test": (.online, AgentSkills(languages: ["de", "en", "sv"], products: ["Lawn mowers"], communicationStyles: [.demanding, .highMaintenance])),
            "fatima.haddad@demo.rapport.test": (.away, AgentSkills(languages: ["ar", "en", "fr"], communicationStyles: [.chatty, .indecisive])),
        ]
        for user in users {
            guard let (availability, skills) = agents[user.email], let id = user.id else { continue }
            try await store.setAvailability(availability, of: id, at: now)
            try await store.setSkills(skills, of: id)
        }
        if let team = try await people.team(named: "Front line"), let id = team.id {
            try await store.setTeamRouting(TeamRoutingSettings(mode: .skills, maxOpenPerAgent: nil), of: id)
        }
        if let team = try await people.team(named: "Returns & repairs"), let id = team.id {
            try await store.setTeamRouting(TeamRoutingSettings(mode: .fewestOpen, maxOpenPerAgent: 25), of: id)
        }
    }
}
