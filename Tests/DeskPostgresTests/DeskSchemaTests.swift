import DeskCore
import DeskEngine
import DeskStore
import DeskPostgres
import Foundation
import Testing

/// Record lines as the desk writes them, each linked to the one before (`prev`).
enum Records {
    static func decision(_ id: String, _ kind: DecisionKind = .accepted, reason: String? = nil, note: String? = nil) -> Decision {
        Decision(submissionID: id, kind: kind, reviewer: "ana", osUser: "asmith", decidedAt: 1_790_000_000_000,
                 reason: reason ?? (kind.requiresReason ? "a reason" : nil), note: note)
    }

    /// Encodes `decisions` as a chain continuing from `head` (nil: the log's start).
    static func lines(_ decisions: [Decision], after head: String? = nil) -> [String] {
        var link = head ?? SHA256Digest.zeroHex
        return decisions.map { decision in
            var decision = decision
            decision.prev = link
            let line = String(decoding: decision.encodedLine().dropLast(), as: UTF8.self)
            link = SHA256Digest.hex(line)
            return line
        }
    }

    static func insert(_ lines: [String], into connection: PostgresConnection) throws {
        for line in lines {
            try connection.execute("INSERT INTO objection_desk.decisions (line) VALUES ($1)", [line])
        }
    }
}

