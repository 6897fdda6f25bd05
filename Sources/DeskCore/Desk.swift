import Foundation

/// The queue and its decision log, kept in step: what the CLI and the review screen work on.
public final class Desk {
    public let queue: QueueFile
    public private(set) var log: DecisionLog
    public private(set) var ledger = Ledger()
    /// Problems found in the decision log (malformed lines), in file order.
    public private(set) var logProblems: [DataProblem] = []
    public private(set) var tornTail: DataProblem?
    /// Near-duplicate clusters once built (`Desk+Clusters.swift`), kept up to date by `refresh()`.
    var builtClusters: Clusters?
    public var clusterParameters = ClusterParameters.standard

    public var table: SubmissionTable { queue.table }
    public var queuePath: String { queue.path }
    public var decisionsPath: String { log.path }

    /// What changed in one refresh.
    public struct Changes: Sendable, Equatable {
        public var newRows = 0
        public var changedRows: [Int] = []
        public var newProblems = 0
        /// Row numbers are no longer valid (the queue file was replaced).
        public var rowsRenumbered = false

        public var isEmpty: Bool { newRows == 0 && changedRows.isEmpty && newProblems == 0 && !rowsRenumbered }
    }

    public init(queuePath: String, decisionsPath: String, progress: LoadProgress? = nil) throws {
        log = try DecisionLog(path: decisionsPath)
        // Parse the log on another thread while the queue loads: the two files are independent
        // until the fold, and the queue load leaves a core idle in its serial phases.
        let logRead = BackgroundResult(log) { try $0.readNew() }
        queue = try QueueFile(path: queuePath, progress: progress)
        ledger.tableGrew(to: queue.table)
        _ = try fold(try logRead.value())
    }

    /// Every problem in both files, queue first, each as `file:line: reason`.
    public var problems: [DataProblem] {
        var all = queue.problems.sorted { $0.line < $1.line } + logProblems
        for (decision, line) in ledger.unresolved {
            all.append(DataProblem(
                file: log.path, line: line,
                message: "submission \"\(TerminalSafety.sanitize(decision.submissionID).text)\" is not in the queue; the decision is kept and applies if it appears"))
        }
        if let tornTail { all.append(tornTail) }
        return all
    }

    /// Reads whatever both files gained since the last look.
    @discardableResult
    public func refresh() throws -> Changes {
        var changes = Changes()
        let problemsBefore = problems.count
        let growth = try queue.refresh()
        if growth.wasReplaced {
            // Row numbers changed: fold the whole log again onto the new rows.
            log = try DecisionLog(path: log.path)
            ledger = Ledger()
            logProblems = []
            changes.rowsRenumbered = true
        }
        changes.newRows = growth.newRows.count
        if growth.wasReplaced {
            builtClusters = nil  // built again on next use
        } else if !growth.newRows.isEmpty {
            builtClusters?.rowsAppended(to: queue.table)
        }
        changes.changedRows = ledger.tableGrew(to: queue.table)
        let folded = try foldNewDecisions()
        changes.changedRows += folded.changedRows
        changes.rowsRenumbered = changes.rowsRenumbered || folded.reread
        changes.newProblems = max(0, problems.count - problemsBefore)
        return changes
    }

    /// Folds the log's new lines; returns the rows whose status changed and whether the log was
    /// read again from the start.
    private func foldNewDecisions() throws -> (changedRows: [Int], reread: Bool) {
        try fold(try log.readNew())
    }

    private func fold(_ batch: DecisionLog.Batch) throws -> (changedRows: [Int], reread: Bool) {
        if batch.wasReplaced {
            ledger = Ledger()
            ledger.tableGrew(to: queue.table)
            logProblems = []
        }
        logProblems += batch.problems
        tornTail = batch.tornTail
        return (ledger.apply(batch.decisions, table: queue.table), batch.wasReplaced)
    }

    /// Appends decisions durably, then folds them (and anything others appended meanwhile).
    @discardableResult
    public func record(_ decisions: [Decision]) throws -> Changes {
        try log.append(decisions)
        return try refresh()
    }

    public func submission(at row: Int) throws -> Submission { try queue.submission(at: row) }

    public func history(of row: Int) -> [Decision] { ledger.history(of: row, table: queue.table) }

    public func status(of row: Int) -> SubmissionStatus { ledger.statuses[row] }
}

/// Runs `work` on a background thread; `value()` waits for its result.
///
/// The subject is handed over whole: the caller does not touch it until `value()` returns.
private final class BackgroundResult<Subject, Value>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<Value, Error>?

    init(_ subject: Subject, _ work: @escaping @Sendable (Subject) throws -> Value) {
        let handoff = UncheckedBox(subject)
        let thread = Thread { [self] in
            result = Result { try work(handoff.value) }
            done.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    func value() throws -> Value {
        done.wait()
        return try result!.get()
    }
}

private struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
