import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Leaf
import LeafKit
import SQLKit
import Vapor

/// Sets up an application: database, migrations, views, middleware and routes.
public func configure(_ app: Application, settings: Settings) async throws {
    app.storage[SettingsKey.self] = settings
    try configureDatabase(app, settings: settings)
    if case .sqlite = settings.database { app.setUpWriteQueue(on: .sqliteWriter) } else { app.setUpWriteQueue(on: nil) }
    app.setUpServiceLevels()
    app.setUpActorCache()
    app.setUpAutomations()
    app.setUpOutboundWorker()
    app.setUpProfiles()
    app.setUpReportScheduler()
    app.migrations.add(RapportMigrations.all)
    app.passwords.use(.bcrypt)

    let resources = ResourcePaths.current
    // Leaf reads templates from the views directory, which lives in the package's resource bundle
    // so that the binary finds it wherever it is started from.
    // Leaf's default limits refuse paths with a hidden folder in them, and a debug build's
    // bundle lives under .build, so the sandbox (the views folder) is the limit instead.
    app.directory.viewsDirectory = resources.views
    app.directory.publicDirectory = resources.public
    app.views.use(.leaf)
    app.leaf.sources = .singleSource(NIOLeafFiles(
        fileio: app.fileio, limits: [.toSandbox, .requireExtensions],
        sandboxDirectory: resources.views, viewDirectory: resources.views))

    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .iso8601
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    ContentConfiguration.global.use(encoder: encoder, for: .json)
    ContentConfiguration.global.use(decoder: decoder, for: .json)

    // Order matters: errors are rendered before metrics see the status, files bypass the router.
    app.middleware = Middlewares()
    app.middleware.use(MetricsMiddleware(metrics: app.requestMetrics))
    app.middleware.use(RapportErrorMiddleware())
    app.middleware.use(FileMiddleware(publicDirectory: resources.public))
    try routes(app)
}

func configureDatabase(_ app: Application, settings: Settings) throws {
    switch settings.database {
    case .sqlite(let path):
        // Each SQLite call blocks a pool thread; with one thread per core, the writer's commit
        // (an fsync of several milliseconds) left the readers of a two-core machine one thread.
        app.threadPool = NIOThreadPool(numberOfThreads: 8)
        try FileManager.default.createDirectory(
            atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
        app.databases.use(.sqlite(.file(path), sqlLogLevel: nil), as: .sqlite)
        // The write queue's own connections: its transactions never hold a connection that reads wait for.
        app.databases.use(.sqlite(.file(path), sqlLogLevel: nil), as: .sqliteWriter)
    case .postgres(let url):
        var configuration = try SQLPostgresConfiguration(url: url)
        if let schema = settings.postgresSchema { configuration.searchPath = [schema] }
        app.databases.use(
            .postgres(configuration: configuration, maxConnectionsPerEventLoop: 8, connectionPoolTimeout: .seconds(10), sqlLogLevel: .trace),
            as: .psql)
    }
}

/// Per-connection SQLite settings. WAL lets readers work while one writer commits. FULL syncs
/// every commit, so whatever was acknowledged survives a power cut as well as a killed process;
/// the write queue shares one commit among many requests to pay for it. Each event loop owns one
/// connection per database id, so each gets the pragmas.
func prepareDatabaseConnections(_ app: Application) async throws {
    guard case .sqlite = app.settings.database else { return }
    for id in [DatabaseID.sqlite, .sqliteWriter] {
      for connection in app.databasePerLoop(id, logger: app.logger) {
        let sql = connection as! any SQLDatabase
        _ = try await sql.raw("PRAGMA journal_mode=WAL").all()
        _ = try await sql.raw("PRAGMA synchronous=FULL").all()
        _ = try await sql.raw("PRAGMA busy_timeout=5000").all()
        _ = try await sql.raw("PRAGMA foreign_keys=ON").all()
        // A 64 MiB page cache and memory-mapped reads keep the indexes of a large directory in memory.
        _ = try await sql.raw("PRAGMA cache_size=-65536").all()
        _ = try await sql.raw("PRAGMA mmap_size=268435456").all()
        _ = try await sql.raw("PRAGMA temp_store=MEMORY").all()
      }
    }
}

extension DatabaseID {
    static let sqliteWriter = DatabaseID(string: "sqlite-writer")
}

extension Application {
    /// Databases to read from side by side. SQLite keeps one connection per event loop, so a read that fans
    /// out (the dashboard) takes the connection of every loop; PostgreSQL's pool serves concurrent reads from one.
    func readers(logger: Logger) -> [any Database] {
        guard case .sqlite = settings.database else { return [db] }
        return databasePerLoop(.sqlite, logger: logger)
    }

    /// Database `id` on each event loop: with SQLite, each of them is a connection of its own.
    func databasePerLoop(_ id: DatabaseID, logger: Logger) -> [any Database] {
        var loops = eventLoopGroup.makeIterator()
        var result: [any Database] = []
        while let loop = loops.next() {
            if let database = databases.database(id, logger: logger, on: loop) { result.append(database) }
        }
        return result
    }
}

private struct SettingsKey: StorageKey { typealias Value = Settings }

extension Application {
    var settings: Settings { storage[SettingsKey.self]! }
}

/// Where the templates and static files are, wherever the binary was started from.
struct ResourcePaths {
    var views: String
    var `public`: String

    static var current: ResourcePaths {
        let root = Bundle.module.resourceURL ?? Bundle.module.bundleURL
        return ResourcePaths(views: root.appendingPathComponent("Views").path + "/", public: root.appendingPathComponent("Public").path + "/")
    }
}
