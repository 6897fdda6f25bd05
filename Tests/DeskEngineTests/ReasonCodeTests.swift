import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

/// `reason_code`: the canned reason a reviewer picked, kept beside the reason text.
@Suite("Reason codes in decision records")
struct ReasonCodeTests {
    private let coded = Decision(submissionID: "a", kind: .rejected, reviewer: "ana", osUser: "ana",
                                 decidedAt: 1_790_000_000_123, reason: "dup", note: "n", reasonCode: "duplicate")

    @Test func encodedAfterTheNoteAndBeforeTheBatch() {
        var decision = coded
        decision.batch = BatchMark(id: "b1", size: 2)
        let line = String(decoding: decision.encodedLine(), as: UTF8.self)
        #expect(line == #"{"submission_id":"a","decision":"rejected","reviewer":"ana","os_user":"ana","decided_at":"2026-09-21T14:13:20.123Z","reason":"dup","note":"n","reason_code":"duplicate","batch":"b1","batch_size":2}"# + "\n")
    }

    @Test func absentForFreeText() {
        var decision = coded
        decision.reasonCode = nil
        #expect(!String(decoding: decision.encodedLine(), as: UTF8.self).contains("reason_code"))
    }

    @Test func parsedAsAnOptionalString() throws {
        var parser = DecisionLineParser()
        let line = String(decoding: coded.encodedLine().dropLast(), as: UTF8.self)
        #expect(try parser.parse(line) == coded)
        let null = line.replacingOccurrences(of: #""reason_code":"duplicate""#, with: #""reason_code":null"#)
        #expect(try parser.parse(null).reasonCode == nil)
        let number = line.replacingOccurrences(of: #""reason_code":"duplicate""#, with: #""reason_code":3"#)
        #expect(throws: LineError.self) { try parser.parse(number) }
    }

    @Test func roundTripsThroughTheLogAndTheLedger() throws {
        let directory = TemporaryDirectory()
        let queue = directory.write("q.jsonl", submissionLine(id: "a") + "\n")
        let desk = try Desk(queuePath: queue, decisionsPath: directory.file("d.jsonl"))
        var free = coded
        free.reasonCode = nil
        free.reason = "my own words"
        try desk.record([coded])
        try desk.record([free])
        #expect(desk.history(of: 0).map(\.reasonCode) == ["duplicate", nil])
        let reread = try Desk(queuePath: queue, decisionsPath: directory.file("d.jsonl"))
        #expect(reread.history(of: 0) == [coded, free])
    }

    /// A million decisions are held in memory: the new field must not grow the entry.
    @Test func ledgerEntryStaysFortyBytes() {
        #expect(MemoryLayout<Ledger.Entry>.stride == 40)
    }
}
