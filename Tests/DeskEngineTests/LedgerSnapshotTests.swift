import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

/// The saved fold of the decision log (`.NAME.odl`): a reopen reads only what was appended since,
/// and sees exactly what a full read of the log would; anything that does not fit is ignored.
@Suite struct LedgerSnapshotTests {
    private static let saving = DerivedFileOptions(writesSynchronously: true)
    private static let now: Int64 = 1_795_176_000_000

    /// What a reader of the desk sees of the decisions.
    private struct Folded: Equatable {
        var statuses: [SubmissionStatus]
        var histories: [[Decision]]
        var counts: [Int]
        var extended: [Bool]
        var unresolved: [String]
        var problems: [String]
        var latestLines: [Int?]

        init(_ desk: Desk) {
            statuses = desk.ledger.statuses
            histories = (0..<desk.table.count).map { desk.ledger.history(of: $0, table: desk.table) }
            counts = SubmissionStatus.allCases.map { desk.ledger.count(of: $0) }
            extended = desk.ledger.extended
            unresolved = desk.ledger.unresolved.map { "\($0.line):\($0.decision.submissionID):\($0.decision.kind)" }
            problems = desk.problems.map(\.description)
            latestLines = (0..<desk.table.count).map { desk.latestLine(ofSubmission: desk.table.id($0)) }
        }
    }

    private func decision(_ id: String, _ kind: DecisionKind, by reviewer: String = "ana", reason: String? = nil,
                          note: String? = nil, code: String? = nil, at offset: Int64 = 0) -> Decision {
        Decision(submissionID: id, kind: kind, reviewer: reviewer, osUser: reviewer + "-os", decidedAt: Self.now + offset,
                 reason: reason, note: note, reasonCode: code)
    }

