import DeskCore
import DeskStore

/// The keys `report --by day|week` groups decision records by, taken from `decided_at` in UTC.
package enum CalendarKey {
    /// The UTC date: `2026-11-23`.
    package static func day(_ epochMillis: Int64) -> String {
        Timestamp.formatDate(epochMillis)
    }

    /// The ISO 8601 week of the UTC date: `2026-W48`. Weeks start on Monday and belong to the year
    /// that holds their Thursday, so 2027-01-01 (a Friday) is in `2026-W53`.
    package static func isoWeek(_ epochMillis: Int64) -> String {
        let (year, week) = isoWeekNumber(epochMillis)
        return (year < 1000 ? String(repeating: "0", count: 4 - String(year).count) : "") + String(year)
            + "-W" + (week < 10 ? "0" : "") + String(week)
    }

    /// The ISO week-numbering year and week (1…53) of an instant's UTC date.
    package static func isoWeekNumber(_ epochMillis: Int64) -> (year: Int64, week: Int64) {
        let day = Timestamp.floorDivision(epochMillis, Timestamp.millisPerDay).quotient
        // 1970-01-01 was a Thursday: Monday = 0 … Sunday = 6.
        let weekday = Timestamp.floorDivision(day + 3, 7).remainder
        let thursday = day - weekday + 3
        let year = Timestamp.civil(fromDays: thursday).year
        let week = (thursday - Timestamp.days(fromCivil: year, 1, 1)) / 7 + 1
        return (year, week)
    }
}
