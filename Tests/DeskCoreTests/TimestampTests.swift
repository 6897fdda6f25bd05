import Testing
@testable import DeskCore

// Expected values were computed independently with Python's datetime, not with the code under test.
@Suite struct TimestampTests {
    @Test(arguments: [
        ("1970-01-01T00:00:00Z", 0),
        ("1970-01-01T00:00:00.001Z", 1),
        ("1969-12-31T23:59:59.999Z", -1),
        ("2026-11-04T09:12:44.381Z", 1_793_783_564_381),
        ("2026-11-04t09:12:44.381z", 1_793_783_564_381),
        ("2026-11-04 09:12:44.381Z", 1_793_783_564_381),
        ("2026-11-04T09:12:44.381+00:00", 1_793_783_564_381),
        ("2026-11-04T09:12:44.381-00:00", 1_793_783_564_381),
        ("2026-11-04T10:12:44.381+01:00", 1_793_783_564_381),
        ("2024-01-01T00:30:00+01:00", 1_704_065_400_000),  // back across midnight and the year
        ("2023-12-31T23:30:00-01:00", 1_704_069_000_000),  // forward across midnight and the year
        ("2024-03-10T02:30:00+05:30", 1_710_018_000_000),
        ("2024-01-01T23:59:00+23:59", 1_704_067_200_000),
        ("2024-12-31T23:59:59.999Z", 1_735_689_599_999),
        ("2024-02-29T12:00:00Z", 1_709_208_000_000),
        ("2000-02-29T00:00:00Z", 951_782_400_000),
        ("1969-07-20T20:17:40Z", -14_182_940_000),
        ("1900-01-01T00:00:00Z", -2_208_988_800_000),
        ("0001-01-01T00:00:00Z", -62_135_596_800_000),
        ("0000-01-01T00:00:00Z", -62_167_219_200_000),
        ("9999-12-31T23:59:59.999Z", 253_402_300_799_999),
    ] as [(String, Int64)])
    func parsesValidTimestamps(text: String, expected: Int64) {
        #expect(Timestamp.parseRFC3339(text) == expected)
    }

    @Test(arguments: [
        (".5", 500), (".05", 50), (".123", 123), (".1234", 123), (".12345", 123),
        (".123456", 123), (".1234567", 123), (".12345678", 123), (".999999999", 999), (".000000001", 0),
    ] as [(String, Int64)])
    func keepsMillisecondsOfOneToNineFractionDigits(fraction: String, millis: Int64) {
        #expect(Timestamp.parseRFC3339("1970-01-01T00:00:00\(fraction)Z") == millis)
    }

    /// Leap seconds clamp to :59.999 so they stay in their minute and day.
    @Test func clampsLeapSecondToLastMillisecondOfMinute() {
        #expect(Timestamp.parseRFC3339("2016-12-31T23:59:60Z") == 1_483_228_799_999)
        #expect(Timestamp.parseRFC3339("2016-12-31T23:59:60.5Z") == 1_483_228_799_999)
        #expect(Timestamp.parseRFC3339("2025-06-30T23:59:60Z") == 1_751_327_999_999)
        #expect(Timestamp.parseRFC3339("2017-01-01T00:59:60+01:00") == 1_483_228_799_999)
    }

    @Test(arguments: [
        "",
        " ",
        "2024-05-01",
        "2024-05-01T",
        "2024-05-01T09:30Z",  // seconds are required
        "2024-05-01T09:30:00",  // offset is required
        "2024-05-01T09:30:00.Z",  // fraction needs a digit
        "2024-05-01T09:30:00.1234567891Z",  // ten fraction digits
        "2024-05-01T09:30:00,5Z",
        "2024-05-01T09:30:00ZZ",
        "2024-05-01T09:30:00Z ",
        " 2024-05-01T09:30:00Z",
        "2024-05-01T09:30:00Zjunk",
        "2024-05-01T09:30:00+01",
        "2024-05-01T09:30:00+0100",
        "2024-05-01T09:30:00+01:00:00",
        "2024-05-01T09:30:00+1:00",
        "2024-05-01T09:30:00+24:00",
        "2024-05-01T09:30:00+01:60",
        "2024-05-01T09:30:00UTC",
        "2024-05-01T09:30:00GMT+1",
        "2024-05-01X09:30:00Z",
        "2024-05-01_09:30:00Z",
        "2024-05-01  09:30:00Z",
        "2024/05/01T09:30:00Z",
        "2024-05-01T09.30.00Z",
        "2024-5-01T09:30:00Z",
        "2024-05-1T09:30:00Z",
        "24-05-01T09:30:00Z",
        "+2024-05-01T09:30:00Z",
        "20240-05-01T09:30:00Z",
        "2024-05-01T9:30:00Z",
        "2024-O5-01T09:30:00Z",  // letter O, not zero
        "abcd-ef-ghTij:kl:mnZ",
        "2024-00-01T09:30:00Z",
        "2024-13-01T09:30:00Z",
        "2024-05-00T09:30:00Z",
        "2024-05-32T09:30:00Z",
        "2024-04-31T09:30:00Z",
        "2023-02-29T09:30:00Z",
        "1900-02-29T09:30:00Z",
        "2024-02-30T09:30:00Z",
        "2024-05-01T24:00:00Z",
        "2024-05-01T09:60:00Z",
        "2024-05-01T09:30:61Z",
        "2024-05-01T-9:30:00Z",
        "2024-05-01T09:30:00.5",
        "2024-05-01T09:30:00.５Z",  // full-width digit
    ])
    func rejectsMalformedTimestamps(text: String) {
        #expect(Timestamp.parseRFC3339(text) == nil)
    }

