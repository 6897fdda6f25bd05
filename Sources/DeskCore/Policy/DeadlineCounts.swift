/// How many open requests are past their answer deadline, due within three days, or extended:
/// counted over whole columns, the same way for the screen's header and `stats`.
package struct DeadlineCounts: Equatable, Sendable {
    /// Days left at most this many (and not overdue) count as due soon.
    package static let dueSoonDays = 3

    package var overdue = 0
    package var dueSoon = 0
    /// Open requests whose deadline was extended (Art. 12(3)), whatever their days left.
    package var extended = 0

    package init() {}

    /// Counts the open rows of parallel columns at `now` (rows beyond the shortest column are
    /// not counted). Days left are whole UTC days (`AnswerDeadline.daysLeft`).
    package init(statuses: [SubmissionStatus], extended isExtended: [Bool], submittedAt: [Int64], now: Int64) {
        let count = min(statuses.count, isExtended.count, submittedAt.count)
        for row in 0..<count where statuses[row].isOpen {
            let daysLeft = AnswerDeadline.daysLeft(submittedAt: submittedAt[row], now: now, extended: isExtended[row])
            if daysLeft < 0 { overdue += 1 } else if daysLeft <= Self.dueSoonDays { dueSoon += 1 }
            if isExtended[row] { extended += 1 }
        }
    }
}
