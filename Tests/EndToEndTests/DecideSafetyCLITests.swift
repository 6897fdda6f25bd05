import Foundation
import Testing

/// `decide` never sweeps more than the agent meant: an empty filter is refused, a filter decides
/// open submissions unless it names a status, and changing a decided one names it and asks.
@Suite("CLI: decide selects only what was meant")
struct DecideSafetyCLITests {
    @Test(arguments: ["", "   "])
    func anEmptyFilterIsRefused(filter: String) throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        let outcome = try workspace.runner.run(["decide", "accept", "--filter", filter, "--yes"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("--filter is empty"))
        #expect(!FileManager.default.fileExists(atPath: workspace.file("decisions.jsonl")))
    }

    @Test func aFilterWithoutAStatusDecidesOnlyOpenSubmissions() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        let runner = workspace.runner
        #expect(try runner.run(["decide", "reject", "s2", "--reason", "duplicate"]).status == 0)
        #expect(try runner.run(["decide", "verify", "s3", "--reason", "confirm please"]).status == 0)
        let bulk = try runner.run(["decide", "accept", "--filter", "country:DE", "--yes"])
        #expect(bulk.status == 0)
        let log = workspace.lines("decisions.jsonl")
        #expect(log.count == 3)
        #expect(log[2].contains("\"s3\"") && log[2].contains("\"accepted\""))
        // Naming a status reaches decided ones too (and they need --yes, as confirmed here).
        #expect(try runner.run(["decide", "accept", "--filter", "country:DE status:rejected", "--yes"]).status == 0)
        #expect(workspace.lines("decisions.jsonl").count == 4)
    }

    @Test func theBulkQuestionBreaksTheCountDownByStatus() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        #expect(try workspace.runner.run(["decide", "verify", "s3", "--reason", "confirm please"]).status == 0)
        let refused = try workspace.runner.run(["decide", "accept", "--filter", "country:DE"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("2 submissions match"))
        #expect(workspace.lines("decisions.jsonl").count == 1)
    }

    @Test func changingADecidedSubmissionNamesItAndNeedsYes() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        let runner = workspace.runner
        #expect(try runner.run(["decide", "reject", "s1", "--reason", "not the holder", "--reviewer", "ana"]).status == 0)
        let refused = try runner.run(["decide", "accept", "s1", "--reviewer", "ana"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("s1: rejected by ana at "))
        #expect(refused.stderr.contains("--yes"))
        #expect(workspace.lines("decisions.jsonl").count == 1)
        #expect(try runner.run(["decide", "accept", "s1", "--reviewer", "ana", "--yes"]).status == 0)
        #expect(workspace.lines("decisions.jsonl").count == 2)
    }
}

@Suite("CLI: decide reopen")
struct DecideReopenCLITests {
    @Test func reopenPutsADecidedSubmissionBackToPendingWithTheReason() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        let runner = workspace.runner
        #expect(try runner.run(["decide", "accept", "s1", "s2"]).status == 0)
        let noReason = try runner.run(["decide", "reopen", "s1"])
        #expect(noReason.status == 2 && noReason.stderr.contains("--reason"))
        let pending = try runner.run(["decide", "reopen", "s3", "--reason", "wrong"])
        #expect(pending.status == 2 && pending.stderr.contains("nothing to reopen: s3 is pending"))
        let reopened = try runner.run(["decide", "reopen", "s1", "--reason", "accepted by mistake"])
        #expect(reopened.status == 0)
        #expect(reopened.stderr.contains("reopened 1 submission"))
        let log = workspace.lines("decisions.jsonl")
        #expect(log.count == 3)
        #expect(log[2].contains("\"decision\":\"reopened\"") && log[2].contains("\"reason\":\"accepted by mistake\""))
        let listed = try runner.run(["list", "--format", "jsonl", "--filter", "status:pending"])
        #expect(listed.stdout.contains("\"s1\""))
    }
}
