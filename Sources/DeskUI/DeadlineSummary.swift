import DeskCore

/// How many open requests are overdue or due within three days: the header's warning.
public struct DeadlineSummary: Equatable, Sendable {
    public var overdue = 0
    public var dueSoon = 0

    public init() {}

    /// Counts over the whole queue (not the view): a warning must not hide behind a filter.
    public init(desk: DeskSnapshot, now: Int64) {
        let counts = desk.ledger.deadlineCounts(in: desk.table, now: now)
        overdue = counts.overdue
        dueSoon = counts.dueSoon
    }

    /// "12 overdue · 3 due within 3 days", or nil when both are zero.
    public var text: String? {
        guard overdue > 0 || dueSoon > 0 else { return nil }
        var parts: [String] = []
        if overdue > 0 { parts.append("\(overdue) overdue") }
        if dueSoon > 0 { parts.append("\(dueSoon) due within \(DeadlineCounts.dueSoonDays) days") }
        return parts.joined(separator: " · ")
    }
}
