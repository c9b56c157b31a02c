import Foundation
import NIOConcurrencyHelpers
import RapportCore
import Vapor

extension InboundMail {
    /// Processes stored messages together. Support addresses, threads, customers and recent senders
    /// are looked up once for all of them, and new senders become customers in one write. A message
    /// that repeats or answers another message of the batch waits for a later wave, after that one is
    /// written, so that it is recognised as a duplicate or threads exactly as if it had come alone.
    /// Each message is written in its own job of the write queue (they share commits): one that
    /// fails is undone alone and goes to the quarantine with the error; the others land.
    func process(_ rows: [InboundEmail], override: InboundRoute? = nil) async -> [InboundOutcome] {
        var results = [Result<InboundDecision, any Error>?](repeating: nil, count: rows.count)
        var parsed: [(index: Int, message: InboundParsed)] = []
        for (index, row) in rows.enumerated() {
            do {
                switch try parse(row) {
                case .success(let message): parsed.append((index, message))
                case .failure(let stop): results[index] = .success(stop.decision)
                }
            } catch {
                results[index] = .failure(error)
            }
        }
        var pending: [InboundRouted] = []
        do {
            let addresses = try await InboundRouting.addresses(of: parsed.flatMap(\.message.recipients), sql: sql)
            for (index, message) in parsed {
                switch route(message, index: index, override: override, addresses: addresses) {
                case .success(let routed): pending.append(routed)
                case .failure(let stop): results[index] = .success(stop.decision)
                }
            }
        } catch {
            for (index, _) in parsed { results[index] = .failure(error) }
        }
        // The rate limit counts a sender's earlier messages of the same batch as if they had come one by one.
        var earlier: [Int: Int] = [:]
        var seen: [String: Int] = [:]
        for routed in pending {
            let sender = "\(routed.workspaceID) \(routed.facts.fromAddress!)"
            earlier[routed.index] = seen[sender, default: 0]
            seen[sender, default: 0] += 1
        }
        let batchIDs = rows.compactMap(\.id)
        while !pending.isEmpty {
            let (wave, later) = Self.nextWave(pending)
            for (index, result) in await run(wave, excluding: batchIDs, earlier: earlier, override: override) { results[index] = result }
            pending = later
        }
        let decided = results
        let outcomes = NIOLockedValueBox([InboundOutcome?](repeating: nil, count: rows.count))
        await withTaskGroup(of: Void.self) { group in
            for (index, row) in rows.enumerated() {
                group.addTask {
                    let outcome = await finish(row, decided[index] ?? .failure(InboundStorageError("the message was not processed")))
                    outcomes.withLockedValue { $0[index] = outcome }
                }
            }
        }
        return outcomes.withLockedValue { $0.map { $0! } }
    }

    /// The messages that neither repeat nor answer another message still waiting in the batch; the
    /// rest wait for the next wave. References that go round in a circle cannot wait for each other: all go.
    static func nextWave(_ pending: [InboundRouted]) -> (now: [InboundRouted], later: [InboundRouted]) {
        var firstWithKey: [String: Int] = [:]
        for routed in pending where firstWithKey["\(routed.workspaceID) \(routed.threadKey)"] == nil {
            firstWithKey["\(routed.workspaceID) \(routed.threadKey)"] = routed.index
        }
        var now: [InboundRouted] = []
        var later: [InboundRouted] = []
        for routed in pending {
            let repeats = firstWithKey["\(routed.workspaceID) \(routed.threadKey)"] != routed.index
            let answers = routed.references.contains { reference in
                firstWithKey["\(routed.workspaceID) \(reference)"].map { $0 != routed.index } ?? false
            }
            if repeats || answers { later.append(routed) } else { now.append(routed) }
        }
        return now.isEmpty ? (pending, []) : (now, later)
    }

    /// One wave: the lookups of each workspace in one go, the new senders' customers in one write,
    /// then every message at once.
    private func run(
        _ wave: [InboundRouted], excluding batchIDs: [UUID], earlier: [Int: Int], override: InboundRoute?
    ) async -> [(Int, Result<InboundDecision, any Error>)] {
        var results: [(Int, Result<InboundDecision, any Error>)] = []
        var going: [(routed: InboundRouted, known: InboundBatchLookups)] = []
        for (workspaceID, messages) in Dictionary(grouping: wave, by: \.workspaceID) {
            do {
                let since = (messages.map(\.row.receivedAt).min() ?? clock.now).addingTimeInterval(-InboundRules.rateWindow)
                var known = try await InboundLookups(db: db, workspaceID: workspaceID).batch(
                    threadKeys: messages.flatMap { [$0.threadKey] + $0.references.prefix(50) }, senders: messages.map { $0.facts.fromAddress! },
                    customers: messages.map { EmailAddress.normalize($0.sender.address) }, since: since, excluding: batchIDs)
                var newSenders: [String: MailAddress] = [:]
                var screened: [InboundRouted] = []
                var stopped: [(Int, Result<InboundDecision, any Error>)] = []
                for routed in messages {
                    if let decision = screen(routed, known: known, earlierInBatch: earlier[routed.index] ?? 0, override: override) {
                        stopped.append((routed.index, .success(decision)))
                        continue
                    }
                    screened.append(routed)
                    if case .bounce = routed.kind { continue }
                    let address = EmailAddress.normalize(routed.sender.address)
                    if known.customers[address] == nil, newSenders[address] == nil { newSenders[address] = routed.sender }
                }
                let created = try await InboundLookups.createCustomers(for: newSenders, workspaceID: workspaceID, at: clock.now, writes: writes)
                known.customers.merge(created) { old, _ in old }
                results += stopped
                going += screened.map { ($0, known) }
            } catch {
                results += messages.map { ($0.index, .failure(error)) }
            }
        }
        let mail = self
        // The children hand their results over through a lock instead of returning them: returning
        // these large (Int, Result<InboundDecision, any Error>) values from a task group's children
        // came back as garbage in release builds of Swift 6.3.1 and crashed the batch.
        let decided = NIOLockedValueBox<[(Int, Result<InboundDecision, any Error>)]>([])
        await withTaskGroup(of: Void.self) { group in
            for (routed, known) in going {
                group.addTask {
                    let customerID = known.customers[EmailAddress.normalize(routed.sender.address)]
                    let result: Result<InboundDecision, any Error>
                    do {
                        result = .success(try await mail.decide(routed, known: known, customerID: customerID))
                    } catch {
                        result = .failure(error)
                    }
                    decided.withLockedValue { $0.append((routed.index, result)) }
                }
            }
        }
        return results + decided.withLockedValue { $0 }
    }
}
