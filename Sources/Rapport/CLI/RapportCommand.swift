import ArgumentParser
import Fluent
import Foundation
import Vapor

/// The `rapport` command line.
public struct RapportCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "rapport",
        abstract: "Rapport: customer service management.",
        subcommands: [ServeCommand.self, MigrateCommand.self, SeedCommand.self, UserCommand.self, TokenCommand.self, CustomersCommand.self, OrdersCommand.self, ValueCommand.self, ProfilesCommand.self, MailCommand.self, MetricsCommand.self, BenchCommand.self]
    )

    public init() {}

    /// Runs the command line with the process's arguments.
    public static func start() async {
        await main()
    }
}

/// Prints a line for the person at the terminal, unbuffered so that it reaches a log file at once.
func say(_ text: String = "") {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

/// Builds an application for a command, configured from the environment and migrated.
func withConfiguredApp<T>(
    arguments: [String] = ["rapport"], settings: Settings? = nil, _ body: (Application) async throws -> T
) async throws -> T {
    let settings = try settings ?? Settings.fromEnvironment()
    var environment = try Environment.detect(arguments: arguments)
    if environment.name == "development", ProcessInfo.processInfo.environment["LOG_LEVEL"] == nil {
        environment = Environment(name: "development", arguments: arguments)
    }
    let app = try await Application.make(environment)
    app.logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .notice
    do {
        try await configure(app, settings: settings)
        try await app.autoMigrate()
        try await prepareDatabaseConnections(app)
        let result = try await body(app)
        try await app.asyncShutdown()
        return result
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
}

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Migrate the database, then serve HTTP.")

    @ArgumentParser.Option(help: "The address to listen on.") var hostname = "127.0.0.1"
    @ArgumentParser.Option(help: "The port to listen on.") var port = 8080
    @ArgumentParser.Flag(help: "Seed a demo workspace when the database is empty, and print how to sign in.") var demo = false

    func run() async throws {
        try await withConfiguredApp(arguments: ["rapport", "serve", "--hostname", hostname, "--port", String(port)]) { app in
            let url = app.settings.publicURL ?? "http://\(hostname == "0.0.0.0" ? "127.0.0.1" : hostname):\(port)"
            if demo {
                let seeded = try await DemoSeed(app: app, now: Date()).seedIfEmpty()
                printDemoHelp(url: url, seeded: seeded)
            }
            say("Rapport is listening on \(url)  (database: \(app.settings.database.label))")
            try await app.execute()
        }
    }

    private func printDemoHelp(url: String, seeded: DemoSeed.Result?) {
        say("""

            Demo workspace '\(DemoSeed.workspaceSlug)'\(seeded.map { ": \($0.customers) customers, \($0.tickets) tickets, \($0.users) users and \($0.teams) teams created" } ?? " (already seeded)").
              Sign in:  \(DemoSeed.adminEmail) / \(DemoSeed.password)   (every demo user has this password)
            """)
        if let token = seeded?.adminToken {
            say("  API token for the demo admin (shown once):\n    \(token)")
        }
        say("""
              Get a token: curl -s -X POST \(url)/api/v1/auth/token -H 'Content-Type: application/json' \\
                             -d '{"email":"\(DemoSeed.adminEmail)","password":"\(DemoSeed.password)"}'
              Then:        curl -s '\(url)/api/v1/customers?lifecycle=at_risk' -H "Authorization: Bearer $TOKEN"

            """)
    }
}

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Bring the database schema up to date.")

    func run() async throws {
        try await withConfiguredApp { app in
            say("Database is up to date (\(app.settings.database.label)).")
        }
    }
}

struct SeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "seed", abstract: "Fill the database with sample data.")

    @ArgumentParser.Flag(help: "Create the demo workspace: a few hundred customers of every type, agents and teams.") var demo = false

    func run() async throws {
        guard demo else { throw ValidationError("Say what to seed: rapport seed --demo") }
        try await withConfiguredApp { app in
            if let result = try await DemoSeed(app: app, now: Date()).seedIfEmpty() {
                say("Seeded '\(DemoSeed.workspaceSlug)': \(result.customers) customers, \(result.tickets) tickets, \(result.organizations) organizations, \(result.users) users, \(result.teams) teams.")
                say("Sign in as \(DemoSeed.adminEmail) / \(DemoSeed.password)")
                if let token = result.adminToken { say("API token (shown once): \(token)") }
            } else {
                say("The demo workspace '\(DemoSeed.workspaceSlug)' already exists; nothing to do.")
            }
        }
    }
}

extension Settings.Database {
    var label: String {
        switch self {
        case .sqlite(let path): "SQLite at \(path)"
        case .postgres: "PostgreSQL"
        }
    }
}
