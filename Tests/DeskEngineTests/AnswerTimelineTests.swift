import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore

@Suite("Answer deadline, lateness and overrides, record by record")
struct AnswerTimelineTests {
    private let ana: UInt16 = 1
    private let bo: UInt16 = 2

    private func at(_ text: String) -> Int64 { Timestamp.parseRFC3339(text)! }

    @Test func theWholeDueDayIsInTime() {
        var timeline = AnswerTimeline(submittedAt: at("2026-01-31T06:00:00Z"))
        #expect(Timestamp.formatDate(timeline.dueDay) == "2026-02-28")
        #expect(timeline.record(.accepted, reviewer: ana, at: at("2026-02-28T23:59:59.999Z")).isLate == false)
        let late = timeline.record(.accepted, reviewer: ana, at: at("2026-03-01T00:00:00Z"))
        #expect(late.isLate)
        #expect(late.answerMillis == at("2026-03-01T00:00:00Z") - at("2026-01-31T06:00:00Z"))
    }

    @Test func verificationRequestsAreAnswersAndReopeningsAreNot() {
        var timeline = AnswerTimeline(submittedAt: at("2026-10-01T00:00:00Z"))
        let request = timeline.record(.verificationRequested, reviewer: ana, at: at("2026-12-01T00:00:00Z"))
        #expect(request.role == .answer && request.isLate && request.answerMillis != nil)
        let reopening = timeline.record(.reopened, reviewer: ana, at: at("2026-12-02T00:00:00Z"))
        #expect(reopening.role == .reopening && !reopening.isLate && reopening.answerMillis == nil)
    }

    @Test func anOverrideChangesAnotherReviewersAcceptOrReject() {
        var timeline = AnswerTimeline(submittedAt: 0)
        #expect(!timeline.record(.accepted, reviewer: ana, at: 1).isOverride)
        #expect(!timeline.record(.accepted, reviewer: bo, at: 2).isOverride, "the same status again changes nothing")
        #expect(timeline.record(.rejected, reviewer: ana, at: 3).isOverride, "bo's accept was the standing one")
        #expect(timeline.record(.reopened, reviewer: bo, at: 4).isOverride, "undoing another's reject")
        #expect(!timeline.record(.accepted, reviewer: ana, at: 5).isOverride, "pending is no decision to override")
        #expect(!timeline.record(.reopened, reviewer: ana, at: 6).isOverride, "undoing one's own")
        #expect(!timeline.record(.rejected, reviewer: bo, at: 7).isOverride)
        #expect(timeline.record(.verificationRequested, reviewer: ana, at: 8).isOverride)
        #expect(!timeline.record(.accepted, reviewer: bo, at: 9).isOverride, "awaiting verification is no decision")
    }

    @Test func anExtensionWithinTheFirstMonthMovesTheDueDayToThreeMonths() {
        var timeline = AnswerTimeline(submittedAt: at("2026-01-31T06:00:00Z"))
        let step = timeline.record(.deadlineExtension, setting: nil, reviewer: ana, at: at("2026-02-20T00:00:00Z"))
        #expect(step.role == .deadlineExtension && step.answerMillis == nil)
        #expect(timeline.isExtended)
        #expect(Timestamp.formatDate(timeline.dueDay) == "2026-04-30")
        #expect(!timeline.record(.accepted, reviewer: ana, at: at("2026-04-30T12:00:00Z")).isLate)
        #expect(timeline.record(.rejected, reviewer: ana, at: at("2026-05-01T00:00:00Z")).isLate)
    }

    @Test func anExtensionAfterTheFirstMonthDoesNotExtend() {
        var timeline = AnswerTimeline(submittedAt: at("2026-01-31T06:00:00Z"))
        _ = timeline.record(.deadlineExtension, setting: nil, reviewer: ana, at: at("2026-03-01T00:00:00Z"))
        #expect(!timeline.isExtended)
        #expect(Timestamp.formatDate(timeline.dueDay) == "2026-02-28")
    }

    @Test func everyKindHasARoleAndOnlyExtendedExtends() {
        #expect(DecisionKind.allCases.map { DecisionRole($0) } == [.answer, .answer, .answer, .reopening, .deadlineExtension])
    }

    @Test(arguments: [
        ("2026-01-31T00:00:00Z", 1, "2026-02-28"), ("2024-01-31T00:00:00Z", 1, "2024-02-29"),
        ("2026-01-31T00:00:00Z", 3, "2026-04-30"), ("2026-11-30T00:00:00Z", 3, "2027-02-28"),
        ("2026-12-15T23:00:00Z", 1, "2027-01-15"), ("2026-10-31T12:00:00Z", 3, "2027-01-31"),
    ])
    func dueDaysCountCalendarMonths(submitted: String, months: Int, due: String) {
        #expect(Timestamp.formatDate(AnswerDeadline.dueDay(submittedAt: at(submitted), months: Int64(months))) == due)
    }
}
