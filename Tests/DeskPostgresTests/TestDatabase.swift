import DeskPostgres
import Foundation
import Testing

/// The PostgreSQL server the tests use: the one `scripts/with-pg.sh` starts (it sets PGHOST,
/// PGPORT, PGUSER, PGDATABASE and OBJECTION_DESK_TEST_DATABASE=required).
///
/// Without a server (a developer's plain `swift test`) the database suites are skipped with a
/// note. Where one is required — under the wrapper, or in CI (`CI` set) — they run and fail
/// when it cannot be reached: never silently skipped.
enum TestDatabase {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    static var isRequired: Bool {
        environment["OBJECTION_DESK_TEST_DATABASE"] == "required" || !(environment["CI"] ?? "").isEmpty
    }

    static var isConfigured: Bool { environment["PGHOST"] != nil || environment["PGSERVICE"] != nil }

    /// Whether the database suites run.
    static var enabled: Bool { isConfigured || isRequired }

    static let skipNote: Comment = "no PostgreSQL server: run `scripts/with-pg.sh swift test` (the README's test command)"

    /// A fresh database for one test, dropped (connections and all) when released.
    final class Scratch {
        let name: String
        /// Connects to this database with libpq's environment for the rest.
        var conninfo: String { "dbname=\(name)" }

        init() throws {
            name = "odt_" + String(UInt64.random(in: .min ... .max), radix: 16)
            let admin = try PostgresConnection("", settings: .init(applicationName: "objection-desk-tests"))
            try admin.execute("CREATE DATABASE " + admin.escapeIdentifier(name))
        }

        /// Login roles made for this test, dropped after the database (cluster-wide, so unique).
        private var roles: [String] = []

        deinit {
            guard let admin = try? PostgresConnection("", settings: .init(applicationName: "objection-desk-tests")) else { return }
            if let quoted = try? admin.escapeIdentifier(name) {
                _ = try? admin.execute("DROP DATABASE IF EXISTS \(quoted) WITH (FORCE)")
            }
            for role in roles {
                if let quoted = try? admin.escapeIdentifier(role) { _ = try? admin.execute("DROP ROLE IF EXISTS \(quoted)") }
            }
        }

        /// Creates a login role (with `password`, if given) that lives as long as this database.
        func makeRole(_ prefix: String = "odt_role", password: String? = nil, createDatabase: Bool = false) throws -> String {
            let role = prefix + "_" + String(UInt32.random(in: .min ... .max), radix: 16)
            let admin = try connect()
            let quoted = try admin.escapeIdentifier(role)
            // CREATE/ALTER ROLE take no parameters: the password goes in as a quoted literal.
            let passwordClause = password.map { " PASSWORD '" + $0.replacingOccurrences(of: "'", with: "''") + "'" } ?? ""
            try admin.execute("CREATE ROLE \(quoted) LOGIN" + passwordClause)
            roles.append(role)
            if createDatabase { try admin.execute("GRANT CREATE ON DATABASE \(admin.escapeIdentifier(name)) TO \(quoted)") }
            return role
        }

        /// A connection to this database (as the test runner's role, or as `user`).
        func connect(as user: String? = nil, settings: PostgresConnection.Settings = .init()) throws -> PostgresConnection {
            try PostgresConnection(conninfo + (user.map { " user=\($0)" } ?? ""), settings: settings)
        }

        /// A connection with the desk's schema created.
        func migrated() throws -> PostgresConnection {
            let connection = try connect()
            try DeskSchema.migrate(connection)
            return connection
        }
    }
}

/// Not skipped when a server is required: fails when there is none.
@Suite("PostgreSQL test server")
struct TestServerTests {
    @Test func aServerIsReachableWhenOneIsRequired() throws {
        guard TestDatabase.isRequired else {
            // A developer's plain `swift test`: the database suites are skipped with a note.
            return
        }
        #expect(TestDatabase.environment["PGHOST"] != nil, "OBJECTION_DESK_TEST_DATABASE=required or CI is set but PGHOST is not: run the tests under scripts/with-pg.sh")
        let connection = try PostgresConnection("")
        #expect(connection.serverVersion >= 150_000)
        #expect(try connection.execute("SHOW server_encoding").scalar == "UTF8")
    }
}
