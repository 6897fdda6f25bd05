import Foundation
import Testing

/// `decide --filter` reads each chosen line again just before writing: a queue rewritten while
/// the agent reads the confirmation question gets no decision for the row that changed.
@Suite("CLI in a terminal: decide looks at each row again before writing")
struct DecideRecheckEndToEndTests {
    @Test func aRowRewrittenWhileTheQuestionIsOpenIsSkippedAndNamed() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        let session = try TmuxSession(workspace: workspace, arguments: ["decide", "accept", "--filter", "country:DE"], width: 120)
        _ = try session.waitFor("[y/N]")
        // s3 moves to Austria in place (same length, same inode) while the question is open.
        let path = workspace.file("submissions.jsonl")
        let bytes = Array(workspace.read("submissions.jsonl").utf8)
        let s3 = try #require(bytes.firstRange(of: Array(#""id":"s3","submitted_at":"2026-10-03T09:00:00Z","country":"DE""#.utf8)))
        let offset = s3.upperBound - 3
        let file = open(path, O_WRONLY)
        #expect(pwrite(file, "AT", 2, off_t(offset)) == 2)
        close(file)
        try session.press("y", "Enter")
        let screen = try session.waitFor("since it was read")
        #expect(session.waitForExit(timeout: 10))
        #expect(screen.contains("1 of 2 changed in") && screen.contains("s3:"), "\(screen)")
        let decided = workspace.lines("decisions.jsonl")
        #expect(decided.count == 1 && decided[0].contains(#""submission_id":"s2""#), "\(decided)")
    }
}
