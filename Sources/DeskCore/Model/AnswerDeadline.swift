/// GDPR Art. 12(3): a request must be answered within one month of receipt.
public enum AnswerDeadline {
    static let millisecondsPerDay: Int64 = 86_400_000

    /// Months to answer when the deadline was extended (Art. 12(3): "by two further months").
    public static let extendedMonths: Int64 = 3

    /// The UTC day (epoch ms at 00:00) by which a submission received at `submittedAt` must be
    /// answered: the same day `months` later (one, unless extended), or that month's last day when
    /// it is shorter (received 31 January → due 28 or 29 February), as Regulation 1182/71 counts.
    /// The whole due day is in time.
    public static func dueDay(submittedAt: Int64, months: Int64 = 1) -> Int64 {
        let day = Timestamp.floorDivision(submittedAt, millisecondsPerDay).quotient
        var (year, month, dayOfMonth) = Timestamp.civil(fromDays: day)
        let monthIndex = month - 1 + months
        year += Timestamp.floorDivision(monthIndex, 12).quotient
        month = Timestamp.floorDivision(monthIndex, 12).remainder + 1
        dayOfMonth = min(dayOfMonth, Timestamp.daysInMonth(month, year: year))
        return Timestamp.days(fromCivil: year, month, dayOfMonth) * millisecondsPerDay
    }

    /// Whole days from `now`'s UTC day until the due day: 0 = due today, negative = overdue.
    public static func daysLeft(submittedAt: Int64, now: Int64) -> Int {
        let due = dueDay(submittedAt: submittedAt) / millisecondsPerDay
        return Int(due - Timestamp.floorDivision(now, millisecondsPerDay).quotient)
    }
}
