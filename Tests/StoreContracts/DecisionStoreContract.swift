import DeskCore
import DeskStore
import Foundation
import Testing

/// What every `DecisionStore` must do, written once: the JSON-lines log runs it (DeskEngineTests'
/// `JSONLinesStoreContractTests`), the PostgreSQL store runs the same checks by supplying its own
/// `open` (DeskPostgresTests' `DatabaseStoreContractTests`).
package struct DecisionStoreContract: Sendable {
    /// A new handle on one shared store (call it twice for two reviewers' processes).
    let open: @Sendable () throws -> any DecisionStore

    package init(open: @escaping @Sendable () throws -> any DecisionStore) { self.open = open }

    private func decision(_ id: String, by reviewer: String = "ana") -> Decision {
        Decision(submissionID: id, kind: .accepted, reviewer: reviewer, osUser: reviewer, decidedAt: 1_790_000_000_000)
    }

    package func readsBackWhatAnyHandleAppended() throws {
        let ana = try open()
        let ben = try open()
        try ana.append { _ in [self.decision("a"), self.decision("b")] }
        #expect(try ben.readChanges().decisions.map(\.decision.submissionID) == ["a", "b"])
        #expect(try ben.readChanges().decisions.isEmpty)
    }

    package func prepareSeesWhatOthersAppendedAndDecidesUnderTheLock() throws {
        let ana = try open()
        let ben = try open()
        _ = try ana.readChanges()
        try ben.append { _ in [self.decision("x", by: "ben")] }
        var seen: [String] = []
        let result = try ana.append { others in
            seen = others.decisions.map(\.decision.submissionID)
            return others.decisions.contains { $0.decision.submissionID == "x" } ? [] : [self.decision("x")]
        }
        #expect(seen == ["x"])
        #expect(result.written == 0)
        #expect(try open().readChanges().decisions.count == 1)
    }

    package func keepsOneUnbrokenChainUnderConcurrentWriters() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<4 {
                group.addTask {
                    let handle = try open()  // its own handle, as another process would have
                    for index in 0..<25 {
                        try handle.append { _ in [self.decision("w\(writer)-\(index)"), self.decision("w\(writer)-\(index)b")] }
                    }
                }
            }
            try await group.waitForAll()
        }
        let report = try open().verify(findingHead: nil)
        #expect(report.isIntact)
        #expect(report.records == 200)
        let head = try #require(report.head)
        #expect(try open().verify(findingHead: head).foundHeadLine != nil)
    }

    package func rewindReadsEverythingAgain() throws {
        let store = try open()
        try store.append { _ in [self.decision("a")] }
        _ = try store.readChanges()
        try store.rewind()
        #expect(try store.readChanges().decisions.map(\.decision.submissionID) == ["a"])
    }
}
