import DeskStore
import DeskEngine
import DeskCore

extension AppState {
    /// The clusters the view lists (at least two members), largest first.
    var clusterRows: [Int] {
        guard let clusters = desk.clusters else { return [] }
        return clusters.bySize().filter { clusters.size(ofCluster: $0) >= 2 }
    }

    /// `5`: lists the clusters; while they are still being found in the background, says so and
    /// opens the view when they are ready (a first build takes seconds at a million rows): the
    /// key never waits for them.
    mutating func openClusters() -> [Effect] {
        guard desk.hasClusters else {
            opensClustersWhenReady = true
            message = StatusMessage(text: "finding near-identical justifications…; the clusters view opens when ready", isError: false,
                                    lastsUntil: .clustersFound)
            return desk.isFindingClusters ? [] : [.findClusters]
        }
        guard !clusterRows.isEmpty else {
            message = StatusMessage(text: "no clusters: no two justifications are near-identical", isError: false)
            return []
        }
        mode = .clusters(cursor: 0)
        return []
    }

    mutating func handleClustersKey(_ key: Key, cursor: Int) -> [Effect] {
        let rows = clusterRows
        guard !rows.isEmpty else { mode = .browsing; return [] }
        let page = max(1, height - 4)
        switch key {
        case .character("j"), .down: mode = .clusters(cursor: min(rows.count - 1, cursor + 1))
        case .character("k"), .up: mode = .clusters(cursor: max(0, cursor - 1))
        case .pageDown, .control("f"): mode = .clusters(cursor: min(rows.count - 1, cursor + page))
        case .pageUp, .control("b"): mode = .clusters(cursor: max(0, cursor - page))
        case .character("g"), .home: mode = .clusters(cursor: 0)
        case .character("G"), .end: mode = .clusters(cursor: rows.count - 1)
        case .enter:
            // Its members, in the list, with the usual keys.
            mode = .browsing
            listMembers(ofCluster: rows[cursor])
        case .character("a"), .character("r"), .character("v"):
            let kind: DecisionKind = key == .character("a") ? .accepted : key == .character("r") ? .rejected : .verificationRequested
            return decideCluster(rows[cursor], kind: kind)
        case .character(let digit) where ("1"..."4").contains(digit):
            mode = .browsing
            return perform(.showView(ViewMode(rawValue: Int(String(digit))!)!))
        default:
            mode = .browsing
        }
        return []
    }

    /// `a`/`r`/`v` on a cluster: its open members become the tags, then the usual bulk
    /// confirmation, which names how many members add words and which are left out (claimed by
    /// whom: they were once dropped here without a word). The tags the reviewer had come back
    /// when the box is cancelled or the decision recorded.
    private mutating func decideCluster(_ cluster: Int, kind: DecisionKind) -> [Effect] {
        mode = .browsing
        guard let clusters = desk.clusters else { return [] }
        let statuses = desk.ledger.statuses
        let members = clusters.members(ofCluster: cluster).filter { statuses[Int($0)].isOpen }
        guard !members.isEmpty else {
            message = StatusMessage(text: "nothing open in this cluster", isError: false)
            return []
        }
        listMembers(ofCluster: cluster)
        let previous = tags
        tags = RowSet(rowCount: desk.table.count, allSelected: false)
        tags.insert(contentsOf: Array(members))
        let effects = decide(kind)
        if case .confirm(var confirmation) = mode {
            confirmation.tagsToRestore = previous
            mode = .confirm(confirmation)
        }
        return effects
    }

    /// Lists the cluster's members (all statuses); Esc goes back to the list as it was.
    private mutating func listMembers(ofCluster cluster: Int) {
        if placeBeforeClusterMembers == nil { placeBeforeClusterMembers = place }
        view = .all
        guard let clusters = desk.clusters else { return }
        applyFilter("cluster:" + desk.table.id(clusters.firstRow(ofCluster: cluster)))
    }
}
