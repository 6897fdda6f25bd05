import DeskPostgres
import Foundation
import Testing

/// A database desk's problems name what a user can find: the database and the record's place in
/// `db export-log` (as `verify --database` does), or the queue row; never the local copy's path.
@Suite("Database desk: problems name the database", .enabled(if: DatabaseScratch.enabled, DatabaseScratch.skipNote))
struct DatabaseProblemsCLITests {
    @Test func checkNamesTheRecordAndTheRowNotTheLocalCopy() throws {
        let database = try DatabaseScratch()
        let workspace = Workspace()
        let runner = workspace.runner
        workspace.write("queue.jsonl", Workspace.sampleQueue)
        // A log deciding s1 and s4; the database's queue lacks s4, so its record is unresolved.
        #expect(try runner.run(["decide", "accept", "s1", "--queue", "queue.jsonl", "--decisions", "d.jsonl", "--yes"]).status == 0)
        #expect(try runner.run(["decide", "accept", "s4", "--queue", "queue.jsonl", "--decisions", "d.jsonl", "--yes"]).status == 0)
        workspace.write("without-s4.jsonl", workspace.lines("queue.jsonl").filter { !$0.contains(#""id":"s4""#) }.joined(separator: "\n") + "\n")
        let conninfo = ["--database", database.conninfo]
        #expect(try runner.run(["db", "init"] + conninfo).status == 0)
        #expect(try runner.run(["db", "import", "without-s4.jsonl"] + conninfo).status == 0)
        #expect(try runner.run(["db", "import-log", "d.jsonl"] + conninfo).status == 0)
        // The form's backend inserts a row itself, with a country that is not a code.
        try database.connect().execute("""
            INSERT INTO objection_desk.submissions (id, line, submitted_at, country, email)
            VALUES ('bad-1', '{"id":"bad-1","submitted_at":"2026-11-01T00:00:00Z","country":"XX","email":"a@example.org","justification":"x"}',
                    timestamptz '2026-11-01', 'XX', 'a@example.org')
            """)

        let verify = try runner.run(["verify"] + conninfo)
        let label = try #require(verify.stdout.split(separator: "\n").first?.components(separatedBy: ": ").first)
        #expect(label.hasPrefix("database "), "\(verify.stdout)")
        let check = try runner.run(["check"] + conninfo)
        #expect(check.status == 1)
        let problems = check.stdout.split(separator: "\n").map(String.init)
        #expect(problems.count == 2, "\(check.stdout)")
        #expect(!check.stdout.contains(workspace.path), "the local copy's path: \(check.stdout)")
        #expect(problems.contains(label + #", queue row:4: "country" is not an ISO 3166-1 alpha-2 code: "XX""#), "\(check.stdout)")
        #expect(problems.contains(label + #", record:2: submission "s4" is not in the queue; the decision is kept and applies if it appears"#),
                "\(check.stdout)")
        let exported = try runner.run(["db", "export-log"] + conninfo).stdout.split(separator: "\n")
        #expect(exported.count == 2 && exported[1].contains(#""submission_id":"s4""#), "record 2 is line 2 of db export-log")
    }
}
