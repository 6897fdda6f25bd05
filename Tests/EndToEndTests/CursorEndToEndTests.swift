import DeskCore
import DeskEngine
import DeskStore
import Foundation
import Testing

/// The cursor stays on its submission while another reviewer works the same queue: ben's claims,
/// moves and decisions never put another submission under ana's cursor.
@Suite("The cursor stays on its submission (two reviewers in tmux)", .serialized)
struct CursorEndToEndTests {
    /// Leases of two seconds, so an idle screen's claim lapses within the test.
    private let shortLease = ["OBJECTION_DESK_CLAIM_SECONDS": "2"]

    private func start(_ reviewer: String, _ workspace: Workspace) throws -> TmuxSession {
        let session = try TmuxSession(workspace: workspace, arguments: ["--reviewer", reviewer], environment: shortLease,
                                      pidFile: "\(reviewer).pid")
        try session.waitFor("Pending: 200")
        return session
    }

    /// The submission id in the detail pane's title.
    private func currentID(_ session: TmuxSession) throws -> String? {
        try session.screen().split(separator: "\n").first { $0.hasPrefix(" obj-") }.map { String($0.dropFirst().prefix { $0 != " " }) }
    }

    /// The ids `reviewer`'s screen claims now (empty when it claims nothing).
    private func claimedIDs(by reviewer: String, _ workspace: Workspace) throws -> [String] {
        let directory = workspace.file("decisions.jsonl.claims")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name.hasSuffix(".claim") {
            guard let bytes = try? [UInt8](Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))),
                  let claim = try? ClaimFileFormat.decode(bytes), claim.reviewer == reviewer else { continue }
            return claim.ids
        }
        return []
    }

    @Test func bensClaimsMovesAndDecisionsNeverMoveAnasCursor() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", try String(contentsOf: ReviewScreenEndToEndTests.sample, encoding: .utf8))
        let ana = try start("ana", workspace)
        for _ in 0..<9 { try ana.press("j") }
        try ana.waitFor("row 10 of 200")
        let target = try #require(try currentID(ana))

        // Ana waits; her lease lapses. Ben moves down over her rows and claims the one she is on.
        let ben = try start("ben", workspace)
        var benClaimsTarget = false
        for step in 0..<40 where !benClaimsTarget {
            try ben.press(step < 9 || step % 2 == 1 ? "j" : "k")
            usleep(250_000)
            benClaimsTarget = try claimedIDs(by: "ben", workspace).contains(target)
        }
        #expect(benClaimsTarget)
        try ana.waitFor("claimed by others")
        #expect(try currentID(ana) == target)
        #expect(try ana.screen().contains("row 10 of 200"))
        #expect(try ana.screen().split(separator: "\n").contains { $0.contains("[ben]") })

        // `G` and `g` on ben's screen move his claims about; then he accepts a row above ana's cursor.
        try ben.press("G")
        try ben.waitFor("row 200 of 200")
        try ben.press("g")
        try ben.waitFor("row 1 of 200")
        let benTarget = try #require(try currentID(ben))
        #expect(benTarget != target)
        try ben.press("a")
        try ana.waitFor("Pending: 199")
        #expect(try currentID(ana) == target)

        // Ben idles until his claim lapses; ana's `a` accepts exactly the submission she was on.
        _ = try ana.waitFor("row 9 of 199", timeout: 2)
        #expect(try currentID(ana) == target)
        for _ in 0..<100 where try ana.screen().contains("claimed by others") { usleep(50_000) }
        #expect(try currentID(ana) == target)
        try ana.press("a")
        try ana.waitFor("Pending: 198")
        let log = workspace.lines("decisions.jsonl").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        let decided = log.map { "\($0["reviewer"] as! String) \($0["decision"] as! String) \($0["submission_id"] as! String)" }
        #expect(decided == ["ben accepted \(benTarget)", "ana accepted \(target)"])
    }
}
