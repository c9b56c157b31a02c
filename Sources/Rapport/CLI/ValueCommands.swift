import ArgumentParser
import Fluent
import Foundation
import RapportCore
import SQLKit
import Vapor

struct OrdersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "orders", abstract: "Work with orders.", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import orders from a CSV file with a header row, then fit the workspace's value models.",
            discussion: "Columns: reference, email or customer_id, ordered_at, amount, currency, discount_applied, discount_amount, channel, status, shipment_carrier, tracking_number, shipment_status, product, quantity, unit_price. A row whose reference is already stored updates that order. A bad row is reported with its line number and the others are imported.")

        @ArgumentParser.Argument(help: "The CSV file.") var file: String
        @ArgumentParser.Option(help: "The workspace's slug; without it, the only workspace or the one named 'default'.") var workspace: String?
        @ArgumentParser.Flag(help: "Print no progress bar.") var quiet = false

        func run() async throws {
            guard let handle = FileHandle(forReadingAtPath: file) else { throw ValidationError("Cannot open \(file)") }
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            try await withConfiguredApp { app in
                let workspace = try await WorkspaceStore(db: app.db).resolve(slug: self.workspace, createIfMissing: false)
                let importer = OrderImporter(db: app.db, workspaceID: workspace.id!, now: Date())
                let bar = ProgressBar(total: size, enabled: !quiet)
                let report = try await importer.run(FileChunks(handle: handle), progress: { bar.show($0) })
                bar.finish()
                say("Imported \(file) into '\(workspace.slug)': \(report.rows) rows, \(report.created) created, \(report.updated) updated, \(report.failed) failed.")
                for error in report.errors.prefix(50) { say("  line \(error.line): \(error.message)") }
                if report.errors.count > 50 || report.errorsTruncated { say("  ... and \(report.failed - 50) more") }
                if report.created + report.updated > 0 {
                    let outcome = try await CustomerValueFitter(db: app.db, workspaceID: workspace.id!, now: Date()).run(progress: { say("Value fit: \($0)") })
                    say(ValueCommand.Fit.summary(outcome))
                }
            }
        }
    }
}

struct ValueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "value", abstract: "Customer value models.", subcommands: [Fit.self])

    struct Fit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fit BG/NBD and Gamma-Gamma on the workspace's orders and update every customer's value figures and order-based profile.")

        @ArgumentParser.Option(help: "The workspace's slug; without it, the only workspace or the one named 'default'.") var workspace: String?

        func run() async throws {
            try await withConfiguredApp { app in
                let workspace = try await WorkspaceStore(db: app.db).resolve(slug: self.workspace, createIfMissing: false)
                let outcome = try await CustomerValueFitter(db: app.db, workspaceID: workspace.id!, now: Date()).run(progress: { say("Value fit: \($0)") })
                say(Self.summary(outcome))
            }
        }

        static func summary(_ outcome: CustomerValueFitter.Outcome) -> String {
            guard let models = outcome.models else {
                return "Not enough orders to fit (\(outcome.customersWithOrders) customers with orders); lifecycles updated."
            }
            let spend = models.spend.map { String(format: "p=%.3f q=%.3f gamma=%.3f", $0.p, $0.q, $0.gamma) } ?? "no spend model (too few repeat customers)"
            return String(format: "Fitted %d customers with orders (of %d) in %.3f s (whole run %.2f s): r=%.3f alpha=%.3f a=%.3f b=%.3f, %@.",
                outcome.customersWithOrders, outcome.customers, outcome.fitSeconds, outcome.totalSeconds,
                models.purchases.r, models.purchases.alpha, models.purchases.a, models.purchases.b, spend)
        }
    }
}

/// `rapport bench value`: a workspace of simulated customers with orders, fitted.
struct ValueBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "value",
        abstract: "Generate a workspace of customers whose orders follow BG/NBD (r=0.25, alpha=4, a=0.8, b=2.5 per week) and fit it.")

    @ArgumentParser.Option(help: "Customers to generate.") var customers = 25_000

    func run() async throws {
        let truth = ValueSimulation(purchases: BGNBD(r: 0.25, alpha: 4, a: 0.8, b: 2.5), spend: GammaGamma(p: 6, q: 4, gamma: 1500))
        let simulated = truth.customers(customers, seed: 7)
        let start = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01
        let end = start.addingTimeInterval(truth.periods * 7 * 86_400)
        try await withConfiguredApp { app in
            let workspace = try await WorkspaceStore(db: app.db).create(slug: "bench-value-\(UUID().uuidString.prefix(8).lowercased())", name: "Value benchmark")
            let workspaceID = workspace.id!
            say("Database: \(app.settings.database.label)")
            var customerRows: [[any Encodable & Sendable]] = []
            var orders: [OrderRow] = []
            for (index, customer) in simulated.enumerated() {
                let row = Customer(workspaceID: workspaceID, name: "Customer \(index)", at: start)
                row.refreshDerivedText(emails: [])
                customerRows.append(row.columnValues)
                for (number, purchase) in customer.purchases.enumerated() {
                    let at = start.addingTimeInterval(purchase.at * 7 * 86_400)
                    orders.append(OrderRow(
                        id: TimeOrderedID.make(now: at), workspaceID: workspaceID, customerID: row.id!, reference: "B\(index)-\(number)",
                        orderedAt: at, amountMinor: Int(purchase.value.rounded()), currency: "EUR", at: at))
                }
            }
            let writeStart = ContinuousClock.now
            let sql = app.db as! any SQLDatabase
            try await sql.insertRows(customerRows, into: "customers", columns: Customer.columns)
            try await OrderStore(db: app.db, workspaceID: workspaceID).save(new: orders, changed: [], replaceLinesOf: [])
            say(String(format: "Wrote %d customers and %d orders in %.2f s", customers, orders.count, (ContinuousClock.now - writeStart).seconds))
            let outcome = try await CustomerValueFitter(db: app.db, workspaceID: workspaceID, now: end).run()
            say(ValueCommand.Fit.summary(outcome))
            say(String(format: "Fit time (BG/NBD + Gamma-Gamma maximum likelihood): %.3f s; whole run with reading orders and writing values and profiles: %.2f s",
                outcome.fitSeconds, outcome.totalSeconds))
        }
    }
}
