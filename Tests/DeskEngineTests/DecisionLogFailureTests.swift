import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

/// A decision that failed, or whose write was cut short, never takes effect.
@Suite("Decision log: failed and interrupted writes")
struct DecisionLogFailureTests {
    private func decision(_ id: String, _ kind: DecisionKind = .accepted) -> Decision {
        Decision(submissionID: id, kind: kind, reviewer: "ana", osUser: "ana", decidedAt: 1_790_000_000_123)
    }

    private func size(_ path: String) -> Int {
        var status = stat()
        return stat(path, &status) == 0 ? Int(status.st_size) : -1
    }

    @Test func aDiskThatFillsMidBatchLeavesTheLogAsItWas() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("decisions.jsonl")
        let log = try DecisionLog(path: path)
        try log.append([decision("first")])
        let before = size(path)
        log.faults.writableBytes = 300  // part of the batch reaches the disk, then ENOSPC
        let batch = (0..<51).map { decision("s\($0)") }
        #expect(throws: StoreError.appendRolledBack(path: path, operation: "write", errno: ENOSPC)) { try log.append(batch) }
        #expect(size(path) == before)
        let reader = try DecisionLog(path: path)
        #expect(try reader.readNew().decisions.map(\.decision.submissionID) == ["first"])
        // The disk has room again: the log was put back, so appends carry on.
        log.faults = AppendFaults()
        #expect(log.failure == nil)
        try log.append([decision("later")])
        #expect(try reader.readNew().decisions.map(\.decision.submissionID) == ["later"])
    }

    @Test func aSingleDecisionWhoseNewlineHitsAFullDiskDoesNotCount() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("decisions.jsonl")
        let log = try DecisionLog(path: path)
        log.faults.writableBytes = decision("a").encodedLine().count - 1
        #expect(throws: StoreError.self) { try log.append([decision("a")]) }
        #expect(size(path) == 0)
        let result = try DecisionLog(path: path).readNew()
        #expect(result.decisions.isEmpty)
        #expect(result.tornTail == nil)
    }

    @Test func aFailedFsyncIsRolledBack() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("decisions.jsonl")
        let log = try DecisionLog(path: path)
        try log.append([decision("kept")])
        let before = size(path)
        log.faults.fsyncErrno = EIO
        #expect(throws: StoreError.appendRolledBack(path: path, operation: "fsync", errno: EIO)) {
            try log.append([decision("a"), decision("b")])
        }
        #expect(size(path) == before)
        #expect(try DecisionLog(path: path).readNew().decisions.map(\.decision.submissionID) == ["kept"])
    }

    @Test func whenTheRollbackFailsTooEveryLaterAppendIsRefused() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("decisions.jsonl")
        let log = try DecisionLog(path: path)
        log.faults.fsyncErrno = EIO
        log.faults.truncateErrno = EIO
        #expect(throws: StoreError.rollbackFailed(path: path, operation: "fsync", errno: EIO, rollbackErrno: EIO)) {
            try log.append([decision("a")])
        }
        log.faults = AppendFaults()
        #expect(throws: StoreError.refusingAfterFailure(path: path)) { try log.append([decision("b")]) }
        #expect(StoreError.rollbackFailed(path: path, operation: "fsync", errno: EIO, rollbackErrno: EIO).description.contains("objection-desk check"))
    }

    @Test func aBatchCarriesOneMarkAndASingleDecisionNone() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("decisions.jsonl")
        let log = try DecisionLog(path: path)
        try log.append([decision("a")])
        try log.append([decision("b"), decision("c")])
        let lines = directory.read("decisions.jsonl").split(separator: "\n")
        #expect(!lines[0].contains("batch"))
        let marks = try DecisionLog(path: path).readNew().decisions.map(\.decision.batch)
        #expect(marks[0] == nil)
        #expect(marks[1] != nil && marks[1] == marks[2] && marks[1]?.size == 2)
        #expect(lines[1].contains(",\"batch\":\"\(marks[1]!.id)\",\"batch_size\":2,\"prev\":"))
    }

    /// A crash can stop a write after any byte: whatever prefix of a batch reached the file, none
    /// of its records applies, the next writer's record does, and the gap is reported.
    @Test func everyPrefixOfAnInterruptedBatchIsIgnoredAndReported() throws {
        let directory = TemporaryDirectory()
        let source = directory.file("source.jsonl")
        try DecisionLog(path: source).append([decision("x1"), decision("x2", .rejected), decision("x3")].map {
            var copy = $0
            copy.reason = $0.kind.requiresReason ? "out of scope" : nil
            return copy
        })
        let batchBytes = Array(directory.read("source.jsonl").utf8)
        let next = decision("after").encodedLine()
        // Up to the last record's closing brace: a record that lacks only its newline is complete.
        for cut in 1..<(batchBytes.count - 1) {
            var bytes = Array(batchBytes[..<cut])
            if bytes.last != 0x0A { bytes.append(0x0A) }  // what the next writer does after a torn tail
            let path = directory.write("cut.jsonl", bytes + next)
            let result = try DecisionLog(path: path).readNew()
            #expect(result.decisions.map(\.decision.submissionID) == ["after"], "cut at byte \(cut)")
            #expect(result.problems.contains { $0.line == 1 } || cut < 20, "cut at byte \(cut)")
        }
        let whole = try DecisionLog(path: directory.write("whole.jsonl", batchBytes + next)).readNew()
        #expect(whole.decisions.map(\.decision.submissionID) == ["x1", "x2", "x3", "after"])
        #expect(whole.problems.isEmpty)
    }

    @Test func anIncompleteBatchAtTheEndIsReportedWithItsLine() throws {
        let directory = TemporaryDirectory()
        let mark = BatchMark(id: "00000000000000aa", size: 3)
        let lines = ["one", "two"].map { id in
            var record = decision(id)
            record.batch = mark
            return String(decoding: record.encodedLine(), as: UTF8.self)
        }
        let path = directory.write("decisions.jsonl", String(decoding: decision("z").encodedLine(), as: UTF8.self) + lines.joined())
        let result = try DecisionLog(path: path).readNew()
        #expect(result.decisions.map(\.decision.submissionID) == ["z"])
        #expect(result.problems.map(\.description) == ["\(path):2: incomplete batch 00000000000000aa: 2 of its 3 records (the writing process was interrupted); none of them applied, kept for inspection"])
    }

    @Test func aBatchMarkWithoutItsSizeIsAMalformedLine() throws {
        let line = #"{"submission_id":"a","decision":"accepted","reviewer":"r","os_user":"u","decided_at":"2026-01-01T00:00:00Z","batch":"ab"}"#
        var parser = DecisionLineParser()
        #expect(throws: LineError.self) { try parser.parse(line) }
        let withSize = #"{"submission_id":"a","decision":"accepted","reviewer":"r","os_user":"u","decided_at":"2026-01-01T00:00:00Z","batch":"ab","batch_size":2.5}"#
        #expect(throws: LineError.self) { try parser.parse(withSize) }
    }
}

