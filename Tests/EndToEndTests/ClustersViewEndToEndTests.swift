import Foundation
import Testing

/// The clusters view in the real binary: the largest family is decided in one go, with the
/// members that add words called out before `y`.
@Suite("Clusters view (tmux)", .serialized)
struct ClustersViewEndToEndTests {
    @Test func aWholeClusterIsAcceptedFromTheClustersView() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", try String(contentsOf: ReviewScreenEndToEndTests.sample, encoding: .utf8))
        let session = try TmuxSession(workspace: workspace, arguments: ["--reviewer", "e2e"], width: 100, height: 30)
        try session.waitFor("Pending: 200")
        try session.press("5")
        let view = try session.waitFor("5 Clusters:")
        #expect(view.contains("Size  Open  Adds"))
        try session.press("a")
        let confirmation = try session.waitFor("tagged submissions?")
        #expect(confirmation.contains("add words to the cluster's text"))
        try session.press("y")
        try session.waitFor("accepted 5 submissions")
        let records = workspace.lines("decisions.jsonl")
        #expect(records.count == 5)
        #expect(records.allSatisfy { $0.contains("\"decision\":\"accepted\"") && $0.contains("\"batch_size\":5") })
        #expect(try workspace.runner.run(["verify"]).status == 0)
    }
}
