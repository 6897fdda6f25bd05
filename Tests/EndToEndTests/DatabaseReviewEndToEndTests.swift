import Foundation
import Testing

/// The review screen on a database desk, driven in tmux at 80x24 as on files.
@Suite("Review screen on PostgreSQL: decisions and a \\u0000 justification (tmux)", .serialized, .enabled(if: DatabaseScratch.enabled, DatabaseScratch.skipNote))
struct DatabaseReviewEndToEndTests {
    /// A database desk holding `queue` (the bundled sample by default).
    private func databaseDesk(_ workspace: Workspace, queue: String? = nil) throws -> DatabaseScratch {
        let database = try DatabaseScratch()
        workspace.write("queue.jsonl", try queue ?? String(contentsOf: ReviewScreenEndToEndTests.sample, encoding: .utf8))
        let initialised = try workspace.runner.run(["db", "init", "--database", database.conninfo])
        try #require(initialised.status == 0, "\(initialised.stderr)")
        let imported = try workspace.runner.run(["db", "import", "queue.jsonl", "--database", database.conninfo])
        try #require(imported.status == 0, "\(imported.stderr)")
        return database
    }

    private func records(_ text: String) -> [[String: Any]] {
        text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    @Test func anAcceptAndARejectAreRecordedInTheDatabaseWithTheReviewer() throws {
        let workspace = Workspace()
        let database = try databaseDesk(workspace)
        let session = try TmuxSession(workspace: workspace, arguments: ["review", "--database", database.conninfo, "--reviewer", "e2e"])
        try session.waitFor("Pending: 200", timeout: 20)
        try session.press("a")
        var screen = try session.waitFor("Pending: 199")
        #expect(screen.contains("accepted obj-2026-004183"))
        #expect(screen.contains("obj-2026-004184 · pending"))
        try session.press("r")
        try session.waitFor("Reject obj-2026-004184 (")
        try session.typeAndEnter("Not an EU resident; see account")
        screen = try session.waitFor("Pending: 198")
        #expect(screen.contains("rejected obj-2026-004184"))
        try session.press("q")
        #expect(session.waitForExit(timeout: 5))

        let exported = try workspace.runner.run(["db", "export-log", "--database", database.conninfo])
        #expect(exported.status == 0, "\(exported.stderr)")
        let log = records(exported.stdout)
        #expect(log.count == 2, "\(exported.stdout)")
        #expect(log.map { $0["submission_id"] as? String } == ["obj-2026-004183", "obj-2026-004184"])
        #expect(log.map { $0["decision"] as? String } == ["accepted", "rejected"])
        #expect(log.allSatisfy { $0["reviewer"] as? String == "e2e" })
        #expect(log.last?["reason"] as? String == "Not an EU resident; see account")
        // The server, not the screen, names the role that wrote them.
        let writers = try database.connect().execute("SELECT DISTINCT db_user FROM objection_desk.decisions").column0
        #expect(writers == [DatabaseScratch.environment["PGUSER"]])
        // And the file verifier accepts the exported chain.
        workspace.write("exported.jsonl", exported.stdout)
        #expect(try workspace.runner.run(["verify", "--decisions", "exported.jsonl"]).status == 0)
    }

    /// A justification with `\u0000` shows on the database desk's screen as on the file desk's.
    @Test func aNulEscapeShowsAsOnTheFileDesk() throws {
        let workspace = Workspace()
        let sample = try String(contentsOf: ReviewScreenEndToEndTests.sample, encoding: .utf8)
        let database = try databaseDesk(workspace, queue: sample + DeskPair.nulSubmission + "\n")
        var shown: [String] = []
        for arguments in [["--queue", "queue.jsonl", "--decisions", "decisions.jsonl"], ["--database", database.conninfo]] {
            let session = try TmuxSession(workspace: workspace, arguments: ["review", "--reviewer", "e2e"] + arguments)
            try session.waitFor("Pending: 201", timeout: 20)
            try session.press("/")
            try session.typeAndEnter("id:nul-1")
            try session.waitFor("nul@example.ie")
            // The row and the justification in the detail pane; not the header, which names the
            // queue file or the database.
            let screen = try session.waitFor("literal")
            shown.append(screen.split(separator: "\n")
                .filter { ($0.contains("nul@example.ie") || $0.contains("before") || $0.contains("literal")) && !$0.contains("filter:") }
                .joined(separator: "\n"))
            try session.press("q")
            #expect(session.waitForExit(timeout: 5))
        }
        #expect(shown[0].contains("before"), "\(shown[0])")
        #expect(shown[0] == shown[1], "files:\n\(shown[0])\ndatabase:\n\(shown[1])")
    }
}
