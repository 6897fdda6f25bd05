import DeskCore
import DeskEngine
import DeskStore
import DeskPostgres
import Foundation
import Testing

/// A desk on PostgreSQL read through its local copy (`DatabaseMirror`).
@Suite("Database desk", .enabled(if: TestDatabase.enabled, TestDatabase.skipNote))
struct DatabaseDeskTests {
    static func line(_ id: String, day: Int = 1) -> String {
        #"{"id":"\#(id)","submitted_at":"2026-10-0\#(day)T09:00:00Z","country":"FR","email":"\#(id)@example.fr","justification":"Je m'oppose \u0000 (\#(id))"}"#
    }

    static func insert(_ ids: [String], into connection: PostgresConnection) throws {
        for id in ids {
            try connection.execute("""
                INSERT INTO objection_desk.submissions (id, line, submitted_at, country, email) VALUES ($1, $2, '2026-10-01T09:00:00Z', 'FR', $3)
                """, [id, line(id), id + "@example.fr"])
        }
    }

    /// A scratch database with the schema and three submissions, and a private cache home.
    final class Fixture {
        let scratch: TestDatabase.Scratch
        let cacheHome: String

        init(ids: [String] = ["s1", "s2", "s3"]) throws {
            scratch = try TestDatabase.Scratch()
            let connection = try scratch.migrated()
            try DatabaseDeskTests.insert(ids, into: connection)
            cacheHome = NSTemporaryDirectory() + "odt-cache-" + UUID().uuidString
        }

        deinit { try? FileManager.default.removeItem(atPath: cacheHome) }

        func open(cacheHome home: String? = nil) throws -> DatabaseDesk.Opened {
            try DatabaseDesk.open(try PostgresConnection(scratch.conninfo), cacheHome: home ?? cacheHome)
        }
    }

