import DeskCore
import DeskStore
import Foundation

extension Desk {
    /// The rows matching `filter` at `now` (what `due:` and `overdue` count from), in `sort` order.
    package func rows(matching filter: FilterExpression, sortedBy sort: SortSpec = SortSpec(key: .submitted), now: Int64) -> [Int32] {
        let clusters = filter.terms.contains(where: \.predicate.needsClusters) ? self.clusters : builtClusters
        return RowQuery(table: table, ledger: ledger, clusters: clusters, sortOrders: sortOrders).rows(matching: filter, sortedBy: sort, now: now)
    }

    /// What `rows(matching:sortedBy:)` reads, as a value another thread can evaluate (the review
    /// screen's live filter); nil when the filter needs clusters that are not built yet.
    package func rowQuery(for filter: FilterExpression) -> RowQuery? {
        if builtClusters == nil && filter.terms.contains(where: \.predicate.needsClusters) { return nil }
        return RowQuery(table: table, ledger: ledger, clusters: builtClusters, sortOrders: sortOrders)
    }

    /// Starts building whole-queue sort orders in the background (the review screen calls this
    /// once the queue is loaded, so that the first sort by email is as quick as the others).
    package func prepareSortOrders() {
        sortOrders.prepareInBackground(table: table, ledger: ledger)
    }

    /// A row with its standing, for export.
    package func exportRow(_ row: Int) throws -> ExportRow {
        let latestIndex = ledger.latest[row]
        let latest = latestIndex < 0 ? nil : decision(atEntry: Int(latestIndex))
        var export = ExportRow(submission: try submission(at: row), status: status(of: row), latest: latest,
                               extended: ledger.extended[row])
        export.includesDatabaseUser = log.knowsWriters
        if let clusters = builtClusters, row < clusters.rowCount {
            export.clusterID = clusterID(ofRow: row)
            export.clusterSize = clusters.clusterSize(ofRow: row)
        }
        return export
    }

    /// A row as the DPO export gives it, judged at `now`.
    package func accountabilityRow(_ row: Int, now: Int64) throws -> AccountabilityRow {
        var history: [AccountabilityRow.HistoryRecord] = []
        var index = ledger.latest[row]
        while index >= 0 {
            let entry = ledger.entries[Int(index)]
            history.append((entry.kind, entry.reviewer, entry.decidedAt))
            index = entry.previous
        }
        let latestIndex = ledger.latest[row]
        let latest = latestIndex < 0 ? nil : decision(atEntry: Int(latestIndex))
        var record = AccountabilityRow(submission: try submission(at: row), status: status(of: row),
                                       history: history.reversed(), latest: latest, now: now)
        record.includesDatabaseUser = log.knowsWriters
        return record
    }

    /// Decisions for `rows`, stamped now, by `reviewer` and the real OS account.
    package func decisions(_ kind: DecisionKind, rows: [Int32], reviewer: String, reason: String?, note: String?,
                          reasonCode: String? = nil, at time: Int64) -> [Decision] {
        rows.map { row in
            Decision(submissionID: table.id(Int(row)), kind: kind, reviewer: reviewer, osUser: OSUser.current,
                     decidedAt: time, reason: reason, note: note, reasonCode: reasonCode)
        }
    }
}

/// The desk's rows, decisions and clusters at one moment, with its shared sort orders: a filter
/// evaluated on it gives what the desk gave at that moment, on any thread.
package struct RowQuery: Sendable {
    let table: SubmissionTable
    let ledger: Ledger
    let clusters: Clusters?
    let sortOrders: SortOrderCache

    package func rows(matching filter: FilterExpression, sortedBy sort: SortSpec, now: Int64) -> [Int32] {
        let matching = FilterEvaluator(table: table, ledger: ledger, now: now, clusterFacts: clusters, clusters: clusters).matches(filter)
        if let sorted = sortOrders.sorted(matching, by: sort, table: table, ledger: ledger, now: now) { return sorted }
        return RowSorter(table: table, ledger: ledger).sorted(matching.rows, by: sort)
    }
}
