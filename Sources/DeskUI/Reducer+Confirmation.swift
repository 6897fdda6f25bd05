import DeskStore
import DeskEngine
import DeskCore

extension AppState {
    /// The confirmation for `request` on `targets`, counted for the rows `y` would decide now.
    func confirmation(for request: DecisionRequest, targets: [Int32], isBulk: Bool) -> BulkConfirmation {
        recount(BulkConfirmation(request: request, targets: targets, isBulk: isBulk))
    }

    /// Sorts every candidate into what `y` decides and what it leaves out, and why: decided by
    /// someone else since the agent acted, claimed by another screen, or hidden by the view.
    /// Run when the confirmation opens and again whenever the log or others' claims change.
    func recount(_ original: BulkConfirmation) -> BulkConfirmation {
        var confirmation = original
        confirmation.deciding = []
        confirmation.hidden = []
        confirmation.byStatus = [Int](repeating: 0, count: SubmissionStatus.allCases.count)
        confirmation.alreadyDecided = []
        var claimed = NameTally()
        var meanwhile = NameTally()
        let statuses = desk.ledger.statuses
        for (row, seen) in zip(confirmation.targets, confirmation.request.expectedLatestLines) {
            if desk.latestLine(of: Int(row)) != seen {
                // `y` would be refused by the store for it anyway: say so now.
                meanwhile.add(latestDecision(of: row).map(\.reviewer) ?? "?")
                continue
            }
            if !confirmation.request.overridesClaims, let claim = claims.holder(of: row) {
                claimed.add(holderName(claim))
                continue
            }
            if confirmation.isBulk && !(shownSet.rowCount > Int(row) && shownSet.contains(Int(row))) {
                confirmation.hidden.append(row)
                if !confirmation.includesHidden { continue }
            }
            confirmation.deciding.append(row)
            let status = statuses[Int(row)]
            confirmation.byStatus[Int(status.rawValue)] += 1
            if (status == .accepted || status == .rejected) && confirmation.alreadyDecided.count < 3,
               let latest = latestDecision(of: row) {
                confirmation.alreadyDecided.append(latest)
            }
        }
        confirmation.claimedBy = claimed.counts
        confirmation.decidedMeanwhileBy = meanwhile.counts
        (confirmation.adding, confirmation.addingClusters, confirmation.decidingOneCluster) = addingWords(confirmation.deciding)
        return confirmation
    }

    /// How many of `rows` add words to their cluster's text, in how many clusters they are, and
    /// whether all of `rows` are one cluster.
    private func addingWords(_ rows: [Int32]) -> (rows: Int, clusters: Int, oneCluster: Bool) {
        guard let clusters = desk.clusters else { return (0, 0, false) }
        var count = 0
        var seen = Set<Int>()
        let first = rows.first.flatMap { Int($0) < clusters.rowCount ? clusters.cluster(ofRow: Int($0)) : nil }
        var oneCluster = first != nil
        for row in rows {
            let cluster = Int(row) < clusters.rowCount ? clusters.cluster(ofRow: Int(row)) : nil
            if cluster != first { oneCluster = false }
            guard Int(row) < clusters.rowCount && clusters.addsWords(Int(row)) else { continue }
            count += 1
            if let cluster { seen.insert(cluster) }
        }
        return (count, seen.count, oneCluster)
    }

    /// The log or the claims changed while a confirmation is open: count it again, so the
    /// headline always says what `y` does now.
    mutating func recountOpenConfirmation() {
        guard case .confirm(let confirmation) = mode else { return }
        mode = .confirm(recount(confirmation))
    }

    /// The latest decision recorded for `row`, if any.
    func latestDecision(of row: Int32) -> Decision? { desk.latestDecision(of: Int(row)) }

    /// Whether `request` on `targets` must be confirmed first: with tags, always; for one
    /// submission, when the agent saw it accepted or rejected (a reopening is that on purpose).
    /// A row someone decided after the agent acted goes on to the store, which refuses it and
    /// names who decided it.
    func needsConfirmation(_ request: DecisionRequest, targets: [Int32]) -> Bool {
        if isBulk(request.kind) { return true }
        guard request.kind != .reopened else { return false }
        let statuses = desk.ledger.statuses
        return zip(targets, request.expectedLatestLines).contains { row, seen in
            (statuses[Int(row)] == .accepted || statuses[Int(row)] == .rejected) && desk.latestLine(of: Int(row)) == seen
        }
    }

    mutating func handleConfirmKey(_ key: Key, confirmation original: BulkConfirmation) -> [Effect] {
        var confirmation = original
        if key == .character("i"), !confirmation.hidden.isEmpty {
            confirmation.includesHidden.toggle()
            mode = .confirm(recount(confirmation))
            return []
        }
        mode = .browsing
        let tagsBefore = confirmation.tagsToRestore
        if key == .character("l"), confirmation.adding > 0 {
            listAddingWords(confirmation)  // the cluster's tags stay, to be read and then decided
            return []
        }
        guard key == .character("y") || key == .character("Y") else {
            if let tagsBefore { tags = tagsBefore }
            message = StatusMessage(text: "cancelled; nothing was recorded" + (tags.isEmpty ? "" : " (tags kept)"), isError: false)
            return []
        }
        let request = confirmation.request.keeping(Set(ids(of: confirmation.deciding)))
        guard !request.submissionIDs.isEmpty else {
            if let tagsBefore { tags = tagsBefore }
            message = StatusMessage(text: "nothing recorded: every tagged submission is left out", isError: true)
            return []
        }
        if let tagsBefore {
            tagsKeptAfterBulk = tagsBefore.rows  // a cluster's members were never the reviewer's tags
        } else if confirmation.isBulk {
            // Rows left out stay tagged (hidden, claimed), except those others decided meanwhile.
            let decided = Set(confirmation.deciding)
            tagsKeptAfterBulk = zip(confirmation.targets, confirmation.request.expectedLatestLines).compactMap { row, seen in
                decided.contains(row) || desk.latestLine(of: Int(row)) != seen ? nil : row
            }
        } else if let row = confirmation.targets.first {
            advanceAfterRecord = (row, rows.firstIndex(of: row) ?? cursor)
        }
        return [.record(request)]
    }

    /// `l` in a confirmation: decides nothing and narrows the list to the rows that add words
    /// (`flag:adds` joins the filter, a `-flag:adds` leaves it), tags kept, so they can be read.
    private mutating func listAddingWords(_ confirmation: BulkConfirmation) {
        var expression = filter
        expression.terms.removeAll { $0.predicate == .flag(.adds) }
        expression.terms.append(FilterTerm(.flag(.adds)))
        applyFilter(expression.description)
        let count = confirmation.adding
        var text = "nothing recorded; \(count) tagged submission\(count == 1 ? " adds" : "s add") words: filter \(filterText)"
        // Hidden rows taken in with `i` can add words outside this filter: say how many show.
        if let clusters = desk.clusters {
            let adders = confirmation.deciding.filter { Int($0) < clusters.rowCount && clusters.addsWords(Int($0)) }
            let shown = adders.filter(isShown).count
            if shown < adders.count { text += " (\(shown) of them here, \(adders.count - shown) outside it)" }
        }
        message = StatusMessage(text: text, isError: false)
    }
}

/// Counts per name, in order of first appearance.
private struct NameTally {
    private(set) var counts: [NamedCount] = []

    mutating func add(_ name: String) {
        if let index = counts.firstIndex(where: { $0.name == name }) {
            counts[index].count += 1
        } else {
            counts.append(NamedCount(name: name, count: 1))
        }
    }
}
