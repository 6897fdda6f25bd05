import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

@Suite("Decision log")
struct DecisionLogTests {
    private func decision(_ id: String, _ kind: DecisionKind = .accepted, reason: String? = nil) -> Decision {
        Decision(submissionID: id, kind: kind, reviewer: "ana", osUser: "ana", decidedAt: 1_790_000_000_123, reason: reason)
    }

    @Test func appendsCreateAnOwnerOnlyFileAndReadBack() throws {
        let directory = TemporaryDirectory()
        let log = try DecisionLog(path: directory.file("decisions.jsonl"))
        #expect(try log.readNew().decisions.isEmpty)
        try log.append([decision("a"), decision("b", .rejected, reason: "out of scope")])
        var status = stat()
        #expect(stat(directory.file("decisions.jsonl"), &status) == 0)
        #expect(status.st_mode & 0o777 == 0o600)
        // The writer's own records come back with the append; another reader parses them.
        let batch = try DecisionLog(path: directory.file("decisions.jsonl")).readNew()
        #expect(batch.decisions.map(\.decision.unbatched) == [decision("a"), decision("b", .rejected, reason: "out of scope")])
        #expect(batch.decisions.map(\.line) == [1, 2])
        #expect(try log.readNew().decisions.isEmpty)
    }

    @Test func recordsEncodeInTheDocumentedOrder() {
        let line = String(decoding: decision("x\"y", .rejected, reason: "a\nb").encodedLine(), as: UTF8.self)
        #expect(line == #"{"submission_id":"x\"y","decision":"rejected","reviewer":"ana","os_user":"ana","decided_at":"2026-09-21T14:13:20.123Z","reason":"a\nb"}"# + "\n")
    }

    @Test func neverLoosensAnExistingMode() throws {
        let directory = TemporaryDirectory()
        let path = directory.write("decisions.jsonl", "")
        chmod(path, 0o640)
        let log = try DecisionLog(path: path)
        try log.append([decision("a")])
        var status = stat()
        _ = stat(path, &status)
        #expect(status.st_mode & 0o777 == 0o640)
    }

    @Test func refusesSymlinks() throws {
        let directory = TemporaryDirectory()
        let target = directory.write("real.jsonl", "")
        symlink(target, directory.file("decisions.jsonl"))
        #expect(throws: StoreError.symlinkRefused(path: directory.file("decisions.jsonl"))) {
            _ = try DecisionLog(path: directory.file("decisions.jsonl"))
        }
    }

    @Test func refusesAFileOthersCanWrite() throws {
        let directory = TemporaryDirectory()
        let path = directory.write("decisions.jsonl", "")
        chmod(path, 0o666)
        #expect(throws: StoreError.self) { _ = try DecisionLog(path: path) }
    }

    @Test func tornTailIsReportedSkippedAndNeverMergedWithTheNextRecord() throws {
        let directory = TemporaryDirectory()
        let good = String(decoding: decision("a").encodedLine(), as: UTF8.self)
        let path = directory.write("decisions.jsonl", good + #"{"submission_id":"b","decis"#)
        let log = try DecisionLog(path: path)
        let first = try log.readNew()
        #expect(first.decisions.count == 1)
        #expect(first.tornTail?.line == 2)
        #expect(first.tornTail?.byteOffset == Int64(good.utf8.count))
        try log.append([decision("c")])
        let contents = directory.read("decisions.jsonl")
        #expect(contents.contains("\"decis\n{\"submission_id\":\"c\""))
        let second = try log.readNew()
        #expect(second.decisions.map(\.decision.submissionID) == ["c"])
        #expect(second.decisions.map(\.line) == [3])
        #expect(second.problems.map(\.line) == [2])
        #expect(second.tornTail == nil)
    }

    @Test func aCompleteRecordMissingOnlyItsNewlineIsTaken() throws {
        let directory = TemporaryDirectory()
        let record = String(decoding: decision("a").encodedLine().dropLast(), as: UTF8.self)
        let path = directory.write("decisions.jsonl", record)
        let log = try DecisionLog(path: path)
        #expect(try log.readNew().decisions.count == 1)
        try log.append([decision("b")])
        let batch = try log.readNew()
        #expect(batch.decisions.map(\.decision.submissionID) == ["b"])
        #expect(batch.decisions.map(\.line) == [2])
        #expect(batch.problems.isEmpty)
    }

    @Test func malformedLinesAreReportedWithTheirLineAndTheRestStillLoads() throws {
        let directory = TemporaryDirectory()
        let good = String(decoding: decision("a").encodedLine(), as: UTF8.self)
        let missingReason = #"{"submission_id":"b","decision":"rejected","reviewer":"r","os_user":"u","decided_at":"2026-01-01T00:00:00Z"}"#
        let path = directory.write("decisions.jsonl", good + "garbage\n\r\n" + missingReason + "\r\n" + good)
        let batch = try DecisionLog(path: path).readNew()
        #expect(batch.decisions.map(\.line) == [1, 5])
        #expect(batch.problems.map(\.line) == [2, 4])
        #expect(batch.problems[1].message.contains("reason"))
    }

    @Test func seesLinesAppendedByOthersIncrementally() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("decisions.jsonl")
        let reader = try DecisionLog(path: path)
        let writer = try DecisionLog(path: path)
        try writer.append([decision("a")])
        #expect(try reader.readNew().decisions.count == 1)
        try writer.append([decision("b"), decision("c")])
        #expect(try reader.readNew().decisions.map(\.line) == [2, 3])
    }

    @Test func aShrunkLogIsReportedAndReadAgain() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("decisions.jsonl")
        let log = try DecisionLog(path: path)
        try log.append([decision("a"), decision("b")])
        _ = try log.readNew()
        truncate(path, 0)
        // A writer that has not seen the shrink refuses to chain onto the wrong file.
        #expect(throws: StoreError.replacedWhileOpen(path: path)) { try log.append([decision("c")]) }
        let shrunk = try log.readNew()
        #expect(shrunk.wasReplaced)
        #expect(shrunk.problems.first?.message.contains("shrank") == true)
        let appended = try log.append([decision("c")]).appended
        #expect(appended?.map(\.decision.submissionID) == ["c"])
        #expect(appended?.map(\.line) == [1])
        #expect(try log.readNew().decisions.isEmpty)
    }
}
