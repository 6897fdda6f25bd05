/// GDPR Art. 12(3): a request must be answered within one month of receipt.
package enum AnswerDeadline {
    package static let millisecondsPerDay: Int64 = 86_400_000

    /// Months to answer when the deadline was extended (Art. 12(3): "by two further months").
    package static let extendedMonths: Int64 = 3

    /// The UTC day (epoch ms at 00:00) by which a submission received at `submittedAt` must be
    /// answered: the same day `months` later (one, unless extended), or that month's last day when
    /// it is shorter (received 31 January → due 28 or 29 February), as Regulation 1182/71 counts.
    /// The whole due day is in time.
    package static func dueDay(submittedAt: Int64, months: Int64 = 1) -> Int64 {
        let day = Timestamp.floorDivision(submittedAt, millisecondsPerDay).quotient
        var (year, month, dayOfMonth) = Timestamp.civil(fromDays: day)
        let monthIndex = month - 1 + months
        year += Timestamp.floorDivision(monthIndex, 12).quotient
        month = Timestamp.floorDivision(monthIndex, 12).remainder + 1
        dayOfMonth = min(dayOfMonth, Timestamp.daysInMonth(month, year: year))
        return Timestamp.days(fromCivil: year, month, dayOfMonth) * millisecondsPerDay
    }

    /// The due day after any extension: three months from receipt instead of one.
    package static func dueDay(submittedAt: Int64, extended: Bool) -> Int64 {
        dueDay(submittedAt: submittedAt, months: extended ? extendedMonths : 1)
    }

    /// Whole days from `now`'s UTC day until the due day: 0 = due today, negative = overdue.
    package static func daysLeft(submittedAt: Int64, now: Int64, extended: Bool = false) -> Int {
        let due = dueDay(submittedAt: submittedAt, extended: extended) / millisecondsPerDay
        return Int(due - Timestamp.floorDivision(now, millisecondsPerDay).quotient)
    }

    /// Why an extension cannot be recorded now, or nil when it can: only once, only for an open
    /// request, and only while the first month runs (the person must be told within it).
    package static func extensionRefusal(submittedAt: Int64, status: SubmissionStatus, alreadyExtended: Bool, now: Int64) -> String? {
        if alreadyExtended { return "its deadline was already extended (once only: three months from receipt at most)" }
        if status == .accepted || status == .rejected { return "it is already answered (\(status.name))" }
        let firstDue = dueDay(submittedAt: submittedAt)
        if now >= firstDue + millisecondsPerDay {
            return "its one-month deadline passed on \(Timestamp.formatDate(firstDue)) (Art. 12(3): extend within the first month)"
        }
        return nil
    }
}
