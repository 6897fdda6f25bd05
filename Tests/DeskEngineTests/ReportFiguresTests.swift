import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

@Suite("Report figures: nearest-rank percentiles, hours, day and ISO week keys")
struct ReportFiguresTests {
    @Test func nearestRankPicksAValueWithoutInterpolating() {
        let ten = Array(1...10)
        #expect(NearestRank.percentile(50, ofSorted: ten) == 5)
        #expect(NearestRank.percentile(90, ofSorted: ten) == 9, "rank 9 exactly, not 10 from 0.9 × 10 in floating point")
        #expect(NearestRank.percentile(90, ofSorted: Array(1...11)) == 10)
        #expect(NearestRank.percentile(50, ofSorted: [7]) == 7)
        #expect(NearestRank.percentile(90, ofSorted: [7]) == 7)
        #expect(NearestRank.percentile(50, ofSorted: [1, 2]) == 1)
        #expect(NearestRank.percentile(50, ofSorted: [Int]()) == nil)
        #expect(NearestRank.percentile(100, ofSorted: ten) == 10)
    }

    @Test func hoursHaveAtMostTwoDecimals() {
        let hour: Int64 = 3_600_000
        #expect(Hours.text(millis: 0) == "0")
        #expect(Hours.text(millis: 36 * hour + hour / 2) == "36.5")
        #expect(Hours.text(millis: 720 * hour) == "720")
        #expect(Hours.text(millis: hour + 3 * 36_000) == "1.03")
        #expect(Hours.text(millis: hour + 18_000) == "1.01", "half a hundredth rounds away from zero")
        #expect(Hours.text(millis: hour + 17_999) == "1")
        #expect(Hours.text(millis: 732 * hour - 1) == "732")
        #expect(Hours.text(millis: -hour / 2) == "-0.5")
        #expect(Hours.text(millis: -1) == "0")
    }

    @Test(arguments: [
        ("2026-11-23T09:12:44Z", "2026-11-23", "2026-W48"), ("2026-11-22T23:59:59Z", "2026-11-22", "2026-W47"),
        ("2027-01-01T00:00:00Z", "2027-01-01", "2026-W53"), ("2024-12-30T00:00:00Z", "2024-12-30", "2025-W01"),
        ("2026-01-01T00:00:00Z", "2026-01-01", "2026-W01"), ("2021-01-03T12:00:00Z", "2021-01-03", "2020-W53"),
        ("2026-11-23T00:30:00+01:00", "2026-11-22", "2026-W47"),
    ])
    func dayAndWeekKeysAreUTC(instant: String, day: String, week: String) {
        let millis = Timestamp.parseRFC3339(instant)!
        #expect(CalendarKey.day(millis) == day)
        #expect(CalendarKey.isoWeek(millis) == week)
    }
}

@Suite("Numbers for people")
struct NumbersForPeopleTests {
    @Test func tablesGroupThousandsAndAlwaysShowTwoDecimalsOfAnHour() {
        #expect(CountText.grouped(28_617) == "28,617")
        #expect(CountText.grouped(999) == "999")
        #expect(CountText.grouped(1_000_000) == "1,000,000")
        #expect(Hours.tableText(millis: 22_044 * 3_600_000) == "22,044.00")
        #expect(Hours.tableText(millis: 1_364 * 3_600_000 + 30 * 60_000) == "1,364.50")
        #expect(Hours.tableText(millis: 36_000) == "0.01")
        #expect(Hours.tableText(millis: -7_200_000) == "-2.00")
        // Machine formats keep plain, shortest numbers.
        #expect(Hours.text(millis: 22_044 * 3_600_000) == "22044")
    }
}
