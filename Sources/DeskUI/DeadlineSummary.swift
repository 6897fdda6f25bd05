import DeskStore
import DeskEngine
import DeskCore

/// How many open requests are overdue or due within three days: the header's warning.
package struct DeadlineSummary: Equatable, Sendable {
    package var overdue = 0
    package var dueSoon = 0

    package init() {}

    /// Counts over the whole queue (not the view): a warning must not hide behind a filter.
    package init(desk: DeskSnapshot, now: Int64) {
        let counts = desk.ledger.deadlineCounts(in: desk.table, now: now)
        overdue = counts.overdue
        dueSoon = counts.dueSoon
    }

    /// "12 overdue · 3 due within 3 days", or nil when both are zero.
    package var text: String? {
        guard overdue > 0 || dueSoon > 0 else { return nil }
        var parts: [String] = []
        if overdue > 0 { parts.append("\(overdue) overdue") }
        if dueSoon > 0 { parts.append("\(dueSoon) due within \(DeadlineCounts.dueSoonDays) days") }
        return parts.joined(separator: " · ")
    }
}
