import DeskCore

/// Moves submission times at load, for the bundled sample only: its dates are fixed in the file
/// (so it stays reproducible), yet a demo should open with deadlines spread around today.
///
/// Each time keeps its age relative to the sample's reference instant, scaled by
/// `numerator / denominator`, and is placed that long before `now`: order, and who came first,
/// are kept; the deadlines become a realistic spread (fresh, due within days, a few overdue).
package struct SubmittedAtMapping: Equatable, Sendable {
    package let reference: Int64
    package let now: Int64
    package let numerator: Int64
    package let denominator: Int64

    package init(reference: Int64, now: Int64, numerator: Int64 = 1, denominator: Int64 = 1) {
        self.reference = reference
        self.now = now
        self.numerator = numerator
        self.denominator = max(1, denominator)
    }

    /// The moved time, in whole seconds (as submission times are written).
    package func apply(_ time: Int64) -> Int64 {
        // In floating point: an age in milliseconds times a span in milliseconds overflows Int64.
        let moved = now - Int64((Double(reference - time) * Double(numerator) / Double(denominator)).rounded())
        return moved - ((moved % 1000) + 1000) % 1000
    }

    /// The bundled sample (`Resources/sample-queue.jsonl`): 45 days of submissions before
    /// 2026-11-20T12:00:00Z, mapped so that the newest lands at the start of today (UTC) and the
    /// oldest at noon the day before the day one calendar month ago. Only the oldest few (about
    /// five) are then past the one-month deadline, whatever the length of last month. The mapping
    /// depends on the day only, so the times a demo session shows (screen, `list`, `export`) stay
    /// the same from one command to the next, and move by a day when the day changes.
    package static func bundledSample(now: Int64) -> SubmittedAtMapping {
        let day = Timestamp.millisPerDay
        let today = Timestamp.floorDivision(now, day).quotient
        let anchor = today * day
        let (year, month, dayOfMonth) = Timestamp.civil(fromDays: today)
        let (previousYear, previousMonth) = month == 1 ? (year - 1, Int64(12)) : (year, month - 1)
        let monthAgo = Timestamp.days(fromCivil: previousYear, previousMonth,
                                      min(dayOfMonth, Timestamp.daysInMonth(previousMonth, year: previousYear)))
        let oldest = (monthAgo - 1) * day + day / 2
        let span = Int64(bundledSampleSpanDays) * day
        return SubmittedAtMapping(reference: bundledSampleReference, now: anchor, numerator: anchor - oldest, denominator: span)
    }

    /// The instant the bundled sample was generated for, in milliseconds (`SampleQueue.referenceTime`).
    package static let bundledSampleReference: Int64 = 1_795_176_000_000
    /// How many days the bundled sample spans (`SampleQueue.spanDays`).
    package static let bundledSampleSpanDays = 45
}
