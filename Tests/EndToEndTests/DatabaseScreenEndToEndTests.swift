import DeskPostgres
import Foundation
import Testing

/// The review screen on a database desk, in a real terminal: another server's decision shows at
/// once (LISTEN/NOTIFY in the screen's wait), and a connection cut by the server is opened again
/// and caught up on.
@Suite("Review screen on PostgreSQL", .enabled(if: DatabaseScratch.enabled, DatabaseScratch.skipNote), .serialized)
struct DatabaseScreenEndToEndTests {
    @Test func anotherServersDecisionShowsAtOnceAndACutConnectionCatchesUp() throws {
        let database = try DatabaseScratch()
        let workspace = Workspace()
        workspace.write("queue.jsonl", Workspace.sampleQueue)
        #expect(try workspace.runner.run(["db", "init", "--database", database.conninfo]).status == 0)
        #expect(try workspace.runner.run(["db", "import", "queue.jsonl", "--database", database.conninfo]).status == 0)
        let screen = try TmuxSession(workspace: workspace, arguments: ["review", "--database", database.conninfo, "--reviewer", "ana"])
        _ = try screen.waitFor("?0 A0 R0")

        // A decision made elsewhere (its own process, its own copy of the desk).
        var other = workspace.runner
        other.environment["XDG_CACHE_HOME"] = workspace.path + "/other-cache"
        let decided = try other.run(["decide", "reject", "s3", "--reason", "duplicate", "--reviewer", "ben", "--force", "--database", database.conninfo])
        #expect(decided.status == 0, "\(decided.stderr)")
        _ = try screen.waitFor("R1", timeout: 3)

        // The server ends the screen's connections (a restart, a failover): the screen opens
        // them again and catches up on what was decided meanwhile.
        let admin = try database.connect()
        try admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", [database.name])
        let again = try other.run(["decide", "accept", "s2", "--reviewer", "ben", "--force", "--database", database.conninfo])
        #expect(again.status == 0, "\(again.stderr)")
        _ = try screen.waitFor("A1 R1", timeout: 15)

        // The screen's own decision goes into the database as its role, with its reviewer name.
        try screen.press("a")
        _ = try screen.waitFor("A2 R1")
        try screen.press("q")
        #expect(screen.waitForExit(timeout: 10))
        let log = try workspace.runner.run(["db", "export-log", "--database", database.conninfo])
        let records = log.stdout.split(separator: "\n")
        #expect(records.count == 3, "\(log.stdout)")
        #expect(records.last?.contains(#""decision":"accepted","reviewer":"ana""#) == true, "\(log.stdout)")
        let roles = try admin.execute("SELECT DISTINCT db_user = session_user FROM objection_desk.decisions").column0
        #expect(roles == ["t"])
    }
}
