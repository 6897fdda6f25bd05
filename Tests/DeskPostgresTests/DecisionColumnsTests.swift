import DeskCore
import DeskEngine
import DeskStore
import DeskPostgres
import Foundation
import Testing

/// Schema v4: writers send submission_id, decision and prev beside the line; the server refuses
/// any row whose columns are not what its line says.
@Suite("PostgreSQL decision columns", .enabled(if: TestDatabase.enabled, TestDatabase.skipNote))
struct DecisionColumnsTests {
    private static let insert = "INSERT INTO objection_desk.decisions (\(DeskSchema.decisionColumns)) VALUES ($1, $2, $3, $4)"

    private static let lying = PostgresError.State.columnsDisagree

    /// The SQLSTATE `body` failed with (nil: it did not fail).
    private static func refusal(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return (error as? PostgresError)?.sqlState ?? "\(error)"
        }
    }

    @Test func aColumnThatIsNotWhatItsLineSaysIsRefused() throws {
        let scratch = try TestDatabase.Scratch()
        let admin = try scratch.migrated()
        let ana = try scratch.makeRole("odt_ana")
        try DeskSchema.grant(admin, to: ana)
        let reviewer = try scratch.connect(as: ana)
        let decision = Records.decision("s1", .rejected)
        let line = Records.lines([decision])[0]
        let zero = SHA256Digest.zeroHex
        let lies: [[String?]] = [
            ["s2", "rejected", zero],            // another submission
            ["s1", "accepted", zero],            // another decision
            ["s1", "rejected", String(repeating: "1", count: 64)],  // another link (the line's is right)
            ["s1", "rejected", nil],             // no link although the line has one
            ["s1", nil, zero],                   // a column left out for the server to fill
        ]
        for (connection, who) in [(admin, "owner"), (reviewer, "reviewer")] {
            for lie in lies {
                let refusal = Self.refusal { try connection.execute(Self.insert, lie + [line]) }
                // A decision left NULL meets the NOT NULL constraint first; the others the check.
                #expect(refusal == (lie[1] == nil ? "23502" : Self.lying), "\(who): \(lie)")
            }
        }
        #expect(try admin.execute("SELECT count(*) FROM objection_desk.decisions").int(0, 0) == 0)
        // The truth goes in, for either.
        try reviewer.execute(Self.insert, ["s1", "rejected", zero, line])
        let row = try admin.execute("SELECT submission_id, decision, prev, db_user FROM objection_desk.decisions")
        #expect(row.string(0, 0) == "s1" && row.string(0, 1) == "rejected" && row.string(0, 2) == zero && row.string(0, 3) == ana)
    }

    @Test func aLineThatLooksLikeTheDesksButSaysOtherwiseIsRefused() throws {
        let scratch = try TestDatabase.Scratch()
        let connection = try scratch.migrated()
        let zero = SHA256Digest.zeroHex
        let line = Records.lines([Records.decision("s1")])[0]
        // The desk's opening and closing, and a later key the server's reading takes instead
        // (jsonb keeps the last of duplicate keys): spelled plainly, escaped, or as the decision.
        let tail = ",\"prev\":\"\(zero)\"}"
        let body = String(line.dropLast(tail.count))
        for forged in [body + ",\"submission_id\":\"s2\"" + tail, body + ",\"submission\\u005fid\":\"s2\"" + tail,
                       body + ",\"decision\":\"rejected\",\"reason\":\"r\"" + tail] {
            #expect(Self.refusal { try connection.execute(Self.insert, ["s1", "accepted", zero, forged]) } == Self.lying, "\(forged)")
        }
        // The same lines with the columns they do say go in (the first, say).
        try connection.execute(Self.insert, ["s2", "accepted", zero, body + ",\"submission_id\":\"s2\"" + tail])
    }

    @Test func oneLyingRowRefusesTheWholeCopy() throws {
        let scratch = try TestDatabase.Scratch()
        let connection = try scratch.migrated()
        let decisions = ["s1", "s2", "s3"].map { Records.decision($0) }
        let lines = Records.lines(decisions)
        #expect(Self.refusal {
            try connection.copyIn(DecisionRows.copySQL) { copy in
                for (index, line) in lines.enumerated() {
                    try Array(line.utf8).withUnsafeBytes { raw in
                        try DecisionRows.append(&copy, submissionID: index == 1 ? "s9" : decisions[index].submissionID,
                                                decision: "accepted", prev: index == 0 ? SHA256Digest.zeroHex : SHA256Digest.hex(lines[index - 1]),
                                                line: raw)
                    }
                }
            }
        } == Self.lying)
        #expect(try connection.execute("SELECT count(*) FROM objection_desk.decisions").int(0, 0) == 0)
        // The transaction's writer sends the truth.
        let outcome = try DecisionTransaction.append(connection, decisions, expecting: [:])
        #expect(outcome.written.map(\.submissionID) == ["s1", "s2", "s3"])
    }

    @Test func columnsAreReadAsTheServerReadsTheLineWithNulAndBOM() throws {
        let scratch = try TestDatabase.Scratch()
        let connection = try scratch.migrated()
        // A submission id with U+0000 (stored as U+FFFD in the column), and a first line with a BOM.
        let odd = Records.decision("nul\u{0}id", .rejected, reason: "x \u{0} y")
        var lines = Records.lines([odd])
        lines[0] = "\u{FEFF}" + lines[0]
        let next = Records.lines([Records.decision("s2")], after: SHA256Digest.hex(lines[0]))
        let records = (lines + next).map { Array($0.utf8) }
        let summary = try DecisionLogTransfer.importRecords(connection, records)
        #expect(summary.added == 2)
        let rows = try connection.execute("SELECT submission_id, decision FROM objection_desk.decisions ORDER BY seq")
        #expect(rows.string(0, 0) == "nul\u{FFFD}id" && rows.string(0, 1) == "rejected" && rows.string(1, 0) == "s2")
        var exported: [UInt8] = []
        try DecisionLogTransfer.export(connection) { exported += $0 }
        #expect(exported == Array((lines + next).joined(separator: "\n").utf8) + [0x0A])
        // The client cannot claim the id it would like the line to hold either.
        let third = Records.lines([Records.decision("nul\u{0}id")], after: SHA256Digest.hex(next[0]))[0]
        #expect(Self.refusal {
            try connection.execute(Self.insert, ["nulid", "accepted", SHA256Digest.hex(next[0]), third])
        } == Self.lying)
        try connection.execute(Self.insert, ["nul\u{FFFD}id", "accepted", SHA256Digest.hex(next[0]), third])
    }

    @Test func aReviewerSendsOnlyTheColumnsItMust() throws {
        let scratch = try TestDatabase.Scratch()
        let admin = try scratch.migrated()
        let ben = try scratch.makeRole("odt_ben")
        try DeskSchema.grant(admin, to: ben)
        let reviewer = try scratch.connect(as: ben)
        let line = Records.lines([Records.decision("s1")])[0]
        for (column, value) in [("db_user", "someone"), ("recorded_at", "2000-01-01"), ("hash", SHA256Digest.zeroHex)] {
            let refusal = Self.refusal {
                try reviewer.execute("INSERT INTO objection_desk.decisions (\(DeskSchema.decisionColumns), \(column)) VALUES ($1, $2, $3, $4, $5)",
                                     ["s1", "accepted", SHA256Digest.zeroHex, line, value])
            }
            // Not granted (42501); hash, a generated column, is refused to everyone (428C9).
            #expect(refusal == PostgresError.State.insufficientPrivilege || refusal == "428C9", "\(column): \(refusal ?? "accepted")")
        }
        #expect(try admin.execute("SELECT count(*) FROM objection_desk.decisions").int(0, 0) == 0)
    }

    @Test func aVersion3DeskUpgradesAndItsReviewersKeepWriting() throws {
        let scratch = try TestDatabase.Scratch()
        let admin = try scratch.connect()
        #expect(try DeskSchema.migrate(admin, upTo: 3).to == 3)
        try admin.execute("""
            INSERT INTO objection_desk.submissions (id, line, submitted_at, country, email)
            SELECT 's' || n, '{}', now(), 'FR', 'a@example.org' FROM generate_series(1, 4) n
            """)
        // What version 3's db grant gave: the line alone.
        let ana = try scratch.makeRole("odt_ana")
        let quoted = try admin.escapeIdentifier(ana)
        for statement in [
            "GRANT USAGE ON SCHEMA objection_desk TO \(quoted)",
            "GRANT SELECT ON objection_desk.schema_version, objection_desk.desk_identity, objection_desk.submissions, objection_desk.submission_status TO \(quoted)",
            "GRANT SELECT, INSERT (line) ON objection_desk.decisions TO \(quoted)",
            "GRANT SELECT, INSERT, UPDATE, DELETE ON objection_desk.claims TO \(quoted)",
            "GRANT EXECUTE ON FUNCTION objection_desk.lock_chain(), objection_desk.lock_submissions(text[]), objection_desk.lock_claimable(text[], text, integer) TO \(quoted)",
        ] { try admin.execute(statement) }
        let reviewer = try scratch.connect(as: ana)
        let old = Records.lines([Records.decision("s1"), Records.decision("s2", .rejected)])
        try Records.insert(old, into: reviewer)

        let upgrade = try DeskSchema.migrate(admin)
        #expect(upgrade.from == 3 && upgrade.applied == [4] && upgrade.to == DeskSchema.latestVersion)
        // The reviewer writes with the columns now, without a new db grant; a line alone still works.
        let outcome = try DecisionTransaction.append(reviewer, [Records.decision("s3")], expecting: ["s3": 0])
        #expect(outcome.written.count == 1)
        let last = try #require(outcome.written.last?.hash)
        try Records.insert(Records.lines([Records.decision("s4")], after: last), into: reviewer)
        let rows = try admin.execute("SELECT submission_id, db_user FROM objection_desk.decisions ORDER BY seq")
        #expect(rows.column0 == ["s1", "s2", "s3", "s4"] && (0..<4).allSatisfy { rows.string($0, 1) == ana })
        var bytes: [UInt8] = []
        try DecisionLogTransfer.export(admin) { bytes += $0 }
        let path = NSTemporaryDirectory() + "odt-v4-\(UUID().uuidString).jsonl"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let report = try ChainVerifier.verify(path: path)
        #expect(report.isClean && report.records == 4)
    }
}