@Suite("PostgreSQL schema", .enabled(if: TestDatabase.enabled, TestDatabase.skipNote))
struct DeskSchemaTests {
    @Test func migrationsAreIdempotentAndRecorded() throws {
        let scratch = try TestDatabase.Scratch()
        let connection = try scratch.connect()
        #expect(try DeskSchema.currentVersion(connection) == 0)
        let first = try DeskSchema.migrate(connection)
        #expect(first == DeskSchema.MigrationOutcome(from: 0, to: DeskSchema.latestVersion,
                                                     applied: DeskSchema.migrations.map(\.version)))
        let second = try DeskSchema.migrate(connection)
        #expect(second == DeskSchema.MigrationOutcome(from: DeskSchema.latestVersion, to: DeskSchema.latestVersion, applied: []))
        #expect(try connection.execute("SELECT count(*) FROM objection_desk.schema_version").int(0, 0) == DeskSchema.migrations.count)
        #expect(try connection.execute("SELECT applied_by = session_user FROM objection_desk.schema_version").bool(0, 0) == true)
    }

    @Test func twoInitsAtOnceApplyEachMigrationOnce() throws {
        let scratch = try TestDatabase.Scratch()
        let conninfo = scratch.conninfo
        let results = UnsafeSendableBox<[Result<DeskSchema.MigrationOutcome, Error>]>([])
        let group = DispatchGroup()
        let lock = NSLock()
        for _ in 0..<3 {
            DispatchQueue.global().async(group: group) {
                let outcome = Result { try DeskSchema.migrate(try PostgresConnection(conninfo)) }
                lock.withLock { results.value.append(outcome) }
            }
        }
        group.wait()
        let outcomes = try results.value.map { try $0.get() }
        #expect(outcomes.count == 3)
        #expect(outcomes.flatMap(\.applied).sorted() == DeskSchema.migrations.map(\.version))
        #expect(outcomes.allSatisfy { $0.to == DeskSchema.latestVersion })
    }

    @Test func aNewerSchemaIsRefusedUntouched() throws {
        let scratch = try TestDatabase.Scratch()
        let connection = try scratch.migrated()
        try connection.execute("INSERT INTO objection_desk.schema_version (version, description) VALUES ($1, 'from the future')",
                               [String(DeskSchema.latestVersion + 1)])
        #expect {
            try DeskSchema.migrate(connection)
        } throws: { error in
            "\(error)".contains("newer than this objection-desk")
        }
    }

    @Test func theDecisionLogRefusesUpdateDeleteAndTruncateForEveryRole() throws {
        let scratch = try TestDatabase.Scratch()
        // The owner: an ordinary role that created the schema (so owns the tables).
        let owner = try scratch.makeRole("odt_owner", createDatabase: true)
        let ownerConnection = try scratch.connect(as: owner)
        try DeskSchema.migrate(ownerConnection)
        let reviewer = try scratch.makeRole("odt_ana")
        try DeskSchema.grant(ownerConnection, to: reviewer)
        try Records.insert(Records.lines([Records.decision("s1"), Records.decision("s2", .rejected)]), into: ownerConnection)
        let superuser = try scratch.connect()
        let reviewerConnection = try scratch.connect(as: reviewer)
        let changes = [
            "UPDATE objection_desk.decisions SET line = line",
            "UPDATE objection_desk.decisions SET db_user = 'x' WHERE false",
            "DELETE FROM objection_desk.decisions",
            "DELETE FROM objection_desk.decisions WHERE seq = 2",
            "TRUNCATE objection_desk.decisions",
        ]
        for (connection, who) in [(superuser, "superuser"), (ownerConnection, "owner"), (reviewerConnection, "reviewer")] {
            for statement in changes {
                do {
                    try connection.execute(statement)
                    Issue.record("\(who) ran \(statement)")
                } catch {
                    // The superuser passes privilege checks and meets the trigger; the others are refused the privilege first.
                    let expected = who == "superuser" ? PostgresError.State.appendOnly : PostgresError.State.insufficientPrivilege
                    #expect(error.sqlState == expected, "\(who): \(statement): \(error)")
                }
            }
        }
        #expect(try superuser.execute("SELECT count(*) FROM objection_desk.decisions").int(0, 0) == 2)
        // Nor through INSERT … ON CONFLICT DO UPDATE.
        #expect(throws: PostgresError.self) {
            try superuser.execute("""
                INSERT INTO objection_desk.decisions (line) SELECT line FROM objection_desk.decisions WHERE seq = 1
                ON CONFLICT (seq) DO UPDATE SET line = excluded.line
                """)
        }
    }

    @Test func dbUserIsTheAuthenticatedRoleWhateverTheClientSends() throws {
        let scratch = try TestDatabase.Scratch()
        let admin = try scratch.migrated()
        let ana = try scratch.makeRole("odt_ana")
        let ben = try scratch.makeRole("odt_ben")
        try DeskSchema.grant(admin, to: ana)
        try DeskSchema.grant(admin, to: ben)
        let benConnection = try scratch.connect(as: ben)
        let lines = Records.lines([Records.decision("s1"), Records.decision("s2"), Records.decision("s3"), Records.decision("s4")])
        // A reviewer may write the line only: naming another role is refused outright.
        #expect {
            try benConnection.execute("INSERT INTO objection_desk.decisions (line, db_user) VALUES ($1, $2)", [lines[0], ana])
        } throws: { error in
            (error as? PostgresError)?.sqlState == PostgresError.State.insufficientPrivilege
        }
        try benConnection.execute("INSERT INTO objection_desk.decisions (line) VALUES ($1)", [lines[0]])
        // The owner (here a superuser) may name a db_user, but the trigger replaces it.
        try admin.execute("INSERT INTO objection_desk.decisions (line, db_user, recorded_at) VALUES ($1, $2, '2000-01-01')", [lines[1], ana])
        // SET ROLE changes current_user, not the authenticated session_user.
        try admin.execute("GRANT \(try admin.escapeIdentifier(ana)) TO \(try admin.escapeIdentifier(ben))")
        try benConnection.execute("SET ROLE \(try benConnection.escapeIdentifier(ana))")
        try benConnection.execute("INSERT INTO objection_desk.decisions (line) VALUES ($1)", [lines[2]])
        let rows = try admin.execute("SELECT db_user, recorded_at > now() - interval '1 hour' FROM objection_desk.decisions ORDER BY seq")
        let me = try #require(try admin.execute("SELECT session_user").scalar)
        #expect(rows.column0 == [ben, me, ben])
        #expect((0..<rows.rowCount).allSatisfy { rows.bool($0, 1) == true })
        // Nor can a client choose its seq (to slot a record in before others).
        #expect {
            try admin.execute("INSERT INTO objection_desk.decisions (seq, line) OVERRIDING SYSTEM VALUE VALUES (1000, $1)", [lines[3]])
        } throws: { error in
            (error as? PostgresError)?.sqlState == PostgresError.State.serverAssigned
        }
    }

    @Test func theServerComputesTheChainAsTheFileLogDoes() throws {
        let scratch = try TestDatabase.Scratch()
        let connection = try scratch.migrated()
        let tricky = [
            Records.decision("s1", note: "plain"),
            Records.decision("s2", .rejected, reason: "nul \u{0} in the reason", note: "and \\u0000 spelled out"),
            Records.decision("s3", .verificationRequested, reason: "é ü 中文 🎉 \u{202E}rtl \u{2028}sep \"quoted\" back\\slash\ttab"),
            Records.decision("s4", .extended, reason: "more time"),
        ]
        let lines = Records.lines(tricky)
        try Records.insert(lines, into: connection)
        let rows = try connection.execute("SELECT line, hash, prev, submission_id, decision FROM objection_desk.decisions ORDER BY seq")
        for (index, line) in lines.enumerated() {
            #expect(rows.string(index, 0) == line)
            #expect(rows.string(index, 1) == SHA256Digest.hex(line))
            #expect(rows.string(index, 2) == (index == 0 ? SHA256Digest.zeroHex : SHA256Digest.hex(lines[index - 1])))
            #expect(rows.string(index, 3) == tricky[index].submissionID)
            #expect(rows.string(index, 4) == tricky[index].kind.name)
        }
        let head = try connection.transaction { try connection.execute("SELECT last_seq, last_hash, chained FROM objection_desk.lock_chain()") }
        #expect(head.int(0, 0) == 4 && head.string(0, 1) == SHA256Digest.hex(lines[3]) && head.bool(0, 2) == true)
    }

    @Test func aBrokenLinkIsRefused() throws {
        let scratch = try TestDatabase.Scratch()
        let connection = try scratch.migrated()
        let lines = Records.lines([Records.decision("s1"), Records.decision("s2")])
        try Records.insert([lines[0]], into: connection)
        // Linked to the wrong record (as a writer that did not take the chain lock would).
        let stale = Records.lines([Records.decision("s3")])[0]
        for bad in [stale, String(decoding: Records.decision("s4").encodedLine().dropLast(), as: UTF8.self)] {
            #expect {
                try connection.execute("INSERT INTO objection_desk.decisions (line) VALUES ($1)", [bad])
            } throws: { error in
                (error as? PostgresError)?.sqlState == PostgresError.State.chainBroken
            }
        }
        // A multi-row statement is checked row by row: a bad link in the middle refuses all of it.
        let next = Records.lines([Records.decision("s5"), Records.decision("s6"), Records.decision("s7")], after: SHA256Digest.hex(lines[0]))
        #expect(throws: PostgresError.self) {
            try connection.execute("INSERT INTO objection_desk.decisions (line) SELECT unnest($1::text[])",
                                   ["{" + [next[0], stale, next[2]].map(Self.arrayElement).joined(separator: ",") + "}"])
        }
        try connection.execute("INSERT INTO objection_desk.decisions (line) SELECT unnest($1::text[])",
                               ["{" + next.map(Self.arrayElement).joined(separator: ",") + "}"])
        #expect(try connection.execute("SELECT count(*) FROM objection_desk.decisions").int(0, 0) == 4)
    }

    @Test func writersOutsideReadCommittedAreRefused() throws {
        let scratch = try TestDatabase.Scratch()
        let connection = try scratch.migrated()
        let line = Records.lines([Records.decision("s1")])[0]
        for isolation in [PostgresConnection.Isolation.repeatableRead, .serializable] {
            #expect {
                try connection.transaction(isolation) {
                    try connection.execute("INSERT INTO objection_desk.decisions (line) VALUES ($1)", [line])
                }
            } throws: { error in
                (error as? PostgresError)?.sqlState == PostgresError.State.isolation
            }
        }
    }

    @Test func eachInsertNotifiesTheLastSeq() throws {
        let scratch = try TestDatabase.Scratch()
        let writer = try scratch.migrated()
        let listener = try scratch.connect()
        try listener.listen(DeskSchema.decisionsChannel)
        try listener.listen(DeskSchema.submissionsChannel)
        let lines = Records.lines([Records.decision("s1"), Records.decision("s2"), Records.decision("s3")])
        try writer.transaction {
            try Records.insert(Array(lines[0..<2]), into: writer)
        }
        try writer.execute("INSERT INTO objection_desk.decisions (line) VALUES ($1)", [lines[2]])
        try writer.execute("""
            INSERT INTO objection_desk.submissions (id, line, submitted_at, country, email)
            VALUES ('s1', '{}', now(), 'FR', 'a@example.org')
            """)
        var received: [PostgresNotification] = []
        let start = Date()
        while received.count < 4 && Date().timeIntervalSince(start) < 5 {
            received += try listener.waitForNotifications(timeoutMilliseconds: 200)
        }
        #expect(received.filter { $0.channel == DeskSchema.decisionsChannel }.map(\.payload) == ["1", "2", "3"])
        #expect(received.filter { $0.channel == DeskSchema.submissionsChannel }.count == 1)
    }

    @Test func theStatusViewFollowsTheLatestRecordThatIsNotAnExtension() throws {
        let scratch = try TestDatabase.Scratch()
        let connection = try scratch.migrated()
        for id in ["s1", "s2", "s3"] {
            try connection.execute("""
                INSERT INTO objection_desk.submissions (id, line, submitted_at, country, email) VALUES ($1, '{}', now(), 'FR', 'a@example.org')
                """, [id])
        }
        try Records.insert(Records.lines([
            Records.decision("s1", .rejected), Records.decision("s1", .extended, reason: "more time"),
            Records.decision("s2", .accepted), Records.decision("s2", .reopened),
        ]), into: connection)
        let rows = try connection.execute("SELECT id, status FROM objection_desk.submission_status ORDER BY id")
        #expect((0..<rows.rowCount).map { rows.string($0, 1) } == ["rejected", "pending", "pending"])
    }

    /// An element of a PostgreSQL array literal: quoted, with `"` and `\` escaped.
    static func arrayElement(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

/// A mutable box for results gathered from several threads under a lock.
final class UnsafeSendableBox<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}
