import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

/// An undo (a record with `undoes`) takes its decision back: the report counts that decision as
/// undone, not as an answer plus a reopening, and neither is timed, late or an override.
@Suite("report: undone decisions")
struct UndoneReportTests {
    private let queue = [
        submissionLine(id: "a", submittedAt: "2026-10-01T00:00:00Z", country: "FR"),
        submissionLine(id: "b", submittedAt: "2026-10-01T00:00:00Z", country: "FR"),
    ]

    private func undo(_ id: String, _ kind: String, _ at: String, undoes line: Int, reason: String? = nil) -> String {
        String(ReportFixture.decision(id, kind, "ana", at, reason: reason).dropLast()) + #","undoes":\#(line)}"#
    }

    private func report(_ log: [String]) throws -> ReportGroup {
        let directory = TemporaryDirectory()
        let queuePath = directory.write("q.jsonl", queue.joined(separator: "\n") + "\n")
        let logPath = directory.write("d.jsonl", log.joined(separator: "\n") + "\n")
        let desk = try Desk(queuePath: queuePath, decisionsPath: logPath)
        #expect(desk.problems.isEmpty)
        return DecisionReport(ledger: desk.ledger, table: desk.table, by: nil).total
    }

    @Test func anUndoneRejectionIsUndoneNotARejectionAndAReopening() throws {
        let total = try report([
            ReportFixture.decision("a", "rejected", "ana", "2026-10-02T00:00:00Z", reason: "no"),  // 1
            undo("a", "reopened", "2026-10-02T00:01:00Z", undoes: 1),                              // 2
            ReportFixture.decision("b", "accepted", "ana", "2026-10-03T00:00:00Z"),               // 3: 48 h
        ])
        #expect(total.rejected == 0 && total.reopened == 0 && total.accepted == 1)
        #expect(total.undone == 1)
        #expect(total.answerMillis == [48 * 3_600_000])
        #expect(total.csvFields == ["", "1", "0", "0", "0", "0", "1", "48", "48", "0", "0"])
    }

    @Test func undoingTwiceWalksBackThroughTheRestoration() throws {
        // v, then a over it, then two undos: the first puts v back, the second takes v back.
        let total = try report([
            ReportFixture.decision("a", "verification_requested", "ana", "2026-10-02T00:00:00Z", reason: "who?"),  // 1
            ReportFixture.decision("a", "accepted", "ana", "2026-10-03T00:00:00Z"),                               // 2
            undo("a", "verification_requested", "2026-10-03T00:01:00Z", undoes: 2, reason: "who?"),               // 3
            undo("a", "reopened", "2026-10-03T00:02:00Z", undoes: 1),                                              // 4
        ])
        #expect(total.accepted == 0 && total.verificationRequested == 0 && total.reopened == 0)
        #expect(total.undone == 2)
        #expect(total.answerMillis.isEmpty && total.late == 0 && total.overrides == 0)
    }

    @Test func aDeliberateReopeningStillCounts() throws {
        let total = try report([
            ReportFixture.decision("a", "accepted", "ana", "2026-10-02T00:00:00Z"),
            ReportFixture.decision("a", "reopened", "ana", "2026-10-04T00:00:00Z", reason: "wrong person"),
        ])
        #expect(total.accepted == 1 && total.reopened == 1 && total.undone == 0)
    }
}
