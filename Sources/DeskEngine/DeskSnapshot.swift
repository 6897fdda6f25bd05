import DeskCore
import DeskStore

/// The desk at one moment, as values: the rows, the decisions folded onto them and the clusters
/// once found. What the review screen shows and decides from: reading it never touches a file,
/// and it can be handed to another thread (a live filter is evaluated on one).
///
/// The effect runner takes a new snapshot whenever the desk changes (`Desk.snapshot`) and hands it
/// to the screen as an event. Rows' full records are not in it: the screen asks for the few it
/// shows (`SubmissionRecords`).
package struct DeskSnapshot: Sendable {
    package let table: SubmissionTable
    package let ledger: Ledger
    /// Near-duplicate clusters, once found (nil while they are being found, or not asked for).
    package let clusters: Clusters?
    /// Clusters are being found in the background.
    package let isFindingClusters: Bool
    /// Whole-queue sort orders, shared with the desk (a memo, safe on any thread).
    let sortOrders: SortOrderCache
    package let queuePath: String
    package let decisionsPath: String
    /// Problems in the data files (shown as a count; `check` lists them).
    package let problemCount: Int
    /// Changes whenever the desk changes; the same number means the same desk.
    package let generation: Int
    /// Changes when the queue file was replaced and rows were numbered again.
    package let rowNumbering: Int
    /// The authenticated writer of each record by line, when the store knows them (a database).
    package var writers: [String]?

    package init(table: SubmissionTable, ledger: Ledger, clusters: Clusters? = nil, isFindingClusters: Bool = false,
                sortOrders: SortOrderCache = SortOrderCache(), queuePath: String = "", decisionsPath: String = "",
                problemCount: Int = 0, generation: Int = 0, rowNumbering: Int = 0) {
        self.table = table
        self.ledger = ledger
        self.clusters = clusters
        self.isFindingClusters = isFindingClusters
        self.sortOrders = sortOrders
        self.queuePath = queuePath
        self.decisionsPath = decisionsPath
        self.problemCount = problemCount
        self.generation = generation
        self.rowNumbering = rowNumbering
    }

    /// Per-row cluster facts for the `viral` and `adds` flags, once clusters are found.
    package var clusterFacts: ClusterFacts? { clusters }

    package var hasClusters: Bool { clusters != nil }

    /// Whether `filter` has terms that only clusters answer (`cluster:`, `flag:viral`, `flag:adds`).
    package static func needsClusters(_ filter: FilterExpression) -> Bool {
        filter.terms.contains(where: \.predicate.needsClusters)
    }

    /// The rows matching `filter` at `now`, in `sort` order. Terms that need clusters match
    /// nothing until clusters are found.
    package func rows(matching filter: FilterExpression, sortedBy sort: SortSpec = SortSpec(key: .submitted), now: Int64) -> [Int32] {
        query.rows(matching: filter, sortedBy: sort, now: now)
    }

    /// What `rows(matching:sortedBy:now:)` reads, for another thread.
    package var query: RowQuery { RowQuery(table: table, ledger: ledger, clusters: clusters, sortOrders: sortOrders) }

    /// The log line of a row's latest decision, 0 when it has none: what "the decision I saw" means.
    package func latestLine(of row: Int) -> Int {
        let index = ledger.latest[row]
        return index < 0 ? 0 : Int(ledger.entries[Int(index)].line)
    }

    package func status(of row: Int) -> SubmissionStatus { ledger.statuses[row] }

    /// A row's decisions, oldest first.
    package func history(of row: Int) -> [Decision] {
        guard let writers else { return ledger.history(of: row, table: table) }
        var result: [Decision] = []
        var index = ledger.latest[row]
        while index >= 0 {
            var decision = ledger.decision(at: Int(index), table: table)
            let line = Int(ledger.entries[Int(index)].line)
            if line >= 1 && line <= writers.count { decision.recordedBy = writers[line - 1] }
            result.append(decision)
            index = ledger.entries[Int(index)].previous
        }
        return result.reversed()
    }

    /// A row's latest decision, if any.
    package func latestDecision(of row: Int) -> Decision? {
        let index = ledger.latest[row]
        return index < 0 ? nil : ledger.decision(at: Int(index), table: table)
    }
}

extension DeskSnapshot: Equatable {
    /// Two snapshots of a desk are the same desk when taken at the same generation.
    package static func == (lhs: DeskSnapshot, rhs: DeskSnapshot) -> Bool {
        lhs.generation == rhs.generation && lhs.rowNumbering == rhs.rowNumbering && lhs.table.count == rhs.table.count
            && lhs.ledger.entries.count == rhs.ledger.entries.count && lhs.hasClusters == rhs.hasClusters
            && lhs.isFindingClusters == rhs.isFindingClusters
    }
}

/// Full records of some rows, read from the queue by the effect runner because the screen shows
/// them (`AppState.wantedRecords`), with the words each adds to its cluster's representative text.
package struct SubmissionRecords: Sendable, Equatable {
    package private(set) var submissions: [Int32: Submission] = [:]
    /// The row numbering they belong to (`DeskSnapshot.rowNumbering`).
    package private(set) var rowNumbering = 0

    package init() {}

    package init(_ submissions: [Int32: Submission], rowNumbering: Int = 0) {
        self.submissions = submissions
        self.rowNumbering = rowNumbering
    }

    package subscript(row: Int32) -> Submission? { submissions[row] }

    package func has(_ row: Int32) -> Bool { submissions[row] != nil }

    /// Adds `loaded` (for `rowNumbering`), keeping at most `capacity` records: when there would be
    /// more, only those of `keeping` stay.
    package mutating func add(_ loaded: [Int32: Submission], rowNumbering numbering: Int, keeping: Set<Int32>, capacity: Int = 2_048) {
        if numbering != rowNumbering {
            submissions = [:]
            rowNumbering = numbering
        }
        if submissions.count + loaded.count > capacity { submissions = submissions.filter { keeping.contains($0.key) } }
        submissions.merge(loaded) { _, new in new }
    }

    /// Forgets every record (the rows were numbered again).
    package mutating func removeAll(rowNumbering numbering: Int) {
        submissions = [:]
        rowNumbering = numbering
    }
}
