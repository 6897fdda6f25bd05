import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

/// A decision is written only if the submission's latest decision is still the one its reviewer saw.
@Suite("No silent overwrite")
struct StaleDecisionTests {
    private func queue(_ directory: TemporaryDirectory) -> String {
        directory.write("submissions.jsonl", ["s1", "s2", "s3"].map { submissionLine(id: $0) }.joined(separator: "\n") + "\n")
    }

    private func decision(_ id: String, _ kind: DecisionKind, by reviewer: String) -> Decision {
        Decision(submissionID: id, kind: kind, reviewer: reviewer, osUser: reviewer, decidedAt: WallClock.now(),
                 reason: kind.requiresReason ? "not an EU resident" : nil)
    }

    @Test func aRowDecidedByOthersMeanwhileIsSkippedAndNamed() throws {
        let directory = TemporaryDirectory()
        let queuePath = queue(directory)
        let logPath = directory.file("decisions.jsonl")
        let ana = try Desk(queuePath: queuePath, decisionsPath: logPath)
        let ben = try Desk(queuePath: queuePath, decisionsPath: logPath)
        let seen = ["s1", "s2", "s3"].map { ana.latestLine(ofSubmission: $0) }
        try ben.record([decision("s2", .rejected, by: "ben")])
        let planned = zip(["s1", "s2", "s3"], seen).map { PlannedDecision(decision($0, .accepted, by: "ana"), expectedLatestLine: $1) }
        let outcome = try ana.record(planned)
        #expect(outcome.written.map(\.submissionID) == ["s1", "s3"])
        #expect(outcome.conflicts.map(\.submissionID) == ["s2"])
        #expect(outcome.conflicts.first?.latest?.reviewer == "ben")
        #expect(outcome.conflicts.first?.latest?.kind == .rejected)
        // ana's desk now shows ben's decision, and the log holds no accept for s2.
        #expect(ana.status(of: ana.table.row(forID: "s2")!) == .rejected)
        let accepted = try DecisionLog(path: logPath).readNew().decisions.filter { $0.decision.kind == .accepted }
        #expect(accepted.map(\.decision.submissionID) == ["s1", "s3"])
        #expect(try ChainVerifier.verify(path: logPath).isIntact)
    }

    @Test func whatOthersAppendedIsFoldedEvenWhenNothingIsWritten() throws {
        let directory = TemporaryDirectory()
        let queuePath = queue(directory)
        let logPath = directory.file("decisions.jsonl")
        let ana = try Desk(queuePath: queuePath, decisionsPath: logPath)
        let ben = try Desk(queuePath: queuePath, decisionsPath: logPath)
        try ben.record([decision("s1", .accepted, by: "ben"), decision("s3", .accepted, by: "ben")])
        let outcome = try ana.record([PlannedDecision(decision("s1", .rejected, by: "ana"), expectedLatestLine: 0)])
        #expect(outcome.written.isEmpty)
        #expect(ana.ledger.count(of: .accepted) == 2)
    }

    /// The writer folds its own records without parsing them back: what it folds must be exactly
    /// what a fresh reader of the file sees, line numbers included.
    @Test func ownRecordsFoldedAtWriteTimeMatchAFreshRead() throws {
        let directory = TemporaryDirectory()
        let queuePath = queue(directory)
        let logPath = directory.file("decisions.jsonl")
        let ana = try Desk(queuePath: queuePath, decisionsPath: logPath)
        let ben = try Desk(queuePath: queuePath, decisionsPath: logPath)
        try ana.record([decision("s1", .accepted, by: "ana")])
        try ben.record([decision("s2", .rejected, by: "ben"), decision("s3", .accepted, by: "ben")])
        let stale = try ana.record([decision("s3", .rejected, by: "ana")])  // ana had not seen ben's accept
        #expect(stale.conflicts.map(\.submissionID) == ["s3"])
        try ana.record([decision("s1", .rejected, by: "ana")])
        let fresh = try Desk(queuePath: queuePath, decisionsPath: logPath)
        for row in 0..<3 {
            #expect(ana.latestLine(of: row) == fresh.latestLine(of: row))
            #expect(ana.history(of: row).map(\.unbatched) == fresh.history(of: row).map(\.unbatched))
        }
        #expect(ana.latestLine(ofSubmission: "s1") == 4)
    }
}
