import DeskCore
import DeskStore
import Synchronization

/// Whole-queue orderings, computed once, so that sorting a view is a filter, not a sort.
///
/// Sorting a million rows by email costs most of a second; keeping the permutation of every row
/// for a key makes any later sort by that key one pass over it (keep the rows the view shows),
/// a few milliseconds. Orders that depend only on the table (submitted, country, email) are built
/// on a background thread after the load, from a copy of the table (copy-on-write: shared, never
/// written), and adopted when ready; status and due orders are built on first use and dropped
/// when decisions change.
package final class SortOrderCache: Sendable {
    private struct Order {
        var stamp: [Int]
        var rows: [Int32]
    }

    private struct State {
        var orders: [SortKey: Order] = [:]
        var building = false
    }

    private let state = Mutex(State())

    package init() {}

    /// What an order of `key` depends on: rows (and decisions, and the day, for status and due).
    static func stamp(_ key: SortKey, table: SubmissionTable, ledger: Ledger, now: Int64) -> [Int] {
        switch key {
        case .submitted, .country, .email: [table.count]
        case .status: [table.count, ledger.entries.count]
        case .due: [table.count, ledger.entries.count, Int(now / 86_400_000)]
        }
    }

    /// The rows of `set` in `spec` order, from a cached permutation when there is a valid one, or
    /// when `set` is large enough that building one pays for itself; nil: sort `set` directly.
    func sorted(_ set: RowSet, by spec: SortSpec, table: SubmissionTable, ledger: Ledger, now: Int64) -> [Int32]? {
        let stamp = Self.stamp(spec.key, table: table, ledger: ledger, now: now)
        let cached = state.withLock { $0.orders[spec.key] }
        var order = cached.flatMap { $0.stamp == stamp ? $0.rows : nil }
        if order == nil, let cached, cached.stamp.count == 1, cached.stamp[0] < table.count {
            // Only rows were added (submissions arrive while agents work): merge them in.
            let added = Array(Int32(cached.stamp[0])..<Int32(table.count))
            let sorter = RowSorter(table: table, ledger: ledger)
            let merged = Self.merge(cached.rows, sorter.sorted(added, by: SortSpec(key: spec.key)), by: sorter.precedes(spec.key))
            state.withLock { $0.orders[spec.key] = Order(stamp: stamp, rows: merged) }
            order = merged
        }
        if order == nil {
            guard set.count > table.count / 8, table.count > 50_000 else { return nil }
            let all = RowSorter(table: table, ledger: ledger).sorted(Array(0..<Int32(table.count)), by: SortSpec(key: spec.key))
            state.withLock { $0.orders[spec.key] = Order(stamp: stamp, rows: all) }
            order = all
        }
        var result: [Int32] = []
        result.reserveCapacity(set.count)
        for row in order! where set.contains(Int(row)) { result.append(row) }
        if spec.descending { result.reverse() }
        return result
    }

    static func merge(_ left: [Int32], _ right: [Int32], by precedes: (Int32, Int32) -> Bool) -> [Int32] {
        var result: [Int32] = []
        result.reserveCapacity(left.count + right.count)
        var (i, j) = (0, 0)
        while i < left.count && j < right.count {
            if precedes(right[j], left[i]) { result.append(right[j]); j += 1 } else { result.append(left[i]); i += 1 }
        }
        result += left[i...]
        result += right[j...]
        return result
    }

    /// Builds the table-only orders on a background thread (once per table size).
    func prepareInBackground(table: SubmissionTable, ledger: Ledger) {
        guard table.count > 50_000 else { return }
        let begin = state.withLock { state -> Bool in
            guard !state.building else { return false }
            state.building = true
            return true
        }
        guard begin else { return }
        BackgroundTask.detached { [self] in
            for key in [SortKey.email, .country, .submitted] {
                let stamp = Self.stamp(key, table: table, ledger: ledger, now: 0)
                if state.withLock({ $0.orders[key]?.stamp == stamp }) { continue }
                let all = RowSorter(table: table, ledger: ledger).sorted(Array(0..<Int32(table.count)), by: SortSpec(key: key))
                state.withLock { $0.orders[key] = Order(stamp: stamp, rows: all) }
            }
            state.withLock { $0.building = false }
        }
    }
}
