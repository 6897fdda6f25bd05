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
        // The largest cluster's size follows the clustering rule (4 since clusters are stars);
        // what matters is that all of it is decided in one batch.
        let size = try #require(confirmation.firstMatch(of: /(\d+)[^\d\n]*tagged submissions\?/).flatMap { Int($0.1) })
        #expect(size >= 2)
        try session.press("y")
        try session.waitFor("accepted \(size) submissions")
        let records = workspace.lines("decisions.jsonl")
        #expect(records.count == size)
        #expect(records.allSatisfy { $0.contains("\"decision\":\"accepted\"") && $0.contains("\"batch_size\":\(size)") })
        #expect(try workspace.runner.run(["verify"]).status == 0)
    }

    /// The member that asks for more than its cluster's text is called out in the detail pane
    /// once the clusters, found in the background after the first paint, are there.
    @Test func theDetailPaneCallsOutWordsAMemberAdds() throws {
        let letter = "I hereby object under Article 21 GDPR to the use of my posts, photos and comments for training artificial intelligence. I never agreed to this."
        let texts = [letter, letter, letter.lowercased(), letter + " Please also delete my account."]
        let lines = texts.enumerated().map { index, text in
            #"{"id":"m\#(index + 1)","submitted_at":"2026-11-1\#(index)T09:00:00Z","country":"FR","email":"m\#(index)@example.org","email_verified":true,"justification":"\#(text)"}"#
        }
        let workspace = Workspace()
        workspace.write("submissions.jsonl", lines.joined(separator: "\n") + "\n")
        let session = try TmuxSession(workspace: workspace, arguments: ["--reviewer", "e2e"], width: 100, height: 30)
        try session.waitFor("Pending: 4")
        try session.press("G")
        let screen = try session.waitFor("adds 4 words to its cluster's text (highlighted): account, also, delete, please")
        #expect(screen.contains("m4"))
        try session.press("q")
        #expect(session.waitForExit(timeout: 2))
    }
}
