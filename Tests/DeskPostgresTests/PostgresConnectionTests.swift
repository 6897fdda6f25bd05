import DeskPostgres
import Foundation
import Testing

@Suite("libpq wrapper", .enabled(if: TestDatabase.enabled, TestDatabase.skipNote))
struct PostgresConnectionTests {
    @Test func parametersTravelAsValuesNeverAsSQL() throws {
        let scratch = try TestDatabase.Scratch()
        let connection = try scratch.connect()
        let hostile = "x'); DROP TABLE t; --"
        let result = try connection.execute("SELECT $1::text AS a, $2::text AS b, $3::int + 1 AS c, $4::boolean AS d",
                                            [hostile, nil, "41", "true"])
        #expect(result.rowCount == 1 && result.columnCount == 4)
        #expect(result.string(0, 0) == hostile)
        #expect(result.string(0, 1) == nil && result.isNull(0, 1))
        #expect(result.int(0, 2) == 42)
        #expect(result.bool(0, 3) == true)
        #expect(result.column(named: "c") == 2 && result.columnName(3) == "d")
        #expect(try connection.escapeIdentifier("a\"b") == "\"a\"\"b\"")
        #expect(try connection.execute("SHOW TimeZone").scalar == "UTC")
    }

    @Test func aParameterHoldingU0000IsRefusedBeforeSending() throws {
        let scratch = try TestDatabase.Scratch()
        let connection = try scratch.connect()
        #expect {
            try connection.execute("SELECT $1::text", ["a\u{0}b"])
        } throws: { error in
            (error as? PostgresError)?.kind == .usage && "\(error)".contains("U+0000")
        }
        #expect(try connection.execute("SELECT 1").scalar == "1")
    }

    @Test func aFailedStatementCarriesItsSQLState() throws {
        let scratch = try TestDatabase.Scratch()
        let connection = try scratch.connect()
        try connection.execute("CREATE TABLE t (id int PRIMARY KEY)")
        try connection.execute("INSERT INTO t VALUES (1)")
        do {
            try connection.execute("INSERT INTO t VALUES ($1)", ["1"])
            Issue.record("a duplicate key was accepted")
        } catch {
            #expect(error.kind == .server)
            #expect(error.sqlState == PostgresError.State.uniqueViolation)
            #expect(error.constraint == "t_pkey")
            #expect(error.detail?.contains("(id)=(1)") == true)
        }
        // The connection stays usable after a failed statement outside a transaction.
        #expect(try connection.execute("SELECT count(*) FROM t").scalar == "1")
    }

    @Test func aTransactionRollsBackWhenItsBodyThrows() throws {
        struct Stop: Error {}
        let scratch = try TestDatabase.Scratch()
        let connection = try scratch.connect()
        try connection.execute("CREATE TABLE t (id int)")
        #expect(throws: Stop.self) {
            try connection.transaction {
                try connection.execute("INSERT INTO t VALUES (1)")
                throw Stop()
            }
        }
        try connection.transaction { try connection.execute("INSERT INTO t VALUES (2)") }
        #expect(try connection.execute("SELECT string_agg(id::text, ',') FROM t").scalar == "2")
        // A COMMIT the server turned into a ROLLBACK is an error, not a success.
        #expect(throws: PostgresError.self) {
            try connection.transaction {
                _ = try? connection.execute("SELECT 1/0")
                try connection.execute("SELECT 1")
            }
        }
    }

    @Test func theStatementTimeoutEndsALongStatement() throws {
        let scratch = try TestDatabase.Scratch()
        let connection = try scratch.connect(settings: .init(statementTimeoutMilliseconds: 200))
        let start = Date()
        #expect {
            try connection.execute("SELECT pg_sleep(10)")
        } throws: { error in
            (error as? PostgresError)?.sqlState == PostgresError.State.queryCanceled
        }
        #expect(Date().timeIntervalSince(start) < 5)
    }

    @Test func anUnreachableServerFailsWithinTheConnectTimeout() throws {
        let start = Date()
        // A TEST-NET address (RFC 5737): nothing answers, so only the timeout ends the wait.
        #expect(throws: PostgresError.self) {
            _ = try PostgresConnection("host=192.0.2.1 port=5432 dbname=x connect_timeout=2")
        }
        #expect(Date().timeIntervalSince(start) < 8)
    }

    @Test func copyCarriesEveryByteBothWays() throws {
        let scratch = try TestDatabase.Scratch()
        let connection = try scratch.connect()
        try connection.execute("CREATE TABLE t (n int, a text, b text)")
        let texts = ["plain", "back\\slash \\N and \\u0000", "tab\there", "new\nline", "cr\rhere", "é ü 中文 🎉 \u{202E}", ""]
        let copied = try connection.copyIn("COPY t FROM STDIN") { copy in
            for (index, text) in texts.enumerated() {
                try copy.writeRow([String(index), text, index == 0 ? nil : text])
            }
        }
        #expect(copied == texts.count)
        #expect(try connection.execute("SELECT count(*) FROM t WHERE b IS NULL").scalar == "1")
        var back: [String] = []
        let rows = try connection.copyOut("COPY (SELECT a FROM t ORDER BY n) TO STDOUT") { row in
            let field = UnsafeRawBufferPointer(rebasing: row[..<(row.count - 1)])
            back.append(String(decoding: CopyText.decodeField(field) ?? [], as: UTF8.self))
        }
        #expect(rows == texts.count)
        #expect(back == texts)
        // And the server's own view of the values agrees.
        for (index, text) in texts.enumerated() {
            #expect(try connection.execute("SELECT a FROM t WHERE n = $1", [String(index)]).scalar == text)
        }
    }

    @Test func aCopyThatTheClientStopsIsRolledBackAndTheConnectionGoesOn() throws {
        struct Stop: Error {}
        let scratch = try TestDatabase.Scratch()
        let connection = try scratch.connect()
        try connection.execute("CREATE TABLE t (n int)")
        #expect(throws: Stop.self) {
            try connection.copyIn("COPY t FROM STDIN") { copy in
                try copy.writeRow(["1"])
                throw Stop()
            }
        }
        #expect(try connection.execute("SELECT count(*) FROM t").scalar == "0")
        var seen = 0
        #expect(throws: Stop.self) {
            try connection.copyOut("COPY (SELECT generate_series(1, 1000000)) TO STDOUT") { _ in
                seen += 1
                if seen == 3 { throw Stop() }
            }
        }
        #expect(seen == 3)
        #expect(try connection.execute("SELECT 7").scalar == "7")
    }

    @Test func notificationsArriveOnThePollableSocket() throws {
        let scratch = try TestDatabase.Scratch()
        let listener = try scratch.connect()
        let sender = try scratch.connect()
        try listener.listen("desk test")
        #expect(listener.socketDescriptor >= 0)
        #expect(try listener.waitForNotifications(timeoutMilliseconds: 50).isEmpty)
        try sender.execute("SELECT pg_notify('desk test', $1)", ["42"])
        let start = Date()
        var received: [PostgresNotification] = []
        while received.isEmpty && Date().timeIntervalSince(start) < 5 {
            received = try listener.waitForNotifications(timeoutMilliseconds: 500)
        }
        #expect(received == [PostgresNotification(channel: "desk test", payload: "42", senderPID: sender.backendPID)])
    }
}

