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
        try session.waitFor("Reject obj-2026-004183 (")
        #expect(try workspace.runner.run(["decide", "accept", "obj-2026-004183", "--reviewer", "ben", "--force"]).status == 0)
        try session.typeAndEnter("duplicate request")
        let screen = try session.waitFor("NOT recorded: ben accepted obj-2026-004183")
        #expect(screen.contains("s ago"))
        let records = workspace.lines("decisions.jsonl")
        #expect(records.count == 1)
        #expect(records[0].contains("\"reviewer\":\"ben\""))
    }

    @Test func aBulkAcceptLeavesOutRowsDecidedMeanwhileAndSaysSo() throws {
        let workspace = Workspace()
        let session = try start(workspace)
        for _ in 0..<4 { try session.press("Space") }
        try session.press("a")
        try session.waitFor("Accept 4 tagged submissions?")
        #expect(try workspace.runner.run(["decide", "reject", "obj-2026-004184", "--reviewer", "ben", "--reason", "not an EU resident", "--force"]).status == 0)
        // The open confirmation follows the log: the headline counts what y decides now.
        try session.waitFor("1 decided meanwhile by ben")
        try session.waitFor("Accept 3 tagged submissions?")
        try session.press("y")
        try session.waitFor("accepted 3 submissions")
        let records = workspace.lines("decisions.jsonl")
        #expect(records.count == 4)
        #expect(records.filter { $0.contains("\"decision\":\"accepted\"") }.count == 3)
        #expect(!records.contains { $0.contains("obj-2026-004184") && $0.contains("accepted") })
        #expect(try workspace.runner.run(["verify"]).status == 0)
    }

    /// inotify wakes the screen: another reviewer's decision shows at once, not at the next poll
    /// (the fallback refresh runs every 5 s when inotify is in use).
    @Test func anotherReviewersDecisionAppearsWithin200Milliseconds() throws {
        let workspace = Workspace()
        let session = try start(workspace)
        Thread.sleep(forTimeInterval: 0.3)
        var latencies: [Double] = []
        for (index, id) in ["obj-2026-004184", "obj-2026-004185", "obj-2026-004187", "obj-2026-004190", "obj-2026-004183"].enumerated() {
            let outcome = try workspace.runner.run(["decide", "accept", id, "--reviewer", "ben", "--force"])
            #expect(outcome.status == 0)
            let written = Date()
            try session.waitFor("Pending: \(199 - index)", timeout: 3)
            latencies.append(Date().timeIntervalSince(written))
        }
        // Includes tmux's capture polling (20 ms steps); a loaded 2-core CI machine gets slack for
        // one sample. A 1 s poll would put only ~30% of samples under 0.3 s.
        print("decision-to-screen latency (s): \(latencies.map { String(format: "%.3f", $0) })")
        #expect(latencies.filter { $0 < 0.3 }.count >= 4)
        #expect(latencies.allSatisfy { $0 < 1.5 })
    }
}
