import DeskPostgres
import Foundation
import Testing

/// A database of its own for one end-to-end test, on the server `scripts/with-pg.sh` starts
/// (PGHOST, PGPORT, PGUSER set); dropped when released. Mirrors DeskPostgresTests' helper.
final class DatabaseScratch {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// Run where a server is configured, and wherever one is required (then failing without it).
    static var enabled: Bool {
        environment["PGHOST"] != nil || environment["PGSERVICE"] != nil
            || environment["OBJECTION_DESK_TEST_DATABASE"] == "required" || !(environment["CI"] ?? "").isEmpty
    }

    static let skipNote: Comment = "no PostgreSQL server: run `scripts/with-pg.sh swift test` (the README's test command)"

    let name: String
    var conninfo: String { "dbname=\(name)" }

    init() throws {
        name = "ode_" + String(UInt64.random(in: .min ... .max), radix: 16)
        let admin = try PostgresConnection("")
        try admin.execute("CREATE DATABASE " + admin.escapeIdentifier(name))
    }

    deinit {
        if let admin = try? PostgresConnection(""), let quoted = try? admin.escapeIdentifier(name) {
            _ = try? admin.execute("DROP DATABASE IF EXISTS \(quoted) WITH (FORCE)")
        }
    }

    func connect() throws -> PostgresConnection { try PostgresConnection(conninfo) }
}
