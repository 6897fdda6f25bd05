import DeskCore
import DeskStore
import Dispatch

/// Runs a filter expression over the whole table.
///
/// Each term becomes a `RowSet` from one tight loop over a column (or one `memmem` pass over the
/// folded text), and the sets are intersected. A million rows take milliseconds per structured
/// term, which is what lets the review screen filter live as the agent types.
package struct FilterEvaluator {
    package let table: SubmissionTable
    package let ledger: Ledger
    /// Milliseconds since the epoch: what `overdue` and `due` count from.
    package let now: Int64
    /// The clustering's per-row facts, for `flag:viral` and `flag:adds`.
    package let clusterFacts: ClusterFacts?
    /// Needed by `cluster:` terms, which match nothing without it.
    package let clusters: Clusters?

    package init(table: SubmissionTable, ledger: Ledger, now: Int64, clusterFacts: ClusterFacts? = nil,
                clusters: Clusters? = nil) {
        self.table = table
        self.ledger = ledger
        self.now = now
        self.clusterFacts = clusterFacts ?? clusters
        self.clusters = clusters
    }

    /// The rows matching every term.
    package func matches(_ expression: FilterExpression) -> RowSet {
        var result = RowSet(rowCount: table.count, allSelected: true)
        // Column terms first: they are cheap and usually leave few rows for the text terms,
        // which then check just those rows instead of scanning all the text.
        let ordered = expression.terms.filter { !$0.predicate.isTextSearch } + expression.terms.filter(\.predicate.isTextSearch)
        // Without the whole folded text (nobody asked for it), folding the rows left costs in
        // proportion to them, so narrowing pays off for far more rows than against a memmem pass.
        let narrowBelow = table.searchText.isWanted ? table.count / 8 : table.count / 2
        for term in ordered {
            if term.predicate.isTextSearch, result.count < narrowBelow {
                narrow(&result, by: term)
                continue
            }
            let set = rows(matching: term.predicate)
            if term.isNegated { result.subtract(set) } else { result.formIntersection(set) }
        }
        return result
    }

    /// Applies a text term to the rows still in `result`, one row at a time.
    private func narrow(_ result: inout RowSet, by term: FilterTerm) {
        let (value, emailOnly): (String, Bool)
        switch term.predicate {
        case .text(let text): (value, emailOnly) = (text, false)
        case .email(let text): (value, emailOnly) = (text, true)
        default: return
        }
        let needle = Array(SearchFolder.fold(value).utf8)
        guard !needle.isEmpty, result.count > 0 else { return }
        if !table.searchText.isWanted {
            // Nobody needs the whole text (a command line run): fold just these rows.
            let rows = result.rows
            let text = table.searchText.fold(rows: rows, of: table)
            for (local, row) in rows.enumerated() where text.rowContains(localRow: local, needle, emailOnly: emailOnly) == term.isNegated {
                result.remove(Int(row))
            }
            return
        }
        let segments = table.searchSegments
        var segment = 0
        for row in result.rows {
            while segment + 1 < segments.count && segments[segment + 1].firstRow <= Int(row) { segment += 1 }
            let text = segments[segment]
            let found = text.rowContains(localRow: Int(row) - text.firstRow, needle, emailOnly: emailOnly)
            if found == term.isNegated { result.remove(Int(row)) }
        }
    }

    package func rows(matching predicate: FilterPredicate) -> RowSet {
        let count = table.count
        let columns = table.columns
        switch predicate {
        case .id(let id):
            var set = RowSet(rowCount: count, allSelected: false)
            if let row = table.row(forID: id) { set.insert(row) }
            return set
        case .countries(let codes):
            var wanted = [Bool](repeating: false, count: 1 << 16)
            for code in codes { if let country = CountryCode(normalizing: code) { wanted[Int(country.packed)] = true } }
            return columns.countries.withUnsafeBufferPointer { countries in
                RowSet.filled(rowCount: count) { wanted[Int(countries[$0])] }
            }
        case .statuses(let statuses):
            var wanted = [Bool](repeating: false, count: SubmissionStatus.allCases.count)
            for status in statuses { wanted[Int(status.rawValue)] = true }
            return ledger.statuses.withUnsafeBufferPointer { rowStatuses in
                RowSet.filled(rowCount: count) { wanted[Int(rowStatuses[$0].rawValue)] }
            }
        case .verified(let verified):
            let wanted: RowAttributes = verified ? [.verificationKnown, .emailVerified] : [.verificationKnown]
            let mask: RowAttributes = [.verificationKnown, .emailVerified]
            return columns.attributes.withUnsafeBufferPointer { attributes in
                RowSet.filled(rowCount: count) { attributes[$0].intersection(mask) == wanted }
            }
        case .submittedRange(let from, let before):
            let low = from ?? Int64.min
            let high = before ?? Int64.max
            return columns.submittedAt.withUnsafeBufferPointer { times in
                RowSet.filled(rowCount: count) { times[$0] >= low && times[$0] < high }
            }
        case .platform(let value):
            let wanted = Self.numbers(in: table.platforms) { $0.lowercased() == value.lowercased() }
            return columns.platforms.withUnsafeBufferPointer { platforms in
                RowSet.filled(rowCount: count) { wanted[Int(platforms[$0])] }
            }
        case .locale(let value):
            let prefix = value.lowercased().replacingOccurrences(of: "_", with: "-")
            let wanted = Self.numbers(in: table.locales) { locale in
                let normalized = locale.lowercased().replacingOccurrences(of: "_", with: "-")
                return normalized == prefix || normalized.hasPrefix(prefix + "-")
            }
            return columns.locales.withUnsafeBufferPointer { locales in
                RowSet.filled(rowCount: count) { wanted[Int(locales[$0])] }
            }
        case .reviewer(let value):
            let wanted = Self.numbers(in: ledger.reviewers) { $0.lowercased() == value.lowercased() }
            return RowSet.filled(rowCount: count) { wanted[Int(ledger.latestReviewer(of: $0))] }
        case .overdue(let wanted):
            return openRows(decided: !wanted) { daysLeft in (daysLeft < 0) == wanted }
        case .due(let comparison, let days):
            return openRows(decided: false) { comparison.holds($0, days) }
        case .flag(let flag):
            let facts = clusterFacts
            return RowSet.filled(rowCount: count) { table.has(flag, row: $0, clusterFacts: facts) }
        case .requester(let email):
            let wanted = RequesterKey.hash(email)
            return columns.requesters.withUnsafeBufferPointer { requesters in RowSet.filled(rowCount: count) { requesters[$0] == wanted } }
        case .extended(let wanted):
            return ledger.extended.withUnsafeBufferPointer { extended in RowSet.filled(rowCount: count) { extended[$0] == wanted } }
        case .cluster(let id):
            var set = RowSet(rowCount: count, allSelected: false)
            if let clusters, let cluster = clusters.cluster(withID: id, in: table) {
                for row in clusters.members(ofCluster: cluster) where Int(row) < count { set.insert(Int(row)) }
            }
            return set
        case .clusterSize(let minimum):
            guard let clusters else { return RowSet(rowCount: count, allSelected: false) }
            return RowSet.filled(rowCount: count) { $0 < clusters.rowCount && clusters.clusterSize(ofRow: $0) >= minimum }
        case .email(let value):
            return textMatches(value, emailOnly: true)
        case .text(let value):
            return textMatches(value, emailOnly: false)
        }
    }

    /// Open rows (pending, awaiting verification) whose days left satisfy `test`, plus the decided
    /// rows when `decided` (they have no deadline any more: never overdue, never due).
    private func openRows(decided: Bool, _ test: (Int) -> Bool) -> RowSet {
        let today = Timestamp.floorDivision(now, AnswerDeadline.millisecondsPerDay).quotient
        let times = table.columns.submittedAt
        return ledger.statuses.withUnsafeBufferPointer { statuses in
            ledger.extended.withUnsafeBufferPointer { extended in
                RowSet.filled(rowCount: table.count) { row in
                    let status = statuses[row]
                    guard status.isOpen else { return decided }
                    let due = AnswerDeadline.dueDay(submittedAt: times[row], extended: extended[row]) / AnswerDeadline.millisecondsPerDay
                    return test(Int(due - today))
                }
            }
        }
    }

    /// Which interned numbers (index + 1, 0 = absent) satisfy `test`, as a lookup table.
    private static func numbers(in interner: StringInterner, where test: (String) -> Bool) -> [Bool] {
        [false] + interner.values.map(test)
    }

    private func textMatches(_ value: String, emailOnly: Bool) -> RowSet {
        let needle = Array(SearchFolder.fold(value).utf8)
        guard !needle.isEmpty else { return RowSet(rowCount: table.count, allSelected: true) }
        let segments = table.searchSegments
        let rowCount = table.count
        // One memmem pass per segment; segments are independent, so they run on every core (the
        // load makes one segment per core). Each fills its own set; the sets are then merged.
        let partial = UnsafeMutableBufferPointer<RowSet>.allocate(capacity: segments.count)
        partial.initialize(repeating: RowSet(rowCount: 0, allSelected: false))
        defer { partial.deinitialize(); partial.deallocate() }
        let slots = SendablePointer(partial)
        let search: @Sendable (Int) -> Void = { index in
            var set = RowSet(rowCount: rowCount, allSelected: false)
            let segment = segments[index]
            let first = segment.firstRow
            segment.forEachRow(containing: needle, emailOnly: emailOnly) { set.insert(first + $0) }
            slots.pointer[index] = set
        }
        if segments.count > 1 && rowCount > 100_000 {
            DispatchQueue.concurrentPerform(iterations: segments.count, execute: search)
        } else {
            for index in segments.indices { search(index) }
        }
        var set = RowSet(rowCount: rowCount, allSelected: false)
        for part in partial { set.formUnion(part) }
        return set
    }
}

extension FilterPredicate {
    /// Terms answered from the folded text rather than from columns.
    var isTextSearch: Bool {
        switch self {
        case .text, .email: true
        default: false
        }
    }
}
