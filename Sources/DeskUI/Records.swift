import DeskStore
import DeskEngine
import DeskCore

/// The full records the screen needs. Before each paint (and after each event) the effect runner
/// asks for the rows shown whose records the state lacks (`recordRequests`), reads them and hands
/// them back (`.recordsLoaded`); they are kept in `AppState.records`.
extension AppState {
    /// The rows whose full records the screen shows now: the list's page, the current row, the
    /// submission read full screen, the rows a prompt or a confirmation names, the clusters view's
    /// representative texts; and the representative of each such row that adds words to its
    /// cluster's text (the added words are found by comparing the two).
    package var wantedRecords: [Int32] {
        var wanted: [Int32] = []
        if !layout.isTooSmall {
            let end = min(rows.count, listTop + max(0, layout.listHeight))
            if listTop < end { wanted += rows[listTop..<end] }
        }
        if let row = currentRow { wanted.append(row) }
        switch mode {
        case .reader(let row, _): wanted.append(row)
        case .prompt(let prompt):
            if case .reason(_, let targets, _) = prompt.purpose, targets.count == 1 { wanted += targets }
        case .confirm(let confirmation):
            wanted += confirmation.deciding.prefix(5)
            if let first = confirmation.targets.first { wanted.append(first) }
        case .confirmClaimed(let confirmation): wanted.append(confirmation.row)
        case .clusters(let cursor):
            if let clusters = desk.clusters {
                wanted += clusterPage(cursor: cursor).map { Int32(clusters.representativeRow(ofCluster: $0)) }
            }
        case .browsing, .confirmUndo, .pager: break
        }
        if let clusters = desk.clusters {
            for row in wanted where Int(row) < clusters.rowCount && clusters.addsWords(Int(row)) {
                if let cluster = clusters.cluster(ofRow: Int(row)) { wanted.append(Int32(clusters.representativeRow(ofCluster: cluster))) }
            }
        }
        return wanted.filter { Int($0) < desk.table.count }
    }

    /// Wanted rows whose records are not here (and could be read).
    package var missingRecords: [Int32] {
        var seen = Set<Int32>()
        return wantedRecords.filter { !records.has($0) && !unreadableRecords.contains($0) && seen.insert($0).inserted }
    }

    /// `.loadRecords` for the missing records, if any: the runner calls this after each event and
    /// before each paint, and performs it at once.
    package func recordRequests() -> [Effect] {
        let missing = missingRecords
        return missing.isEmpty ? [] : [.loadRecords(missing)]
    }

    mutating func recordsLoaded(_ loaded: [Int32: Submission], requested: [Int32], rowNumbering numbering: Int) {
        guard numbering == desk.rowNumbering else { return }  // read before the rows were numbered again
        records.add(loaded, rowNumbering: numbering, keeping: Set(wantedRecords))
        // Rows that could not be read (their line changed) are not asked for again until the
        // rows are numbered again: the screen shows them without their text.
        for row in requested where loaded[row] == nil { unreadableRecords.insert(row) }
        scrollDetailToMatch()
    }

    mutating func forgetRecords(rowNumbering numbering: Int) {
        records.removeAll(rowNumbering: numbering)
        unreadableRecords = []
    }

    /// The clusters the clusters view shows at `cursor` (a page around it).
    func clusterPage(cursor: Int) -> ArraySlice<Int> {
        let rows = clusterRows
        let visible = max(1, layout.bottomY - 1 - 2)
        let first = max(0, min(cursor - visible / 2, rows.count - visible))
        return rows.dropFirst(first).prefix(visible)
    }
}
