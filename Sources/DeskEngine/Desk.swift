import DeskCore
import DeskStore
import Foundation

/// The queue and its decision log, kept in step: what the CLI and the review screen work on.
package final class Desk {
    /// Where the submissions come from: the queue file by default (`SubmissionSource`).
    package let queue: any SubmissionSource
    /// Where decisions are read from and appended to: the JSON-lines log by default.
    package let log: any DecisionStore
    package private(set) var ledger = Ledger()
    /// Problems found in the decision log (malformed lines), in file order.
    package private(set) var logProblems: [DataProblem] = []
    package private(set) var tornTail: DataProblem?
    /// Near-duplicate clusters once built (`Desk+Clusters.swift`), kept up to date by `refresh()`.
    var builtClusters: Clusters?
    /// The sketches of every row made while the queue loaded, until the clusters are built from them.
    var loadSketch: LoadSketch?
    /// A build of the clusters under way or finished but not yet taken (`prepareClusters`).
    var clusterBuild: BackgroundTask<ClusterBuild.Outcome>?
    package var clusterParameters = ClusterParameters.standard
    /// How far a first build of the clusters has come (a command shows it on stderr).
    package let clusterProgress = ClusterProgress()
    /// What to tell the operator (`takeNotes`), and the derived-file writes whose notes come later.
    var notes = Notes()
    var writes = PendingNotes()
    /// Counts changes to the rows and decisions (`snapshot`).
    package internal(set) var generation = 0
    /// The authenticated writer of each record by line, when the store knows them (`recordWriters`).
    var writers: [String] = []
    /// Counts the times rows were numbered again (the queue file was replaced).
    package private(set) var rowNumbering = 0

    package var table: SubmissionTable { queue.table }
    /// Whole-queue permutations per sort key, so that re-sorting a large view is a filter.
    let sortOrders = SortOrderCache()
    /// Per-row cluster facts for the `viral` and `adds` flags, once the queue is clustered.
    package var clusterFacts: ClusterFacts? { builtClusters }
    package var queuePath: String { queue.location }
    /// The queue file, when the submissions come from one.
    package var queueFile: QueueFile? { queue as? QueueFile }
    package var decisionsPath: String { log.location }

    /// What changed in one refresh.
    package struct Changes: Sendable, Equatable {
        package var newRows = 0
        package var changedRows: [Int] = []
        package var newProblems = 0
        /// Row numbers are no longer valid (the queue file was replaced).
        package var rowsRenumbered = false

        package var isEmpty: Bool { newRows == 0 && changedRows.isEmpty && newProblems == 0 && !rowsRenumbered }
    }

    /// Opens both files. The queue loads from its index when a valid one exists (`DerivedFileOptions`);
    /// the folded search text is left for later (`prepareSearchText`, or built on first use).
    /// `mapping` moves submission times as they are read (the bundled sample's dates).
    /// `sketchingClusters`: the caller will need the clusters (`stats`, `clusters`); when the
    /// whole file is parsed (no valid index) the rows are sketched for them as they are read.
    package convenience init(queuePath: String, decisionsPath: String, progress: LoadProgress? = nil,
                            mapping: SubmittedAtMapping? = nil, index: DerivedFileOptions = .automatic,
                            sketchingClusters: Bool = false) throws {
        try self.init(queuePath: queuePath, store: try DecisionLog(path: decisionsPath), progress: progress, mapping: mapping, index: index,
                      sketchingClusters: sketchingClusters)
    }

    package convenience init(queuePath: String, store: sending any DecisionStore, progress: LoadProgress? = nil,
                             mapping: SubmittedAtMapping? = nil, index: DerivedFileOptions = .automatic,
                             sketchingClusters: Bool = false) throws {
        let sketch = sketchingClusters ? LoadSketch(parameters: .standard) : nil
        // Moved dates (the bundled sample) are not the file's: nothing derived from it is saved.
        try self.init(store: store, derivedFiles: mapping == nil ? index : .disabled) {
            try QueueFile(path: queuePath, progress: progress, mapping: mapping, index: index, rowVisitor: sketch)
        }
        loadSketch = sketch
    }

    /// A desk over any submission source and decision store (rows held in memory and an
    /// in-memory store, for the screen's tests; a database, later). No derived files are kept
    /// for the decisions.
    package convenience init(queue: any SubmissionSource, store: sending any DecisionStore) throws {
        try self.init(store: store, derivedFiles: .disabled) { queue }
    }

    /// A desk whose source `loadQueue` opens while the store's records are read on another
    /// thread, with derived files (the ledger's fold) kept as `derivedFiles` says: a database
    /// desk, read through its local copy.
    package convenience init(store: sending any DecisionStore, derivedFiles: DerivedFileOptions,
                             loadingQueue loadQueue: () throws -> any SubmissionSource) throws {
        try self.init(store: store, derivedFiles: derivedFiles, loadQueue: loadQueue)
    }

    private init(store: sending any DecisionStore, derivedFiles snapshotOptions: DerivedFileOptions,
                 loadQueue: () throws -> any SubmissionSource) throws {
        // Read the log on another thread while the queue loads (from its saved fold when valid,
        // `LedgerFile`): the two are independent until the fold, and the queue load leaves a
        // core idle in its serial phases. The store goes to that thread and comes back.
        let logRead = BackgroundTask { () -> (any DecisionStore, Result<LogStart, any Error>) in
            (store, Result { try LogStart.read(store, options: snapshotOptions) })
        }
        queue = try loadQueue()
        let derived = snapshotOptions.isEnabled ? queue.derivedFiles : nil
        if let derived { queue.table.searchText.useSavedCopy { SearchTextFile.load(derived) } }
        let (store, started) = logRead.take()!
        log = store
        var start = try started.get()
        notes.add(start.notes)
        var changes = start.changes
        if let derived, let snapshot = start.usableSnapshot(for: derived, log: store, notes: &notes) {
            ledger = snapshot.ledger
            logProblems = snapshot.problems
        } else if start.snapshot != nil {
            try store.rewind()  // folded onto other rows: read the whole log again
            changes = try store.readChanges()
            start.replacesStaleSnapshot = true
        }
        ledger.tableGrew(to: queue.table)
        _ = try fold(changes)
        if let derived, let file = store.fileLog, start.shouldSaveSnapshot(after: file.readPosition) {
            if let snapshot = LedgerSnapshot(ledger: ledger, problems: logProblems, log: file, queue: derived) {
                writes.add(LedgerFile.save(snapshot, log: file, options: snapshotOptions))
            }
        }
    }

    /// Starts folding every row's email and justification on a background thread (the review
    /// screen calls this once it can paint); returns at once. Free-text filters, the email sort and
    /// clustering need the text; asked for before it is ready, it is built (or waited for) then.
    package func prepareSearchText() { queue.table.prepareSearchText() }

    /// Saves the folded text once it is ready, when no saved copy covered nearly all of it (the
    /// review screen calls this; the next start maps it instead of folding, `SearchTextFile`).
    package func saveSearchTextIfUseful() {
        let table = queue.table
        guard let derived = queue.derivedFiles, table.isSearchTextReady else { return }
        let restored = table.searchText.restoredRows
        let stale = table.searchText.savedCopyWasStale  // replaced whatever the size, or its note would repeat
        guard table.count > 0, stale || table.count - restored >= max(2_000, restored / 64) else { return }
        writes.add(SearchTextFile.save(table.searchSegments, queue: derived))
    }

    /// Whether the folded text of every row is ready, so a text filter will not wait for it.
    package var isSearchTextReady: Bool { queue.table.isSearchTextReady }

    /// The folded email and justification of every row (clustering reads this), building or
    /// waiting for them when not ready. Fetch it once per pass over the rows.
    package func foldedText() -> FoldedText { queue.table.foldedText() }

    /// What the desk has to tell the operator that is not a problem in the data (a derived file
    /// ignored or not written, a queue that changed under the folded text), each note once: what
    /// was said since the last call, and what background writes that finished since reported.
    package func takeNotes() -> [String] {
        notes.add(queue.takeNotes())
        if builtClusters != nil { notes.add(builtClusters!.notes.take()) }
        notes.add(writes.takeFinished())
        return notes.take()
    }

    /// The desk now, as values (`DeskSnapshot`): what the review screen works from.
    package var snapshot: DeskSnapshot {
        var snapshot = DeskSnapshot(table: table, ledger: ledger, clusters: builtClusters, isFindingClusters: isFindingClusters,
                                    sortOrders: sortOrders, queuePath: queuePath, decisionsPath: decisionsPath, problemCount: problemCount,
                                    generation: generation, rowNumbering: rowNumbering)
        if log.knowsWriters {
            if let last = ledger.entries.last.map({ Int($0.line) }), last > writers.count { writers = log.recordWriters() ?? [] }
            snapshot.writers = writers
        }
        return snapshot
    }

    /// How many problems `problems` lists, without listing them.
    package var problemCount: Int {
        queue.problems.count + logProblems.count + ledger.unresolved.count + (tornTail == nil ? 0 : 1)
    }

    /// Every problem in both files, queue first, each as `file:line: reason`.
    package var problems: [DataProblem] {
        var all = queue.problems.sorted { $0.line < $1.line } + logProblems
        for (decision, line) in ledger.unresolved {
            all.append(DataProblem(
                file: log.recordLocation, line: line,
                message: "submission \"\(TerminalSafety.sanitize(decision.submissionID).text)\" is not in the queue; the decision is kept and applies if it appears"))
        }
        if let tornTail { all.append(tornTail) }
        return all
    }

    /// Reads whatever both files gained since the last look.
    @discardableResult
    package func refresh() throws -> Changes {
        var changes = Changes()
        let problemsBefore = problems.count
        let growth = try queue.refresh()
        if growth.wasReplaced {
            // Row numbers changed: fold the whole log again onto the new rows.
            try log.rewind()
            ledger = Ledger()
            logProblems = []
            changes.rowsRenumbered = true
        }
        changes.newRows = growth.newRows.count
        if growth.wasReplaced || !growth.newRows.isEmpty { loadSketch = nil }  // describes other rows now
        if growth.wasReplaced {
            builtClusters = nil  // built again on next use
            clusterBuild = nil
        } else if !growth.newRows.isEmpty {
            builtClusters?.rowsAppended(to: queue.table)
        }
        changes.changedRows = ledger.tableGrew(to: queue.table)
        let folded = try foldNewDecisions()
        changes.changedRows += folded.changedRows
        changes.rowsRenumbered = changes.rowsRenumbered || folded.reread
        changes.newProblems = max(0, problems.count - problemsBefore)
        if !changes.isEmpty { generation += 1 }
        if changes.rowsRenumbered { rowNumbering += 1 }
        return changes
    }

    /// Folds the log's new lines; returns the rows whose status changed and whether the log was
    /// read again from the start.
    private func foldNewDecisions() throws -> (changedRows: [Int], reread: Bool) {
        try fold(try log.readChanges())
    }

    private func fold(_ batch: DecisionLog.ReadResult) throws -> (changedRows: [Int], reread: Bool) {
        if batch.wasReplaced {
            ledger = Ledger()
            ledger.tableGrew(to: queue.table)
            logProblems = []
        }
        logProblems += batch.problems
        tornTail = batch.tornTail
        return (ledger.apply(batch.decisions, table: queue.table), batch.wasReplaced)
    }

    /// Appends decisions durably, each only if its submission's latest decision is still the one
    /// this desk had folded when the call began; then folds them and whatever others appended.
    @discardableResult
    package func record(_ decisions: [Decision]) throws -> RecordOutcome {
        try record(decisions.map { PlannedDecision($0, expectedLatestLine: latestLine(ofSubmission: $0.submissionID)) })
    }

    /// Appends each planned decision whose submission's latest decision is still the one its
    /// reviewer saw, checked under the log's lock after reading what others appended; the others
    /// are not written and come back as conflicts naming who decided what and when.
    @discardableResult
    package func record(_ planned: [PlannedDecision]) throws -> RecordOutcome {
        var outcome = RecordOutcome()
        outcome.changes = try refresh()
        let result = try log.append { othersAppended in
            let folded = try fold(othersAppended)
            outcome.changes.changedRows += folded.changedRows
            var writable: [Decision] = []
            for plan in planned {
                let row = table.row(forID: plan.decision.submissionID)
                let latest = row.map(latestLine(of:)) ?? 0
                if latest == plan.expectedLatestLine {
                    writable.append(plan.decision)
                } else {
                    let index = row.map { Int(ledger.latest[$0]) } ?? -1
                    outcome.conflicts.append(RecordOutcome.Conflict(
                        submissionID: plan.decision.submissionID,
                        latest: index < 0 ? nil : ledger.decision(at: index, table: table)))
                }
            }
            outcome.written = writable
            return writable
        }
        if let appended = result.appended {
            var mine = DecisionChanges()
            mine.decisions = appended
            outcome.changes.changedRows += try fold(mine).changedRows
        }
        generation += 1
        // The records are durable: a read that fails now (a database that went away right after
        // the commit) must not turn them into a failure; the next refresh folds them.
        guard let after = try? refresh() else { return outcome }
        outcome.changes.newRows += after.newRows
        outcome.changes.changedRows += after.changedRows
        outcome.changes.rowsRenumbered = outcome.changes.rowsRenumbered || after.rowsRenumbered
        return outcome
    }

    /// The log line of a row's latest decision, 0 when it has none: what "the decision I saw" means.
    package func latestLine(of row: Int) -> Int {
        let index = ledger.latest[row]
        return index < 0 ? 0 : Int(ledger.entries[Int(index)].line)
    }

    package func latestLine(ofSubmission id: String) -> Int {
        table.row(forID: id).map(latestLine(of:)) ?? 0
    }

    package func submission(at row: Int) throws -> Submission { try queue.submission(at: row) }

    /// The justifications of many rows at once (`QueueFile.justifications(ofRows:)`).
    package func justifications(ofRows rows: [Int]) throws -> [String] { try queue.justifications(ofRows: rows) }

    package func history(of row: Int) -> [Decision] {
        guard log.knowsWriters else { return ledger.history(of: row, table: queue.table) }
        var result: [Decision] = []
        var index = ledger.latest[row]
        while index >= 0 {
            result.append(decision(atEntry: Int(index)))
            index = ledger.entries[Int(index)].previous
        }
        return result.reversed()
    }

    /// The ledger's entry as a record, with its authenticated writer when the store knows it.
    package func decision(atEntry index: Int) -> Decision {
        var decision = ledger.decision(at: index, table: queue.table)
        if log.knowsWriters { decision.recordedBy = writer(ofLine: Int(ledger.entries[index].line)) }
        return decision
    }

    /// Who the store vouches wrote the record at `line` (read again when the store grew).
    func writer(ofLine line: Int) -> String? {
        guard line >= 1 else { return nil }
        if line > writers.count { writers = log.recordWriters() ?? [] }
        return line <= writers.count ? writers[line - 1] : nil
    }

    package func status(of row: Int) -> SubmissionStatus { ledger.statuses[row] }
}