/// Passwords never reach a message: not from libpq, not from the server, not from a malformed
/// connection string.
@Suite("libpq wrapper: passwords", .enabled(if: TestDatabase.enabled, TestDatabase.skipNote))
struct PasswordHygieneTests {
    static let secret = "Sw0rdf1sh-7734"

    private func message(_ conninfo: String) -> String? {
        do {
            _ = try PostgresConnection(conninfo, settings: .init(connectTimeoutSeconds: 3))
            return nil
        } catch {
            return error.description + " " + error.message + " " + (error.detail ?? "") + " " + (error.hint ?? "")
        }
    }

    @Test func aWrongPasswordOverTCPIsNamedWithoutTheSecret() throws {
        let scratch = try TestDatabase.Scratch()
        let role = try scratch.makeRole("odt_pw", password: "the right one")
        let port = TestDatabase.environment["PGPORT"] ?? "5432"
        let uri = "postgresql://\(role):\(Self.secret)@127.0.0.1:\(port)/\(scratch.name)"
        let text = try #require(message(uri))
        #expect(text.contains("password authentication failed"), "\(text)")
        #expect(!text.contains(Self.secret), "\(text)")
        let keywords = "host=127.0.0.1 port=\(port) dbname=\(scratch.name) user=\(role) password=\(Self.secret)"
        let again = try #require(message(keywords))
        #expect(!again.contains(Self.secret), "\(again)")
        // The right password connects: the failure above was the password, not the setup.
        _ = try PostgresConnection("host=127.0.0.1 port=\(port) dbname=\(scratch.name) user=\(role) password='the right one'")
    }

    @Test(arguments: [
        "host=127.0.0.1 password=\(PasswordHygieneTests.secret) dbname",
        "host=127.0.0.1 password=\(PasswordHygieneTests.secret) bogus_option=1",
        "postgresql://ana:\(PasswordHygieneTests.secret)%zz@127.0.0.1/db",
        "postgresql://ana:\(PasswordHygieneTests.secret)@127.0.0.1:99999/db",
        "postgresql://ana:\(PasswordHygieneTests.secret)@127.0.0.1:1/db",
        "host=127.0.0.1 port=1 password='\(PasswordHygieneTests.secret)' dbname=x",
    ])
    func malformedOrUnreachableConnectionStringsKeepTheSecret(conninfo: String) throws {
        let text = try #require(message(conninfo))
        #expect(!text.contains(Self.secret), "\(text)")
        #expect(!text.contains("Sw0rd"), "\(text)")
    }

    @Test func theRedactedTargetNamesWhereButNotThePassword() throws {
        let parsed = try ConnectionString("postgresql://ana:\(Self.secret)@db.example:5433/desk?sslmode=verify-full")
        #expect(parsed.password == Self.secret)
        #expect(parsed.redacted == "host=db.example port=5433 dbname=desk user=ana sslmode=verify-full")
    }
}
