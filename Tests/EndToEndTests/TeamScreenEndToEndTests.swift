import Foundation
import Testing

/// The review screen while someone else works the same queue: stale decisions are refused.
@Suite("Review screen with a second reviewer (tmux)", .serialized)
struct TeamScreenEndToEndTests {
    private func start(_ workspace: Workspace) throws -> TmuxSession {
        workspace.write("submissions.jsonl", try String(contentsOf: ReviewScreenEndToEndTests.sample, encoding: .utf8))
        let session = try TmuxSession(workspace: workspace, arguments: ["--reviewer", "ana"])
        try session.waitFor("Pending: 200")
        return session
    }

    @Test func aRejectTypedWhileBenDecidedTheRowIsRefusedWithWhoAndWhen() throws {
        let workspace = Workspace()
        let session = try start(workspace)
        try session.press("r")
        try session.waitFor("Reason for rejecting")
        #expect(try workspace.runner.run(["decide", "accept", "obj-2026-004183", "--reviewer", "ben"]).status == 0)
        try session.type("duplicate request")
        try session.press("Enter")
        let screen = try session.waitFor("NOT recorded: ben accepted it")
        #expect(screen.contains("s ago"))
        let records = workspace.lines("decisions.jsonl")
        #expect(records.count == 1)
        #expect(records[0].contains("\"reviewer\":\"ben\""))
    }

    @Test func aBulkAcceptSkipsRowsDecidedMeanwhileAndSaysHowMany() throws {
        let workspace = Workspace()
        let session = try start(workspace)
        for _ in 0..<4 { try session.press("Space") }
        try session.press("a")
        try session.waitFor("Accept 4 tagged submissions?")
        #expect(try workspace.runner.run(["decide", "reject", "obj-2026-004184", "--reviewer", "ben", "--reason", "not an EU resident"]).status == 0)
        try session.press("y")
        try session.waitFor("1 of 4 were decided by ben meanwhile: skipped")
        let records = workspace.lines("decisions.jsonl")
        #expect(records.count == 4)
        #expect(records.filter { $0.contains("\"decision\":\"accepted\"") }.count == 3)
        #expect(!records.contains { $0.contains("obj-2026-004184") && $0.contains("accepted") })
        #expect(try workspace.runner.run(["verify"]).status == 0)
    }
}
