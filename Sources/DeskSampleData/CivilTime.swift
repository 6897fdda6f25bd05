import DeskCore

/// Calendar arithmetic and RFC 3339 formatting on plain integers, without `Date` or time zones.
///
/// Generated files must not depend on the machine's clock, locale or time-zone database, so times
/// are Unix seconds (or milliseconds) and the proleptic Gregorian calendar is computed directly.
enum CivilTime {
    /// Unix seconds of the given UTC wall-clock time.
    static func seconds(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) -> Int64 {
        Int64(daysFromCivil(year: year, month: month, day: day)) * 86_400
            + Int64(hour * 3_600 + minute * 60 + second)
    }

    /// Days since 1970-01-01 of a Gregorian date (month 1...12).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        Int(Timestamp.days(fromCivil: Int64(year), Int64(month), Int64(day)))
    }

    /// The Gregorian date of a day count since 1970-01-01.
    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let date = Timestamp.civil(fromDays: Int64(days))
        return (Int(date.year), Int(date.month), Int(date.day))
    }

    /// Day of the week, 0 = Sunday, of a day count since 1970-01-01 (a Thursday).
    static func weekday(days: Int) -> Int {
        ((days + 4) % 7 + 7) % 7
    }

    /// Whether EU summer time is in force: from the last Sunday of March to the last Sunday of
    /// October, switching at 01:00 UTC in every EU time zone.
    static func isEUSummerTime(utcSeconds: Int64) -> Bool {
        let days = Int(floorDivide(utcSeconds, 86_400))
        let year = civilFromDays(days).year
        let start = seconds(year: year, month: 3, day: lastSunday(year: year, month: 3), hour: 1)
        let end = seconds(year: year, month: 10, day: lastSunday(year: year, month: 10), hour: 1)
        return utcSeconds >= start && utcSeconds < end
    }

    /// The day of the month of the last Sunday of a month with 31 days (March or October).
    private static func lastSunday(year: Int, month: Int) -> Int {
        let lastDay = daysFromCivil(year: year, month: month, day: 31)
        return 31 - weekday(days: lastDay)
    }

    /// Appends `YYYY-MM-DDTHH:MM:SS` followed by `Z` (when `offsetMinutes` is nil) or the local
    /// time at that offset followed by `+HH:MM` / `-HH:MM`.
    static func appendRFC3339(utcSeconds: Int64, offsetMinutes: Int?, to out: inout [UInt8]) {
        let local = utcSeconds + Int64((offsetMinutes ?? 0) * 60)
        appendDateTime(localSeconds: local, to: &out)
        guard let offsetMinutes else {
            out.append(UInt8(ascii: "Z"))
            return
        }
        out.append(offsetMinutes < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        let magnitude = abs(offsetMinutes)
        appendTwoDigits(magnitude / 60, to: &out)
        out.append(UInt8(ascii: ":"))
        appendTwoDigits(magnitude % 60, to: &out)
    }

    /// Appends `YYYY-MM-DDTHH:MM:SS.mmmZ` for a UTC time in milliseconds.
    static func appendRFC3339Milliseconds(utcMilliseconds: Int64, to out: inout [UInt8]) {
        let seconds = floorDivide(utcMilliseconds, 1_000)
        let millis = Int(utcMilliseconds - seconds * 1_000)
        appendDateTime(localSeconds: seconds, to: &out)
        out.append(UInt8(ascii: "."))
        out.append(UInt8(ascii: "0") + UInt8(millis / 100))
        appendTwoDigits(millis % 100, to: &out)
        out.append(UInt8(ascii: "Z"))
    }

    /// The calendar year of a UTC time.
    static func year(utcSeconds: Int64) -> Int {
        civilFromDays(Int(floorDivide(utcSeconds, 86_400))).year
    }

    private static func appendDateTime(localSeconds: Int64, to out: inout [UInt8]) {
        let days = Int(floorDivide(localSeconds, 86_400))
        let secondOfDay = Int(localSeconds - Int64(days) * 86_400)
        let date = civilFromDays(days)
        appendTwoDigits(date.year / 100, to: &out)
        appendTwoDigits(date.year % 100, to: &out)
        out.append(UInt8(ascii: "-"))
        appendTwoDigits(date.month, to: &out)
        out.append(UInt8(ascii: "-"))
        appendTwoDigits(date.day, to: &out)
        out.append(UInt8(ascii: "T"))
        appendTwoDigits(secondOfDay / 3_600, to: &out)
        out.append(UInt8(ascii: ":"))
        appendTwoDigits(secondOfDay / 60 % 60, to: &out)
        out.append(UInt8(ascii: ":"))
        appendTwoDigits(secondOfDay % 60, to: &out)
    }

    private static func appendTwoDigits(_ value: Int, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "0") + UInt8(value / 10))
        out.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return (value % divisor < 0) ? quotient - 1 : quotient
    }
}
