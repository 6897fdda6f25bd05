import DeskCore
import Synchronization

/// Decisions held in memory, shared by its handles as processes share a log file: what the
/// screen's tests decide on (no temporary files), and the shape of a store that is not a file.
/// Appends are serialized like the log's, and each handle reads what others appended; there is
/// no hash chain to verify.
package final class MemoryDecisionStore: DecisionStore {
    /// The records every handle on one store sees, in order (line n is `records[n - 1]`).
    package final class Records: Sendable {
        fileprivate let decisions = Mutex<[Decision]>([])

        package init() {}

        /// The records as the log would hold them, one JSON line each.
        package var lines: [String] { decisions.withLock { $0.map { String(decoding: $0.encodedLine(), as: UTF8.self) } } }
    }

    package let records: Records
    package let location: String
    /// How many records this handle has read.
    private var read = 0

    /// A handle on `records` (a new, empty store by default).
    package init(_ records: Records = Records(), location: String = "memory") {
        self.records = records
        self.location = location
    }

    /// Another handle on the same records, as a second process would open the log.
    package func reopen() -> MemoryDecisionStore { MemoryDecisionStore(records, location: location) }

    package func readChanges() throws -> DecisionChanges {
        let all = records.decisions.withLock { $0 }
        var changes = DecisionChanges()
        changes.decisions = all[read...].enumerated().map { ($0.element, read + $0.offset + 1) }
        read = all.count
        return changes
    }

    package func rewind() throws { read = 0 }

    @discardableResult
    package func append(prepare: (DecisionChanges) throws -> [Decision]) throws -> DecisionLog.AppendResult {
        try records.decisions.withLock { all in
            var result = DecisionLog.AppendResult()
            result.othersAppended.decisions = all[read...].enumerated().map { ($0.element, read + $0.offset + 1) }
            read = all.count
            let written = try prepare(result.othersAppended)
            let batch = written.count > 1 ? BatchMark(id: "memory-\(all.count + 1)", size: written.count) : nil
            let first = all.count + 1
            for decision in written {
                var record = decision
                record.batch = batch
                all.append(record)
            }
            read = all.count
            result.written = written.count
            result.appended = written.enumerated().map { ($0.element, first + $0.offset) }
            return result
        }
    }

    package func verify(findingHead head: String?) throws -> ChainReport {
        var report = ChainReport()
        report.records = records.decisions.withLock { $0.count }
        return report
    }
}
