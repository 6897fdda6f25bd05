import Foundation

extension Desk {
    /// The rows matching `filter`, in `sort` order.
    public func rows(matching filter: FilterExpression, sortedBy sort: SortSpec = SortSpec(key: .submitted)) -> [Int32] {
        let clusters = filter.terms.contains(where: \.predicate.needsClusters) ? self.clusters : builtClusters
        let matching = FilterEvaluator(table: table, ledger: ledger, clusters: clusters).matches(filter).rows
        return RowSorter(table: table, ledger: ledger).sorted(matching, by: sort)
    }

    /// A row with its standing, for export.
    public func exportRow(_ row: Int) throws -> ExportRow {
        let latestIndex = ledger.latest[row]
        let latest = latestIndex < 0 ? nil : ledger.decision(at: Int(latestIndex), table: table)
        var export = ExportRow(submission: try submission(at: row), status: status(of: row), latest: latest)
        if let clusters = builtClusters, row < clusters.rowCount {
            export.clusterID = clusterID(ofRow: row)
            export.clusterSize = clusters.clusterSize(ofRow: row)
        }
        return export
    }

    /// Decisions for `rows`, stamped now, by `reviewer` and the real OS account.
    public func decisions(_ kind: DecisionKind, rows: [Int32], reviewer: String, reason: String?, note: String?,
                          at time: Int64 = Desk.now()) -> [Decision] {
        rows.map { row in
            Decision(submissionID: table.id(Int(row)), kind: kind, reviewer: reviewer, osUser: OSUser.current,
                     decidedAt: time, reason: reason, note: note)
        }
    }

    /// Milliseconds since the epoch.
    public static func now() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }
}

/// The real account running the process, for the `os_user` of every decision.
public enum OSUser {
    public static var current: String {
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "uid-\(getuid())"
    }
}
