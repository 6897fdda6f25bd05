import DeskCore

/// How many open requests are overdue or due within three days: the header's warning.
public struct DeadlineSummary: Equatable, Sendable {
    public var overdue = 0
    public var dueSoon = 0

    public init() {}

    /// Counts over the whole queue (not the view): a warning must not hide behind a filter.
    public init(desk: Desk, now: Int64) {
        let today = now / AnswerDeadline.millisecondsPerDay
        let statuses = desk.ledger.statuses
        let extended = desk.ledger.extended
        let times = desk.table.columns.submittedAt
        for row in 0..<min(statuses.count, times.count) where statuses[row] == .pending || statuses[row] == .awaitingVerification {
            let daysLeft = AnswerDeadline.dueDay(submittedAt: times[row], extended: extended[row]) / AnswerDeadline.millisecondsPerDay - today
            if daysLeft < 0 { overdue += 1 } else if daysLeft <= 3 { dueSoon += 1 }
        }
    }

    /// "12 overdue · 3 due within 3 days", or nil when both are zero.
    public var text: String? {
        guard overdue > 0 || dueSoon > 0 else { return nil }
        var parts: [String] = []
        if overdue > 0 { parts.append("\(overdue) overdue") }
        if dueSoon > 0 { parts.append("\(dueSoon) due within 3 days") }
        return parts.joined(separator: " · ")
    }
}