    @Test func acceptsLeapDayOnlyInLeapYears() {
        #expect(Timestamp.parseRFC3339("2024-02-29T00:00:00Z") == 1_709_164_800_000)
        #expect(Timestamp.parseRFC3339("2023-02-29T00:00:00Z") == nil)
        #expect(Timestamp.parseDate("2024-02-29") == 1_709_164_800_000)
        #expect(Timestamp.parseDate("2023-02-29") == nil)
        #expect(Timestamp.parseDate("2000-02-29") == 951_782_400_000)
        #expect(Timestamp.parseDate("2100-02-29") == nil)
    }

    @Test func parsesFromBytesSubstringsAndStrings() {
        let line = #"{"submitted":"2026-11-04T09:12:44.381Z"}"#
        let value = line.dropFirst(14).dropLast(2)
        #expect(Timestamp.parseRFC3339(value) == 1_793_783_564_381)
        let bytes = Array(value.utf8)
        #expect(bytes.withUnsafeBytes { Timestamp.parseRFC3339($0) } == 1_793_783_564_381)
        #expect(Timestamp.parseRFC3339(String(value)) == 1_793_783_564_381)
    }

    @Test(arguments: [
        (0, "1970-01-01T00:00:00.000Z"),
        (1, "1970-01-01T00:00:00.001Z"),
        (-1, "1969-12-31T23:59:59.999Z"),
        (1_793_783_564_381, "2026-11-04T09:12:44.381Z"),
        (1_709_208_000_000, "2024-02-29T12:00:00.000Z"),
        (-2_208_988_800_000, "1900-01-01T00:00:00.000Z"),
        (-62_167_219_200_000, "0000-01-01T00:00:00.000Z"),
        (253_402_300_799_999, "9999-12-31T23:59:59.999Z"),
        (-62_167_219_200_001, "-0001-12-31T23:59:59.999Z"),
        (253_402_300_800_000, "10000-01-01T00:00:00.000Z"),
    ] as [(Int64, String)])
    func formatsUTCMillis(millis: Int64, expected: String) {
        #expect(Timestamp.formatUTCMillis(millis) == expected)
    }

    @Test(arguments: [
        ("1970-01-01", 0),
        ("2026-11-04", 1_793_750_400_000),
        ("1969-12-31", -86_400_000),
        ("0000-01-01", -62_167_219_200_000),
    ] as [(String, Int64)])
    func parsesAndFormatsDates(text: String, millis: Int64) {
        #expect(Timestamp.parseDate(text) == millis)
        #expect(Timestamp.parseDate(Substring(text)) == millis)
        #expect(Timestamp.formatDate(millis) == text)
        #expect(Timestamp.formatDate(millis + Timestamp.millisPerDay - 1) == text)
    }

    @Test(arguments: [
        "", "2024-5-1", "2024-05-01T00:00:00Z", "2024-05-01 ", "2024-13-01", "2024-04-31", "20240501",
        "2024-05-0a",
    ])
    func rejectsMalformedDates(text: String) {
        #expect(Timestamp.parseDate(text) == nil)
    }

    /// Steps through the whole supported range with a stride that hits every field value.
    @Test func formatThenParseRoundTrips() {
        let first: Int64 = -62_167_219_200_000
        let last: Int64 = 253_402_300_799_999
        var millis = first
        var checked = 0
        while millis <= last {
            let text = Timestamp.formatUTCMillis(millis)
            guard Timestamp.parseRFC3339(text) == millis else {
                Issue.record("\(millis) formatted as \(text) did not parse back")
                return
            }
            let midnight = millis - Timestamp.floorDivision(millis, Timestamp.millisPerDay).remainder
            #expect(Timestamp.parseDate(Timestamp.formatDate(millis)) == midnight)
            millis += 3_155_695_200_007  // about 100 years and a few odd milliseconds
            checked += 1
        }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let offset = Int64(state >> 1) % (last - first + 1)
            let value = first + offset
            let text = Timestamp.formatUTCMillis(value)
            if Timestamp.parseRFC3339(text) != value {
                Issue.record("\(value) formatted as \(text) did not parse back")
                return
            }
            checked += 1
        }
        #expect(checked > 20_000)
    }

    @Test func calendarConversionsAgreeForEveryDay() {
        // Every day from 1600 to 2400 covers all leap-year rules, including the 400-year one.
        let start = Timestamp.days(fromCivil: 1600, 1, 1)
        let end = Timestamp.days(fromCivil: 2400, 12, 31)
        var expected = (year: Int64(1600), month: Int64(1), day: Int64(1))
        for day in start...end {
            let actual = Timestamp.civil(fromDays: day)
            guard actual == expected else {
                Issue.record("day \(day): \(actual) but expected \(expected)")
                return
            }
            if expected.day < Timestamp.daysInMonth(expected.month, year: expected.year) {
                expected.day += 1
            } else if expected.month < 12 {
                expected = (expected.year, expected.month + 1, 1)
            } else {
                expected = (expected.year + 1, 1, 1)
            }
        }
    }
}
