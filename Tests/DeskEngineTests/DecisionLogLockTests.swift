import Foundation
import Synchronization
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

/// Readers never wait for a writer's lock; writers wait a bounded time and say so.
@Suite("Decision log lock")
struct DecisionLogLockTests {
    private func decision(_ id: String, batch: BatchMark? = nil) -> Decision {
        var decision = Decision(submissionID: id, kind: .accepted, reviewer: "ana", osUser: "ana", decidedAt: 1_790_000_000_123)
        decision.batch = batch
        return decision
    }

    private func line(_ decision: Decision) -> String { String(decoding: decision.encodedLine(), as: UTF8.self) }

    /// Holds `LOCK_EX` on `path` as another writer would, and lets it go after `seconds` from a
    /// background thread; `released` says whether it has let go.
    private final class LockHolder: Sendable {
        let descriptor: Int32
        let released = Atomic<Bool>(false)

        init(_ path: String, releaseAfter seconds: Double) {
            descriptor = open(path, O_RDWR | O_CLOEXEC)
            precondition(descriptor >= 0 && flock(descriptor, LOCK_EX) == 0)
            let thread = Thread { [self] in
                Thread.sleep(forTimeInterval: seconds)
                released.store(true, ordering: .sequentiallyConsistent)
                close(descriptor)
            }
            thread.start()
        }

        var isReleased: Bool { released.load(ordering: .sequentiallyConsistent) }
    }

    @Test func aReaderDoesNotWaitForAWriterAndLeavesWhatMayStillBeWritten() throws {
        let directory = TemporaryDirectory()
        let mark = BatchMark(id: "00000000000000b1", size: 2)
        // Two complete records, then the first line of a batch of two and part of its second:
        // what a reader can see while another process is inside its write.
        let last = line(decision("d", batch: mark))
        let cut = last.index(last.startIndex, offsetBy: 20)
        let path = directory.write("decisions.jsonl", line(decision("a")) + line(decision("b")) + line(decision("c", batch: mark))
                                   + last[..<cut])
        let holder = LockHolder(path, releaseAfter: 5)
        let log = try DecisionLog(path: path)
        let during = try log.readNew()
        #expect(!holder.isReleased, "the read waited for the writer's lock")
        #expect(during.decisions.map(\.decision.submissionID) == ["a", "b"])
        #expect(during.problems.isEmpty && during.tornTail == nil)
        // The writer finished its batch: the next read takes it whole, from the batch's first line.
        directory.append("decisions.jsonl", String(last[cut...]))
        let after = try log.readNew()
        #expect(after.decisions.map(\.decision.submissionID) == ["c", "d"])
        #expect(after.decisions.map(\.line) == [3, 4])
        #expect(after.problems.isEmpty)
    }

    @Test func verifyDoesNotWaitForAWriter() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("decisions.jsonl")
        try DecisionLog(path: path).append([decision("a"), decision("b")])
        directory.append("decisions.jsonl", #"{"submission_id":"c","deci"#)
        let holder = LockHolder(path, releaseAfter: 5)
        let report = try ChainVerifier.verify(path: path)
        #expect(!holder.isReleased, "verify waited for the writer's lock")
        #expect(report.records == 2 && report.isIntact && report.notRecords.isEmpty)
    }

    @Test func aWriterSaysItWaitsNamingTheLockAndGivesUpAfterTheTimeout() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("decisions.jsonl")
        let log = try DecisionLog(path: path)
        try log.append([decision("a")])
        let holder = LockHolder(path, releaseAfter: 20)
        let notices = Mutex<[String]>([])
        log.lockWait = LockWait(timeout: 1, noticeAfter: 0.2) { notice in notices.withLock { $0.append(notice) } }
        #expect(throws: StoreError.lockTimedOut(path: path, seconds: 1, holder: "pid \(getpid()) (\(OSUser.current))")) {
            try log.append([decision("b")])
        }
        #expect(!holder.isReleased, "the writer waited until the lock was released instead of giving up")
        let said = notices.withLock { $0 }
        #expect(said == ["waiting for the lock on \(path) (held by pid \(getpid()) (\(OSUser.current))); giving up after 1 s"])
        #expect(directory.read("decisions.jsonl").components(separatedBy: "\n").count == 2)  // nothing written
    }
}
