/// GDPR Art. 12(3): a request must be answered within one month of receipt.
public enum AnswerDeadline {
    static let millisecondsPerDay: Int64 = 86_400_000

    /// The UTC day (epoch ms at 00:00) by which a submission received at `submittedAt` must be
    /// answered: the same day of the next month, or that month's last day when it is shorter
    /// (received 31 January → due 28 or 29 February).
    public static func dueDay(submittedAt: Int64) -> Int64 {
        let day = Timestamp.floorDivision(submittedAt, millisecondsPerDay).quotient
        var (year, month, dayOfMonth) = Timestamp.civil(fromDays: day)
        month += 1
        if month > 12 { month = 1; year += 1 }
        dayOfMonth = min(dayOfMonth, Timestamp.daysInMonth(month, year: year))
        return Timestamp.days(fromCivil: year, month, dayOfMonth) * millisecondsPerDay
    }

    /// Whole days from `now`'s UTC day until the due day: 0 = due today, negative = overdue.
    public static func daysLeft(submittedAt: Int64, now: Int64) -> Int {
        let due = dueDay(submittedAt: submittedAt) / millisecondsPerDay
        return Int(due - Timestamp.floorDivision(now, millisecondsPerDay).quotient)
    }
}
