import Foundation
import Testing

@testable import RapportCore

private let ana = UUID(uuidString: "00000000-0000-0000-0000-00000000000A")!
private let ben = UUID(uuidString: "00000000-0000-0000-0000-00000000000B")!
private let cem = UUID(uuidString: "00000000-0000-0000-0000-00000000000C")!

private func chosen(_ result: Result<RoutingDecision, RoutingRefusal>) -> UUID? {
    if case .success(let decision) = result { return decision.userID }
    return nil
}

@Suite("Routing rule")
struct RoutingRuleTests {
    @Test("manual teams never choose anyone")
    func manual() {
        let result = RoutingRule.choose(mode: .manual, candidates: [RoutingCandidate(userID: ana, availability: .online, openTickets: 0)])
        #expect(result == .failure(.manual))
    }

    @Test("only online agents are candidates", arguments: [RoutingMode.roundRobin, .fewestOpen, .skills])
    func onlineOnly(mode: RoutingMode) {
        let away = RoutingCandidate(userID: ana, availability: .away, openTickets: 0)
        let offline = RoutingCandidate(userID: ben, availability: .offline, openTickets: 0)
        let online = RoutingCandidate(userID: cem, availability: .online, openTickets: 40, lastTurn: 99)
        #expect(chosen(RoutingRule.choose(mode: mode, candidates: [away, offline, online])) == cem)
        #expect(RoutingRule.choose(mode: mode, candidates: [away, offline]) == .failure(.nobodyOnline))
        #expect(RoutingRule.choose(mode: mode, candidates: []) == .failure(.nobodyOnline))
    }

    @Test("round robin takes turns, and 300 tickets over 3 agents give exactly 100 each")
    func roundRobin() {
        var candidates = [ben, cem, ana].map { RoutingCandidate(userID: $0, availability: .online, openTickets: 0) }
        var counts: [UUID: Int] = [:]
        var order: [UUID] = []
        for turn in 1...300 {
            guard case .success(let decision) = RoutingRule.choose(mode: .roundRobin, candidates: candidates) else {
                Issue.record("nobody chosen")
                return
            }
            counts[decision.userID, default: 0] += 1
            if turn <= 4 { order.append(decision.userID) }
            let index = candidates.firstIndex { $0.userID == decision.userID }!
            candidates[index].lastTurn = Int64(turn)
            candidates[index].openTickets += 1
        }
        #expect(order == [ana, ben, cem, ana])
        #expect(counts == [ana: 100, ben: 100, cem: 100])
    }

    @Test("fewest open takes the lightest load, then the longest since a turn")
    func fewestOpen() {
        let candidates = [
            RoutingCandidate(userID: ana, availability: .online, openTickets: 5, lastTurn: 1),
            RoutingCandidate(userID: ben, availability: .online, openTickets: 2, lastTurn: 7),
            RoutingCandidate(userID: cem, availability: .online, openTickets: 2, lastTurn: 3),
        ]
        guard case .success(let decision) = RoutingRule.choose(mode: .fewestOpen, candidates: candidates) else {
            Issue.record("nobody chosen")
            return
        }
        #expect(decision.userID == cem)
        #expect(decision.reason == "fewest_open: 2 open tickets, the fewest among 3 online agents")
    }

    @Test("the cap leaves out full agents; when all are full nobody is chosen")
    func cap() {
        let candidates = [
            RoutingCandidate(userID: ana, availability: .online, openTickets: 3),
            RoutingCandidate(userID: ben, availability: .online, openTickets: 4),
        ]
        #expect(chosen(RoutingRule.choose(mode: .roundRobin, candidates: candidates, maxOpenPerAgent: 4)) == ana)
        #expect(RoutingRule.choose(mode: .roundRobin, candidates: candidates, maxOpenPerAgent: 3) == .failure(.everyoneAtCapacity(3)))
    }

    @Test("skills: language first, then product, then customer styles; ties go to the lighter load")
    func skills() {
        let german = RoutingCandidate(userID: ana, availability: .online, openTickets: 9,
            skills: AgentSkills(languages: ["de"], communicationStyles: [.impatient]))
        let product = RoutingCandidate(userID: ben, availability: .online, openTickets: 0,
            skills: AgentSkills(languages: ["en"], products: ["Espresso Pro"], communicationStyles: [.impatient, .analytical]))
        let plain = RoutingCandidate(userID: cem, availability: .online, openTickets: 0)
        let needs = RoutingNeeds(language: "de-at", product: "espresso pro ", communicationStyles: [.impatient, .analytical])
        guard case .success(let decision) = RoutingRule.choose(mode: .skills, candidates: [plain, product, german], needs: needs) else {
            Issue.record("nobody chosen")
            return
        }
        #expect(decision.userID == ana)
        #expect(decision.reason == "skills: matches language de-at, style impatient; 9 open tickets; among 3 online agents")
        // Without a language, product decides.
        let noLanguage = RoutingNeeds(product: "Espresso Pro", communicationStyles: [.impatient])
        #expect(chosen(RoutingRule.choose(mode: .skills, candidates: [plain, german, product], needs: noLanguage)) == ben)
        // Styles alone: more matching styles wins over a lighter load.
        let stylesOnly = RoutingNeeds(communicationStyles: [.impatient, .analytical])
        #expect(chosen(RoutingRule.choose(mode: .skills, candidates: [german, plain, product], needs: stylesOnly)) == ben)
        // No match at all: the lightest load, then turns.
        let nothing = RoutingNeeds(language: "fr")
        let busyGerman = RoutingCandidate(userID: ana, availability: .online, openTickets: 1, skills: german.skills)
        let idle = RoutingCandidate(userID: cem, availability: .online, openTickets: 0, lastTurn: 5)
        let idleEarlier = RoutingCandidate(userID: ben, availability: .online, openTickets: 0, lastTurn: 2)
        #expect(chosen(RoutingRule.choose(mode: .skills, candidates: [busyGerman, idle, idleEarlier], needs: nothing)) == ben)
    }

    @Test("language tags are checked and lower-cased", arguments: [
        ("de", "de"), ("DE", "de"), ("pt_BR", "pt-br"), (" en-GB ", "en-gb"), ("zh-Hant-TW", "zh-hant-tw"),
    ])
    func languageTags(raw: String, expected: String) {
        #expect(SkillText.language(raw) == expected)
    }

    @Test("malformed language tags are refused", arguments: ["", "d", "german", "de--at", "1a", "de-toolongsubtag"])
    func badLanguageTags(raw: String) {
        #expect(SkillText.language(raw) == nil)
    }
}
