import Foundation
import Testing

/// `verify` reports every line that is not a record as the desk writes it, not only broken links.
@Suite("CLI: verify names lines the chain does not cover")
struct VerifyCLITests {
    /// A queue and a log of four chained decisions written by the desk.
    private func decidedWorkspace() throws -> Workspace {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        for id in ["s1", "s2", "s3", "s4"] { #expect(try workspace.runner.run(["decide", "accept", id]).status == 0) }
        return workspace
    }

    @Test func aLineWithARepeatedKeyInsertedMidLogFailsVerify() throws {
        let workspace = try decidedWorkspace()
        var lines = workspace.lines("decisions.jsonl")
        lines.insert(#"{"submission_id":"s1","submission_id":"s2","decision":"rejected","reviewer":"x","os_user":"x","decided_at":"2026-11-01T00:00:00Z","reason":"r"}"#, at: 2)
        workspace.write("decisions.jsonl", lines.joined(separator: "\n") + "\n")
        let verify = try workspace.runner.run(["verify"])
        #expect(verify.status == 1, "\(verify.stdout)")
        #expect(verify.stdout.hasPrefix("decisions.jsonl:3: not a record"), "\(verify.stdout)")
        #expect(!verify.stdout.contains("chain intact"))
        #expect(try workspace.runner.run(["check"]).status == 1)
    }

    @Test(arguments: [1, 3])
    func aCarriageReturnAddedBeforeANewlineIsReported(index: Int) throws {
        let workspace = try decidedWorkspace()
        var lines = workspace.lines("decisions.jsonl")
        lines[index] += "\r"
        workspace.write("decisions.jsonl", lines.joined(separator: "\n") + "\n")
        let verify = try workspace.runner.run(["verify"])
        #expect(verify.status == 1)
        #expect(verify.stdout.hasPrefix("decisions.jsonl:\(index + 1): record ends in \\r\\n"), "\(verify.stdout)")
        let check = try workspace.runner.run(["check"])
        #expect(check.status == 1)
        #expect(check.stdout.contains("decisions.jsonl:\(index + 1): record ends in \\r\\n"), "\(check.stdout)")
    }

    @Test func aCleanLogStillVerifies() throws {
        let workspace = try decidedWorkspace()
        let verify = try workspace.runner.run(["verify"])
        #expect(verify.status == 0)
        #expect(verify.stdout.contains("4 records, chain intact"))
    }
}
