/// RFC 3339 timestamps and calendar dates, as milliseconds since the Unix epoch in UTC.
///
/// Hand-written because loading a queue parses about a million timestamps: parsing reads raw UTF-8
/// bytes and allocates nothing, where `DateFormatter` and `ISO8601FormatStyle` are locale-aware,
/// allocate, and are far slower.
///
/// Leap seconds: a seconds field of `60` is accepted in any minute (there is no leap-second table
/// here, and a local offset moves the minute anyway) and is clamped to `:59.999` of that minute.
/// Clamping keeps the instant after every `:59.x` instant and inside the same UTC day, so sorting
/// and day filters agree with what the submitter wrote.
package enum Timestamp {
    package static let millisPerDay: Int64 = 86_400_000

    /// Parses an RFC 3339 `date-time`, returning nil for anything the grammar does not allow.
    ///
    /// Accepted: `YYYY-MM-DD` then `T`, `t` or one space, `hh:mm:ss`, an optional `.` with 1–9
    /// digits (milliseconds kept, finer digits truncated), then `Z`, `z`, `+hh:mm` or `-hh:mm`.
    /// Years 0000–9999; days are checked against the month, leap years included.
    package static func parseRFC3339(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        let count = bytes.count
        // 20 = "2024-05-01T09:30:00Z"; 35 adds nine fraction digits and a numeric offset.
        guard count >= 20, count <= 35, let day = parseDays(bytes) else { return nil }
        let separator = bytes[10]
        guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t")
            || separator == UInt8(ascii: " ")
        else { return nil }
        guard let hour = digits(bytes, at: 11, count: 2), hour <= 23,
              bytes[13] == UInt8(ascii: ":"),
              let minute = digits(bytes, at: 14, count: 2), minute <= 59,
              bytes[16] == UInt8(ascii: ":"),
              var second = digits(bytes, at: 17, count: 2), second <= 60
        else { return nil }

        var index = 19
        var millis: Int64 = 0
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < count, let digit = digitValue(bytes[index]) {
                if index - start < 3 { millis = millis * 10 + digit }
                index += 1
            }
            let fractionDigits = index - start
            guard fractionDigits >= 1, fractionDigits <= 9 else { return nil }
            if fractionDigits == 1 { millis *= 100 } else if fractionDigits == 2 { millis *= 10 }
        }

        guard index < count else { return nil }
        var offsetMinutes: Int64 = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard count - index == 6,
                  let offsetHour = digits(bytes, at: index + 1, count: 2), offsetHour <= 23,
                  bytes[index + 3] == UInt8(ascii: ":"),
                  let offsetMinute = digits(bytes, at: index + 4, count: 2), offsetMinute <= 59
            else { return nil }
            offsetMinutes = offsetHour * 60 + offsetMinute
            if bytes[index] == UInt8(ascii: "-") { offsetMinutes = -offsetMinutes }
            index += 6
        default:
            return nil
        }
        guard index == count else { return nil }

        if second == 60 {
            second = 59
            millis = 999
        }
        // Local time minus the offset is UTC: 10:00+02:00 is 08:00Z.
        let minuteOfDay = hour * 60 + minute - offsetMinutes
        return day * millisPerDay + (minuteOfDay * 60 + second) * 1000 + millis
    }

    /// Parses an RFC 3339 `date-time` held in a string, with the same rules as the byte overload.
    package static func parseRFC3339(_ text: some StringProtocol) -> Int64? {
        withUTF8Bytes(text, parseRFC3339)
    }

    /// Parses a `YYYY-MM-DD` calendar date to the epoch milliseconds of its 00:00 UTC.
    package static func parseDate(_ text: some StringProtocol) -> Int64? {
        withUTF8Bytes(text) { bytes in
            guard bytes.count == 10, let day = parseDays(bytes) else { return nil }
            return day * millisPerDay
        }
    }

    /// Formats an instant as `YYYY-MM-DDThh:mm:ss.mmmZ`, always with three fraction digits.
    ///
    /// Instants outside the years 0000–9999 get a signed or longer year, which the parser rejects:
    /// RFC 3339 has no such years.
    package static func formatUTCMillis(_ epochMillis: Int64) -> String {
        let (day, millisOfDay) = floorDivision(epochMillis, millisPerDay)
        let (year, month, dayOfMonth) = civil(fromDays: day)
        let seconds = millisOfDay / 1000
        return String(unsafeUninitializedCapacity: 40) { buffer in
            var index = writeDate(year, month, dayOfMonth, into: buffer)
            buffer[index] = UInt8(ascii: "T")
            index = writePadded(seconds / 3600, width: 2, into: buffer, at: index + 1)
            buffer[index] = UInt8(ascii: ":")
            index = writePadded(seconds / 60 % 60, width: 2, into: buffer, at: index + 1)
            buffer[index] = UInt8(ascii: ":")
            index = writePadded(seconds % 60, width: 2, into: buffer, at: index + 1)
            buffer[index] = UInt8(ascii: ".")
            index = writePadded(millisOfDay % 1000, width: 3, into: buffer, at: index + 1)
            buffer[index] = UInt8(ascii: "Z")
            return index + 1
        }
    }

    /// Formats the UTC calendar date of an instant as `YYYY-MM-DD`.
    package static func formatDate(_ epochMillis: Int64) -> String {
        let (year, month, day) = civil(fromDays: floorDivision(epochMillis, millisPerDay).quotient)
        return String(unsafeUninitializedCapacity: 24) { buffer in
            writeDate(year, month, day, into: buffer)
        }
    }

    /// Whether an instant is exactly 00:00:00.000 UTC of some day.
    static func isMidnight(_ epochMillis: Int64) -> Bool {
        floorDivision(epochMillis, millisPerDay).remainder == 0
    }

    // MARK: - Calendar arithmetic

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    ///
    /// Howard Hinnant's days-from-civil: counting years from March puts the leap day last, so each
    /// 400-year era has a fixed length and no month tables are needed.
    package static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of a day counted from 1970-01-01; inverse of `days(fromCivil:)`.
    package static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    package static func daysInMonth(_ month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Rounds toward negative infinity so instants before 1970 land on the right day.
    package static func floorDivision(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }

    // MARK: - Bytes

    /// Validates the `YYYY-MM-DD` in the first ten bytes and returns its day number.
    private static func parseDays(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        guard let year = digits(bytes, at: 0, count: 4),
              bytes[4] == UInt8(ascii: "-"),
              let month = digits(bytes, at: 5, count: 2), month >= 1, month <= 12,
              bytes[7] == UInt8(ascii: "-"),
              let day = digits(bytes, at: 8, count: 2), day >= 1, day <= daysInMonth(month, year: year)
        else { return nil }
        return days(fromCivil: year, month, day)
    }

    @inline(__always)
    private static func digitValue(_ byte: UInt8) -> Int64? {
        let value = byte &- UInt8(ascii: "0")
        return value < 10 ? Int64(value) : nil
    }

    @inline(__always)
    private static func digits(_ bytes: UnsafeRawBufferPointer, at start: Int, count: Int) -> Int64? {
        var value: Int64 = 0
        for index in start..<(start + count) {
            guard let digit = digitValue(bytes[index]) else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    /// Runs `body` on the string's UTF-8 without copying when the storage is already contiguous.
    private static func withUTF8Bytes<R>(
        _ text: some StringProtocol, _ body: (UnsafeRawBufferPointer) -> R
    ) -> R {
        if let result = text.utf8.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        return Array(text.utf8).withUnsafeBytes(body)
    }

    @discardableResult
    private static func writeDate(
        _ year: Int64, _ month: Int64, _ day: Int64, into buffer: UnsafeMutableBufferPointer<UInt8>
    ) -> Int {
        var index = 0
        if year < 0 {
            buffer[0] = UInt8(ascii: "-")
            index = 1
        }
        var magnitude = year.magnitude
        var width = 4
        while magnitude >= 10_000 {
            magnitude /= 10
            width += 1
        }
        index = writePadded(Int64(year.magnitude), width: width, into: buffer, at: index)
        buffer[index] = UInt8(ascii: "-")
        index = writePadded(month, width: 2, into: buffer, at: index + 1)
        buffer[index] = UInt8(ascii: "-")
        return writePadded(day, width: 2, into: buffer, at: index + 1)
    }

    /// Writes a non-negative number as exactly `width` digits, zero-padded; returns the next index.
    private static func writePadded(
        _ value: Int64, width: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int
    ) -> Int {
        var rest = value
        for index in stride(from: start + width - 1, through: start, by: -1) {
            buffer[index] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        }
        return start + width
    }
}
