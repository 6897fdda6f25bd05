import Foundation
import Testing

/// `report` counts a decision taken back with `u` as undone, not as a decision and a reopening.
@Suite("report counts undone decisions (CLI)")
struct UndoReportCLITests {
    @Test func anUndoneRejectionIsCountedAsUndone() throws {
        let workspace = Workspace()
        workspace.write("submissions.jsonl", Workspace.sampleQueue)
        workspace.write("decisions.jsonl", [
            #"{"submission_id":"s1","decision":"rejected","reviewer":"ana","os_user":"ana","decided_at":"2026-10-02T09:00:00Z","reason":"no"}"#,
            #"{"submission_id":"s1","decision":"reopened","reviewer":"ana","os_user":"ana","decided_at":"2026-10-02T09:01:00Z","undoes":1}"#,
            #"{"submission_id":"s2","decision":"accepted","reviewer":"ana","os_user":"ana","decided_at":"2026-10-03T09:00:00Z"}"#,
        ].joined(separator: "\n") + "\n")
        let outcome = try workspace.runner.run(["report", "--format", "jsonl"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains(#""accepted":1,"rejected":0,"verification_requested":0,"reopened":0,"extended":0,"undone":1,"#))
        let table = try workspace.runner.run(["report"])
        #expect(table.stdout.contains("UNDONE"))
    }
}