    /// A queue of 1,200 rows and a log of about 200 KB (past the snapshot threshold), with every kind of record: bulk
    /// batches, reasons, notes, codes, an extension, a reopen, a record for a submission the queue
    /// does not have yet, and a malformed line.
    private func workspace() throws -> (directory: TemporaryDirectory, queue: String, log: String) {
        let directory = TemporaryDirectory()
        let queue = directory.write("q.jsonl", (0..<1200).map { submissionLine(id: "s\($0)") }.joined(separator: "\n") + "\n")
        let log = directory.file("d.jsonl")
        let desk = try Desk(queuePath: queue, decisionsPath: log, index: .disabled)
        try desk.record((0..<800).map { decision("s\($0)", .accepted, note: "bulk of the viral letter, checked by hand") })
        try desk.record((800..<850).map { decision("s\($0)", .rejected, by: "ben", reason: "Not about AI training.", code: "off_topic", at: 1) })
        try desk.record([decision("s850", .verificationRequested, reason: "Please confirm your address.", at: 2)])
        try desk.record([decision("s851", .extended, reason: "Many requests this month.", at: 3)])
        try desk.record([decision("s10", .reopened, reason: "accepted by mistake", at: 4)])
        try desk.record([decision("s10", .rejected, reason: "duplicate of s11", at: 5)])
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{broken line\n".utf8))
        try handle.close()
        try DecisionLog(path: log).append([decision("future-1", .accepted, at: 6)])
        return (directory, queue, log)
    }

    private func open(_ queue: String, _ log: String, _ options: DerivedFileOptions = saving) throws -> Desk {
        try Desk(queuePath: queue, decisionsPath: log, index: options)
    }

    private func snapshotPath(_ log: String) -> String {
        let url = URL(fileURLWithPath: log)
        return url.deletingLastPathComponent().path + "/." + url.lastPathComponent + ".odl"
    }

    private func snapshotOutcome(_ log: String) throws -> DerivedFileLoad<LedgerSnapshot> {
        LedgerFile.load(for: try DecisionLog(path: log), options: Self.saving)
    }

    @Test func aReopenReadsTheSnapshotAndSeesWhatAFullReadSees() throws {
        let (directory, queue, log) = try workspace()
        defer { withExtendedLifetime(directory) {} }
        let first = try open(queue, log)
        var status = stat()
        #expect(stat(snapshotPath(log), &status) == 0)
        #expect(status.st_mode & 0o777 == 0o600)
        guard case .loaded(let snapshot) = try snapshotOutcome(log) else {
            Issue.record("no usable snapshot")
            return
        }
        #expect(snapshot.ledger.entries.count == first.ledger.entries.count)
        let full = Folded(try open(queue, log, .disabled))
        #expect(Folded(try open(queue, log)) == full)
        #expect(Folded(first) == full)
        #expect(full.problems.contains { $0.contains("d.jsonl:") })
        #expect(full.unresolved.count == 1)
    }

    @Test func recordsAppendedAfterTheSnapshotAreReadAndTheChainContinues() throws {
        let (directory, queue, log) = try workspace()
        defer { withExtendedLifetime(directory) {} }
        _ = try open(queue, log)
        let reopened = try open(queue, log)
        try reopened.record([decision("s900", .accepted, at: 10)])
        try reopened.record((901..<905).map { decision("s\($0)", .rejected, reason: "Spam.", at: 11) })
        #expect(Folded(try open(queue, log)) == Folded(try open(queue, log, .disabled)))
        // The records appended after resuming link to the last record before them.
        let report = try ChainVerifier.verify(path: log, findingHead: nil)
        #expect(report.isIntact, "\(String(describing: report.firstBreak))")
        #expect(report.unchainedRecords == 0)
    }

    @Test func aSubmissionThatArrivesLaterTakesItsEarlierDecision() throws {
        let (directory, queue, log) = try workspace()
        _ = try open(queue, log)
        directory.append("q.jsonl", submissionLine(id: "future-1") + "\n")
        let reopened = try open(queue, log)
        #expect(reopened.status(of: reopened.table.row(forID: "future-1")!) == .accepted)
        #expect(Folded(reopened) == Folded(try open(queue, log, .disabled)))
    }

    @Test func anEditedRecordAnywhereInTheLogIsNoticed() throws {
        let (directory, queue, log) = try workspace()
        defer { withExtendedLifetime(directory) {} }
        _ = try open(queue, log)
        var bytes = fileBytes(log)
        let line = Array("{\"submission_id\":\"s400\"".utf8)
        let start = (0...(bytes.count - line.count)).first { Array(bytes[$0..<($0 + line.count)]) == line }!
        let note = Array("checked by hand".utf8)
        let at = (start...(bytes.count - note.count)).first { Array(bytes[$0..<($0 + note.count)]) == note }!
        bytes.replaceSubrange(at..<(at + note.count), with: Array("checked by HAND".utf8))  // same length, still valid, in the middle
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        try handle.write(contentsOf: bytes)
        try handle.close()
        guard case .rejected(let reason) = try snapshotOutcome(log) else {
            Issue.record("an edited log was trusted")
            return
        }
        #expect(reason.contains("changed since it was written"))
        let reopened = try open(queue, log)
        #expect(reopened.ledger.history(of: reopened.table.row(forID: "s400")!, table: reopened.table).last?.note == "bulk of the viral letter, checked by HAND")
        #expect(Folded(reopened) == Folded(try open(queue, log, .disabled)))
    }

    @Test func aRewrittenQueueOrADamagedSnapshotMeansAFullRead() throws {
        let (directory, queue, log) = try workspace()
        _ = try open(queue, log)
        let saved = fileBytes(snapshotPath(log))
        var damaged = saved
        damaged[damaged.count - 30] ^= 0x10
        _ = directory.write(".d.jsonl.odl", damaged)
        guard case .rejected(let reason) = try snapshotOutcome(log) else {
            Issue.record("a damaged snapshot was trusted")
            return
        }
        #expect(reason == "a section is damaged")
        #expect(Folded(try open(queue, log)) == Folded(try open(queue, log, .disabled)))

        // The queue replaced by another with the same ids in another order.
        _ = directory.write(".d.jsonl.odl", saved)
        _ = directory.write("q.jsonl", (0..<1200).reversed().map { submissionLine(id: "s\($0)") }.joined(separator: "\n") + "\n")
        let reopened = try open(queue, log)
        #expect(reopened.status(of: reopened.table.row(forID: "s0")!) == .accepted)
        #expect(Folded(reopened) == Folded(try open(queue, log, .disabled)))
        #expect(reopened.takeNotes().filter { $0.contains("ignoring the saved decisions for \(log)") }.count == 1)
    }

    @Test func aTornTailAfterTheSnapshotIsReportedAsInAFullRead() throws {
        let (directory, queue, log) = try workspace()
        defer { withExtendedLifetime(directory) {} }
        _ = try open(queue, log)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"submission_id\":\"s5".utf8))
        try handle.close()
        let reopened = try open(queue, log)
        #expect(reopened.tornTail != nil)
        #expect(Folded(reopened) == Folded(try open(queue, log, .disabled)))
    }

    @Test func aStaleSnapshotIsReplacedEvenWhenTheLogIsSmall() throws {
        let (directory, queue, log) = try workspace()
        defer { withExtendedLifetime(directory) {} }
        _ = try open(queue, log)
        // The log replaced by a small one (another inode): below the size that is worth a snapshot.
        try FileManager.default.removeItem(atPath: log)
        try DecisionLog(path: log).append([decision("s1", .accepted)])
        guard case .rejected = try snapshotOutcome(log) else {
            Issue.record("the old snapshot was taken for the new log")
            return
        }
        let first = try open(queue, log)
        #expect(first.status(of: first.table.row(forID: "s1")!) == .accepted)
        guard case .loaded = try snapshotOutcome(log) else {
            Issue.record("the stale snapshot was not replaced: its note would repeat at every start")
            return
        }
        #expect(Folded(try open(queue, log)) == Folded(try open(queue, log, .disabled)))
    }
}
