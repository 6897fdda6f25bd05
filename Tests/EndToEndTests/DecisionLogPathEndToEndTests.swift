import Foundation
import Testing

/// The review screen names the decision log it writes to, says when it is new, and refuses one
/// it could never write before the agent starts working.
@Suite("Review screen and the decision log path", .serialized)
struct DecisionLogPathEndToEndTests {
    @Test func aNewLogIsAnnouncedOnceAndTheHeaderNamesIt() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", try String(contentsOf: ReviewScreenEndToEndTests.sample, encoding: .utf8))
        let session = try TmuxSession(workspace: workspace, arguments: ["--reviewer", "e2e"])
        try session.waitFor("Pending: 200")
        // Waited for rather than read once: under load a capture can fall between two painted rows.
        let screen = try session.waitFor("new decision log: decisions.jsonl (created with the first decision)")
        #expect(screen.contains("submissions.jsonl → decisions.jsonl"))
        try session.press("j")
        try session.waitFor("row 2 of 200")
        // Said once: gone after the next key (polled: under load the capture can lag a repaint).
        let deadline = Date().addingTimeInterval(3)
        var after = try session.screen()
        while after.contains("new decision log") && Date() < deadline {
            usleep(50_000)
            after = try session.screen()
        }
        #expect(!after.contains("new decision log"))
        try session.press("q")
        #expect(session.waitForExit(timeout: 2))
        workspace.write("decisions.jsonl", "")
        let again = try TmuxSession(workspace: workspace, arguments: ["--reviewer", "e2e"])
        let second = try again.waitFor("Pending: 200")
        #expect(!second.contains("new decision log"))
    }

    @Test func aLogInAMissingDirectoryIsRefusedBeforeTheScreenStarts() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        let outcome = try workspace.runner.run(["review", "--decisions", workspace.file("no/such/dir/decisions.jsonl")])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("the decision log's directory \(workspace.file("no/such/dir")) does not exist"))
    }

    @Test func anUnreadableLogIsRefused() throws {
        guard getuid() != 0 else { return }  // root reads everything
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        workspace.write("decisions.jsonl", "")
        chmod(workspace.file("decisions.jsonl"), 0o200)
        let outcome = try workspace.runner.run(["review"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("cannot read the decision log"))
    }
}
