/// GDPR Art. 12(3): a request must be answered within one month of receipt.
public enum AnswerDeadline {
    static let millisecondsPerDay: Int64 = 86_400_000

    /// The UTC day (epoch ms at 00:00) by which a submission received at `submittedAt` must be
    /// answered: the same day of the next month, or that month's last day when it is shorter
    /// (received 31 January → due 28 or 29 February).
    public static func dueDay(submittedAt: Int64) -> Int64 {
        let day = floorDivide(submittedAt, millisecondsPerDay)
        var (year, month, dayOfMonth) = civil(fromDays: day)
        month += 1
        if month > 12 { month = 1; year += 1 }
        dayOfMonth = min(dayOfMonth, daysIn(month: month, year: year))
        return days(year: year, month: month, day: dayOfMonth) * millisecondsPerDay
    }

    /// Whole days from `now`'s UTC day until the due day: 0 = due today, negative = overdue.
    public static func daysLeft(submittedAt: Int64, now: Int64) -> Int {
        let due = dueDay(submittedAt: submittedAt) / millisecondsPerDay
        return Int(due - floorDivide(now, millisecondsPerDay))
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        value >= 0 ? value / divisor : (value - divisor + 1) / divisor
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a civil date (proleptic Gregorian).
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
