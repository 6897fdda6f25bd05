import Foundation
import Testing

/// Without `--queue` in a directory that holds a team's real log (but no submissions.jsonl), the
/// bundled sample stands in for the queue: its decisions go to a log of its own in the state
/// directory and the real log's bytes never change.
@Suite("The bundled sample never writes into a real log (CLI)")
struct SampleLogCLITests {
    static let realLog = [
        #"{"submission_id":"obj-real-1","decision":"accepted","reviewer":"ben","os_user":"ben","decided_at":"2026-11-02T09:00:00Z"}"#,
        #"{"submission_id":"obj-real-2","decision":"rejected","reviewer":"ben","os_user":"ben","decided_at":"2026-11-02T09:05:00Z","reason":"spam"}"#,
    ].joined(separator: "\n") + "\n"

    static func teamDirectory() -> Workspace {
        let workspace = Workspace()
        workspace.write("decisions.jsonl", realLog)
        return workspace
    }

    static var sampleLog: String { "state/objection-desk/sample-decisions.jsonl" }

    @Test func decideWithoutQueueWritesToTheSamplesOwnLog() throws {
        let workspace = Self.teamDirectory()
        let outcome = try workspace.runner.run(["decide", "accept", "obj-2026-004183", "--reviewer", "ana"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(workspace.read("decisions.jsonl") == Self.realLog)
        let sample = workspace.lines(Self.sampleLog)
        #expect(sample.count == 1 && sample[0].contains("\"obj-2026-004183\""))
        let mode = try FileManager.default.attributesOfItem(atPath: workspace.file(Self.sampleLog))[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(outcome.stderr.contains("sample-decisions.jsonl"))
        // Reading commands see the same sample log: nothing in it is a problem.
        let check = try workspace.runner.run(["check"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    @Test func anExplicitRealLogIsRefusedWithTheSample() throws {
        let workspace = Self.teamDirectory()
        let outcome = try workspace.runner.run(["decide", "accept", "obj-2026-004183", "--reviewer", "ana", "--decisions", "decisions.jsonl"])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("--queue"))
        #expect(outcome.stderr.contains("not in the bundled sample"))
        #expect(workspace.read("decisions.jsonl") == Self.realLog)
    }

    @Test func anExplicitLogOfSampleDecisionsIsStillAccepted() throws {
        let workspace = Workspace()
        let outcome = try workspace.runner.run(["decide", "accept", "obj-2026-004183", "--reviewer", "ana", "--decisions", "mine.jsonl"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(workspace.lines("mine.jsonl").count == 1)
        let again = try workspace.runner.run(["decide", "accept", "obj-2026-004184", "--reviewer", "ana", "--decisions", "mine.jsonl"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(workspace.lines("mine.jsonl").count == 2)
    }
}
