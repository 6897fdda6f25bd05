import DeskSampleData
import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

/// The bundled sample opens on a realistic day: its dates are moved at load, the file is not.
@Suite("Bundled sample dates")
struct SampleDatesTests {
    private static var sampleURL: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Resources/sample-queue.jsonl")
    }

    @Test func theMappingKnowsTheGeneratorsReferenceAndSpan() {
        #expect(SubmittedAtMapping.bundledSampleReference == SampleQueue.referenceTime * 1000)
        #expect(SubmittedAtMapping.bundledSampleSpanDays == SampleQueue.spanDays)
    }

    @Test(arguments: ["2026-11-20T12:00:00Z", "2026-11-23T22:50:00Z", "2027-03-01T06:00:00Z", "2027-01-31T23:00:00Z", "2028-07-15T00:30:00Z"])
    func loadedWithTheMappingTheDeadlinesSpreadAroundNow(instant: String) throws {
        let now = try #require(Timestamp.parseRFC3339(instant))
        let directory = TemporaryDirectory()
        let desk = try Desk(queuePath: Self.sampleURL.path, decisionsPath: directory.file("d.jsonl"),
                            mapping: .bundledSample(now: now))
        let times = desk.table.columns.submittedAt
        let days = times.map { AnswerDeadline.daysLeft(submittedAt: $0, now: now) }
        let overdue = days.filter { $0 < 0 }.count
        #expect(overdue >= 2 && overdue <= 10, "\(overdue) overdue")
        #expect(days.contains { (0...5).contains($0) })
        #expect(days.filter { $0 >= 20 }.count > 50)
        #expect(times.allSatisfy { $0 <= now })
        // The record read back says the same moved time.
        let first = try desk.submission(at: 0)
        #expect(first.submittedAt == times[0])
        #expect(Timestamp.parseRFC3339(first.submittedAtText) == times[0])
        // Without the mapping (a real queue), times are as written.
        let plain = try Desk(queuePath: Self.sampleURL.path, decisionsPath: directory.file("d.jsonl"))
        #expect(try plain.submission(at: 0).submittedAtText == "2026-10-06T19:48:29Z")
    }

    @Test func timesStayPutWithinADayAndMoveWhenTheDayChanges() throws {
        let morning = try #require(Timestamp.parseRFC3339("2026-12-06T00:00:00Z"))
        let sevenMinutesLater = morning + 7 * 60_000
        let evening = try #require(Timestamp.parseRFC3339("2026-12-06T23:59:59Z"))
        let first = SubmittedAtMapping.bundledSample(now: sevenMinutesLater)
        #expect(first == SubmittedAtMapping.bundledSample(now: morning))
        #expect(first == SubmittedAtMapping.bundledSample(now: evening))
        let sampleTime = SubmittedAtMapping.bundledSampleReference - 3 * Timestamp.millisPerDay + 4_321_000
        let nextDay = SubmittedAtMapping.bundledSample(now: evening + 1_000)
        #expect(first.apply(sampleTime) <= morning)
        #expect(first.apply(SubmittedAtMapping.bundledSampleReference) == morning)
        #expect(nextDay.apply(SubmittedAtMapping.bundledSampleReference) == morning + Timestamp.millisPerDay)
        #expect(nextDay != first)
    }
}
