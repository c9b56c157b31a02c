import Foundation

/// Everything Rapport reads from the environment, read once at start-up.
public struct Settings: Sendable {
    /// Which database to use and where it lives.
    public enum Database: Sendable, Equatable {
        case sqlite(path: String)
        case postgres(url: String)
    }

    public var dataDirectory: String
    public var database: Database
    /// The address printed for people to open; defaults to the bound host and port.
    public var publicURL: String?
    /// A PostgreSQL schema to work in instead of `public`: each test gets its own.
    public var postgresSchema: String?
    /// Seals stored secrets such as SMTP passwords (`RAPPORT_SECRET_KEY`); nil: a key file in the data directory.
    public var secretKey: String?

    public init(dataDirectory: String, database: Database, publicURL: String? = nil, postgresSchema: String? = nil, secretKey: String? = nil) {
        self.dataDirectory = dataDirectory
        self.database = database
        self.publicURL = publicURL
        self.postgresSchema = postgresSchema
        self.secretKey = secretKey
    }

    /// Reads `RAPPORT_DATA_DIR`, `DATABASE_URL`, `RAPPORT_PUBLIC_URL` and `RAPPORT_SECRET_KEY`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Settings {
        let dataDirectory = environment["RAPPORT_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "./rapport-data"
        let database = try parseDatabaseURL(environment["DATABASE_URL"], dataDirectory: dataDirectory)
        return Settings(dataDirectory: dataDirectory, database: database, publicURL: environment["RAPPORT_PUBLIC_URL"],
            secretKey: environment["RAPPORT_SECRET_KEY"].flatMap { $0.isEmpty ? nil : $0 })
    }

    static func parseDatabaseURL(_ raw: String?, dataDirectory: String) throws -> Database {
        guard let raw, !raw.isEmpty else {
            return .sqlite(path: dataDirectory + "/rapport.sqlite")
        }
        if raw.hasPrefix("postgres://") || raw.hasPrefix("postgresql://") {
            return .postgres(url: raw)
        }
        if raw.hasPrefix("sqlite://") {
            let path = String(raw.dropFirst("sqlite://".count))
            return .sqlite(path: path.isEmpty ? dataDirectory + "/rapport.sqlite" : path)
        }
        throw SettingsError.unsupportedDatabaseURL(raw)
    }
}

enum SettingsError: Error, CustomStringConvertible {
    case unsupportedDatabaseURL(String)

    var description: String {
        switch self {
        case .unsupportedDatabaseURL(let url):
            "DATABASE_URL must start with sqlite:// or postgres://, got '\(url.prefix(20))...'"
        }
    }
}
