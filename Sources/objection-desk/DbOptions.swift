import DeskStore
import DeskEngine
import ArgumentParser
import DeskCore
import DeskPostgres
import Foundation

/// `--database CONNINFO` (or `OBJECTION_DESK_DATABASE`): where a desk on PostgreSQL lives.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "A libpq connection string or postgresql:// URI (default: $OBJECTION_DESK_DATABASE). PGHOST, PGPORT, PGUSER, PGSERVICE, ~/.pgpass… work as in psql; \"\" means libpq's defaults alone. Keep passwords in ~/.pgpass, not here.",
        valueName: "conninfo"))
    var database: String?

    /// The connection string to use: the option, else the environment; a command on the database
    /// needs one of them (`""` is an explicit "libpq's defaults").
    func conninfo(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        guard let value = database ?? environment["OBJECTION_DESK_DATABASE"] else {
            throw CLIFailure(message: "which database? pass --database CONNINFO or set OBJECTION_DESK_DATABASE (--database \"\" uses libpq's defaults: PGHOST, PGDATABASE, PGSERVICE…)")
        }
        return value
    }

    /// Connects; a failure ends the command with exit 2 and a message without the password.
    /// `statementTimeout`: seconds after which the server cancels one statement (nil:
    /// `OBJECTION_DESK_STATEMENT_TIMEOUT`, else 30 s).
    func connect(statementTimeout seconds: Int? = nil) throws -> PostgresConnection {
        try Self.connect(try conninfo(), fromCommandLine: database != nil, statementTimeout: seconds)
    }

    /// Connects with `text`; a password given on the command line (`fromCommandLine`) is warned about.
    static func connect(_ text: String, fromCommandLine: Bool, statementTimeout seconds: Int? = nil,
                        connectTimeoutSeconds: Int = 10) throws -> PostgresConnection {
        if fromCommandLine, (try? ConnectionString(text))?.password != nil {
            FileHandle.standardError.write("objection-desk: warning: a password in --database is visible to every user of this machine (ps); keep it in ~/.pgpass or PGPASSFILE instead\n")
        }
        do {
            return try PostgresConnection(text, settings: .init(connectTimeoutSeconds: connectTimeoutSeconds,
                                                                statementTimeoutMilliseconds: seconds.map { $0 * 1_000 }
                                                                   ?? PostgresConnection.Settings.environmentStatementTimeout ?? 30_000))
        } catch {
            throw CLIFailure(message: error.description)
        }
    }
}

extension PostgresConnection {
    /// Refuses a database without the desk's schema, or with another version of it.
    func requireDeskSchema() throws {
        let version = try withDatabaseErrors { try DeskSchema.currentVersion(self) }
        if version == 0 {
            throw CLIFailure(message: "no desk in this database (\(target)): run `objection-desk db init` first")
        }
        if version < DeskSchema.latestVersion {
            throw CLIFailure(message: "the desk's schema in \(target) is version \(version); run `objection-desk db init` to upgrade it to \(DeskSchema.latestVersion)")
        }
        if version > DeskSchema.latestVersion {
            throw CLIFailure(message: "the desk's schema in \(target) is version \(version), newer than this objection-desk knows (\(DeskSchema.latestVersion)): use a newer objection-desk")
        }
    }
}

/// Runs `body`, turning database errors into the CLI's failures (exit 2, message on stderr).
func withDatabaseErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as PostgresError {
        switch error.kind {
        case .outcomeUnknown:
            throw CLIFailure(message: error.description + "\nrun the command again to see what was recorded")
        default:
            throw CLIFailure(message: error.description)
        }
    }
}
