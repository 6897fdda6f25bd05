import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

/// The desk over stores that are not files: what the screen's tests use, and the shape of a
/// second store.
@Suite("Desk over in-memory stores")
struct MemoryStoresTests {
    private func lines(_ ids: [String]) -> [String] { ids.map { submissionLine(id: $0) } }

    @Test func aDeskOverMemoryRecordsFoldsAndSeesOthersWork() throws {
        let queue = MemoryQueue(lines: lines(["a", "b", "c"]) + ["{not json"])
        let log = MemoryDecisionStore.Records()
        let desk = try Desk(queue: queue, store: MemoryDecisionStore(log))
        #expect(desk.table.count == 3 && desk.problems.count == 1)
        #expect(desk.isSearchTextReady)  // folded as parsed: nothing is read back later
        #expect(try desk.submission(at: 1).id == "b")
        let outcome = try desk.record([Decision(submissionID: "a", kind: .accepted, reviewer: "ana", osUser: "ana", decidedAt: 1)])
        #expect(outcome.written.count == 1 && desk.status(of: 0) == .accepted)
        // Another handle, as another process: its append is seen at the next refresh.
        try MemoryDecisionStore(log).append { _ in [Decision(submissionID: "b", kind: .rejected, reviewer: "ben", osUser: "ben", decidedAt: 2, reason: "no")] }
        #expect(try desk.refresh().changedRows == [1])
        #expect(desk.status(of: 1) == .rejected && desk.latestLine(of: 1) == 2)
        #expect(log.lines.count == 2 && log.lines[1].contains("\"reviewer\":\"ben\""))
        // A decision on what someone changed meanwhile is refused, as with the log.
        try MemoryDecisionStore(log).append { _ in [Decision(submissionID: "c", kind: .accepted, reviewer: "ben", osUser: "ben", decidedAt: 3)] }
        let stale = try desk.record([PlannedDecision(Decision(submissionID: "c", kind: .rejected, reviewer: "ana", osUser: "ana", decidedAt: 4, reason: "x"),
                                                     expectedLatestLine: 0)])
        #expect(stale.written.isEmpty && stale.conflicts.map(\.submissionID) == ["c"])
    }

    @Test func rowsAppendedOrReplacedAreReadAtTheNextRefresh() throws {
        let queue = MemoryQueue(lines: lines(["a", "b"]))
        let desk = try Desk(queue: queue, store: MemoryDecisionStore())
        queue.append(lines(["c"]))
        #expect(desk.table.count == 2)
        let grown = try desk.refresh()
        #expect(grown.newRows == 1 && desk.table.id(2) == "c" && !grown.rowsRenumbered)
        queue.replace(with: lines(["c", "a"]))
        let replaced = try desk.refresh()
        #expect(replaced.rowsRenumbered && desk.table.count == 2 && desk.table.id(0) == "c")
        #expect(desk.snapshot.rowNumbering == 1)
    }
}