    static func mode(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? Int) ?? -1
    }

    @Test func aDeskReadsTheQueueThroughAnOwnerOnlyCopyThatGrowsWithTheDatabase() throws {
        let fixture = try Fixture()
        let opened = try fixture.open()
        #expect(opened.desk.table.count == 3)
        #expect(try opened.desk.submission(at: 0).justification == "Je m'oppose \u{0} (s1)")
        #expect(Self.mode(opened.mirror.directory) == 0o700)
        #expect(Self.mode(opened.mirror.queuePath) == 0o600 && Self.mode(opened.mirror.decisionsPath) == 0o600)
        #expect(try String(contentsOfFile: opened.mirror.queuePath, encoding: .utf8) == ["s1", "s2", "s3"].map { Self.line($0) + "\n" }.joined())
        // Another server's form adds a row: the next refresh has it, numbered after the others.
        try Self.insert(["s0"], into: try fixture.scratch.connect())
        let changes = try opened.desk.refresh()
        #expect(changes.newRows == 1 && opened.desk.table.id(3) == "s0")
    }

    @Test func decisionsAreOneTransactionAttributedToTheRoleAndEveryDeskSeesThem() throws {
        let fixture = try Fixture()
        let first = try fixture.open()
        let decisions = [Records.decision("s1", .accepted), Records.decision("s2", .rejected, reason: "not an objection")]
        let outcome = try first.desk.record(decisions)
        #expect(outcome.written.count == 2 && outcome.conflicts.isEmpty)
        #expect(first.desk.status(of: 0) == .accepted && first.desk.status(of: 1) == .rejected)
        let role = try fixture.scratch.connect().execute("SELECT session_user").scalar
        #expect(first.desk.history(of: 0).map(\.recordedBy) == [role])
        // A second desk with a copy of its own (another server) reads the same records.
        let second = try fixture.open(cacheHome: fixture.cacheHome + "-other")
        defer { try? FileManager.default.removeItem(atPath: fixture.cacheHome + "-other") }
        #expect(second.desk.status(of: 0) == .accepted && second.desk.status(of: 1) == .rejected)
        #expect(second.desk.snapshot.history(of: 1).map(\.recordedBy) == [role])
        let export = try second.desk.exportRow(1)
        #expect(String(decoding: export.jsonLine(), as: UTF8.self).contains(#""reviewer":"ana","db_user":"\#(role!)""#))
        // Both records carry one batch mark and the chain holds over the database's records.
        let report = try second.desk.log.verify(findingHead: nil)
        #expect(report.isClean && report.records == 2)
        let batches = try fixture.scratch.connect().execute("SELECT count(DISTINCT line::jsonb->>'batch') FROM objection_desk.decisions").scalar
        #expect(batches == "1")
    }

    @Test func aDecisionSeenStaleIsRefusedInsideTheTransaction() throws {
        let fixture = try Fixture()
        let mine = try fixture.open()
        let theirs = try fixture.open(cacheHome: fixture.cacheHome + "-theirs")
        defer { try? FileManager.default.removeItem(atPath: fixture.cacheHome + "-theirs") }
        let seen = mine.desk.latestLine(ofSubmission: "s1")
        try theirs.desk.record([Records.decision("s1", .rejected, reason: "first")])
        let outcome = try mine.desk.record([PlannedDecision(Records.decision("s1", .accepted), expectedLatestLine: seen)])
        #expect(outcome.written.isEmpty && outcome.conflicts.map(\.submissionID) == ["s1"])
        #expect(outcome.conflicts.first?.latest?.kind == .rejected)
        #expect(try fixture.scratch.connect().execute("SELECT count(*) FROM objection_desk.decisions").scalar == "1")
    }

    @Test func anotherHoldersClaimRefusesTheWholeWriteUnlessOverridden() throws {
        let fixture = try Fixture()
        let opened = try fixture.open()
        let other = ClaimHolder(id: "other-1", reviewer: "ben", osUser: "ben", host: "h", pid: 1)
        let now = WallClock.now()
        let taken = try opened.claims.claim(["s2"], for: other, until: now + 60_000, now: now)
        #expect(taken.granted == ["s2"])
        let store = try #require(opened.desk.log as? DatabaseDecisionStore)
        store.claimant = ClaimHolder(id: "me-1", reviewer: "ana", osUser: "ana", host: "h", pid: 2)
        #expect(throws: DatabaseDecisionStore.ClaimedMeanwhile.self) {
            try opened.desk.record([Records.decision("s1"), Records.decision("s2")])
        }
        #expect(try fixture.scratch.connect().execute("SELECT count(*) FROM objection_desk.decisions").scalar == "0")
        store.checksClaims = false
        #expect(try opened.desk.record([Records.decision("s1"), Records.decision("s2")]).written.count == 2)
    }

    @Test func aCopyThatNoLongerFitsTheDatabaseIsWrittenAgain() throws {
        let fixture = try Fixture()
        let opened = try fixture.open()
        try opened.desk.record([Records.decision("s3", .accepted)])
        let owner = try fixture.scratch.connect()
        // A row erased from the queue: the next desk's copy has it no more.
        try owner.execute("DELETE FROM objection_desk.submissions WHERE id = 's2'")
        let again = try fixture.open()
        #expect((0..<again.desk.table.count).map { again.desk.table.id($0) } == ["s1", "s3"])
        #expect(again.desk.status(of: 1) == .accepted)
        // A copy of the log edited by hand (its last record no longer hashes as the database's):
        // read again from the database, never trusted.
        let tampered = try String(contentsOfFile: again.mirror.decisionsPath, encoding: .utf8).replacingOccurrences(of: "accepted", with: "rejected")
        try tampered.write(toFile: again.mirror.decisionsPath, atomically: false, encoding: .utf8)
        let state = again.mirror.directory + "/mirror.state"
        let parts = try String(contentsOfFile: state, encoding: .utf8).split(separator: " ").map(String.init)
        try (parts.dropLast() + [String(repeating: "0", count: 64) + "\n"]).joined(separator: " ").write(toFile: state, atomically: true, encoding: .utf8)
        let third = try fixture.open()
        #expect(third.desk.status(of: 1) == .accepted)
        #expect(try String(contentsOfFile: third.mirror.decisionsPath, encoding: .utf8).contains("\"accepted\""))
    }

    @Test func aDeskCreatedAgainIsCopiedIntoAnotherDirectory() throws {
        let fixture = try Fixture()
        let first = try fixture.open().mirror.directory
        let owner = try fixture.scratch.connect()
        try owner.execute("DROP SCHEMA objection_desk CASCADE")
        try DeskSchema.migrate(owner)
        try Self.insert(["t1"], into: owner)
        let second = try fixture.open()
        #expect(second.mirror.directory != first)
        #expect(second.desk.table.count == 1 && second.desk.table.id(0) == "t1")
    }
}