@Suite("Data files that are not regular files")
struct SpecialFileTests {
    @Test func aFIFOIsRefusedWithoutBlocking() throws {
        let directory = TemporaryDirectory()
        let fifo = directory.file("pipe")
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(throws: StoreError.notRegularFile(path: fifo, kind: "a FIFO (named pipe)")) { _ = try DecisionLog(path: fifo) }
        #expect(throws: StoreError.notRegularFile(path: fifo, kind: "a FIFO (named pipe)")) { _ = try QueueFile(path: fifo) }
    }

    @Test func aDirectoryIsRefusedForBothFiles() throws {
        let directory = TemporaryDirectory()
        #expect(throws: StoreError.notRegularFile(path: directory.path, kind: "a directory")) { _ = try QueueFile(path: directory.path) }
        #expect(throws: StoreError.notRegularFile(path: directory.path, kind: "a directory")) { _ = try DecisionLog(path: directory.path) }
    }

    @Test func aFIFOAppearingWhereTheLogWillBeCreatedIsRefusedOnAppend() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("decisions.jsonl")
        let log = try DecisionLog(path: path)  // does not exist yet
        #expect(mkfifo(path, 0o600) == 0)
        #expect(throws: StoreError.notRegularFile(path: path, kind: "a FIFO (named pipe)")) {
            try log.append([Decision(submissionID: "a", kind: .accepted, reviewer: "r", osUser: "u", decidedAt: 0)])
        }
    }

    @Test func aGroupWritableLogIsAllowedAWorldWritableOneIsNot() throws {
        let directory = TemporaryDirectory()
        let path = directory.write("decisions.jsonl", "")
        chmod(path, 0o660)
        try DecisionLog(path: path).append([Decision(submissionID: "a", kind: .accepted, reviewer: "r", osUser: "u", decidedAt: 0)])
        chmod(path, 0o662)
        #expect(throws: StoreError.writableByOthers(path: path, mode: UInt32(S_IFREG | 0o662))) { _ = try DecisionLog(path: path) }
    }
}
