import Testing
@testable import DeskCore

/// The domain rules that the screen and the command line share (`Policy/`, `Wording/`).
@Suite("Policy: one home for each rule")
struct PolicyTests {
    private func millis(_ text: String) -> Int64 { Timestamp.parseRFC3339(text)! }

    @Test func openMeansPendingOrAwaitingVerification() {
        #expect(SubmissionStatus.allCases.filter(\.isOpen) == [.pending, .awaitingVerification])
        #expect(SubmissionStatus.open == [.pending, .awaitingVerification])
    }

    /// Days left are whole UTC days: due today is not overdue, due in three days is due soon,
    /// answered rows count for nothing, extended open rows are counted apart.
    @Test func deadlinesAreCountedOverOpenRowsInWholeDays() {
        let now = millis("2026-11-23T23:30:00Z")
        let statuses: [SubmissionStatus] = [.pending, .pending, .awaitingVerification, .pending, .accepted, .pending, .rejected]
        let submitted = [
            millis("2026-10-22T10:00:00Z"),  // due 2026-11-22: overdue
            millis("2026-10-23T23:59:00Z"),  // due today: due soon
            millis("2026-10-26T00:00:00Z"),  // due in three days: due soon
            millis("2026-10-27T00:00:00Z"),  // due in four days: neither
            millis("2026-09-01T00:00:00Z"),  // answered: neither
            millis("2026-09-22T10:00:00Z"),  // extended: due 2026-12-22, neither, but extended
            millis("2026-09-01T00:00:00Z"),  // answered: neither
        ]
        let extended = [false, false, false, false, false, true, true]
        let counts = DeadlineCounts(statuses: statuses, extended: extended, submittedAt: submitted, now: now)
        #expect(counts.overdue == 1)
        #expect(counts.dueSoon == 2)
        #expect(counts.extended == 1)
        // Rows beyond the shortest column are not counted.
        #expect(DeadlineCounts(statuses: statuses, extended: [false], submittedAt: submitted, now: now).overdue == 1)
    }

    /// Before 1970 the day of `now` is floored, as `due:` filters count it (the screen's header
    /// once truncated towards zero, a day off there).
    @Test func deadlineCountsFloorTheDayBeforeTheEpoch() {
        let now = millis("1969-12-30T12:00:00Z")
        let counts = DeadlineCounts(statuses: [.pending], extended: [false], submittedAt: [millis("1969-11-30T12:00:00Z")], now: now)
        #expect(AnswerDeadline.daysLeft(submittedAt: millis("1969-11-30T12:00:00Z"), now: now) == 0)
        #expect(counts.overdue == 0 && counts.dueSoon == 1)
    }

    @Test func anExtensionRefusalHasAShortClauseForTheScreen() {
        let refusal = ExtensionPolicy.refusal(submittedAt: millis("2026-10-15T09:00:00Z"), status: .pending, alreadyExtended: false,
                                              now: millis("2026-11-16T00:00:00Z"))
        #expect(refusal?.clause == "its one-month deadline passed on 2026-11-15")
        #expect(refusal?.reason.hasSuffix("(Art. 12(3): extend within the first month)") == true)
    }

    @Test func decisionsAreWordedOnceForScreenAndCommandLine() {
        #expect(DecisionWording.pastTense(.verificationRequested) == "requested verification for")
        #expect(DecisionWording.participle(.extended) == "given more time")
        #expect(DecisionWording.decided(.extended, count: 1) == "extended the deadline of 1 submission")
        #expect(DecisionWording.decided(.accepted, count: 2) == "accepted 2 submissions")
        let decision = Decision(submissionID: "obj-1", kind: .rejected, reviewer: "ben\u{1B}", osUser: "ben",
                                decidedAt: millis("2026-11-23T09:12:05Z"))
        let now = millis("2026-11-23T11:12:05Z")
        #expect(DecisionWording.prior(decision, now: now) == "rejected by ben\\e at 2026-11-23 09:12 UTC (2 h ago)")
        #expect(DecisionWording.prior(decision, now: now, seconds: true) == "rejected by ben\\e at 2026-11-23 09:12:05 UTC (2 h ago)")
    }

    /// A history given as values: no desk, no files.
    private struct History: DecisionHistory {
        var records: [String: [HistoryRecord]]
        func records(ofSubmission id: String) -> [HistoryRecord]? { records[id] }
        func latestDecision(ofSubmission id: String) -> Decision? {
            records[id]?.first.map { Decision(submissionID: id, kind: $0.kind, reviewer: "ben", osUser: "ben", decidedAt: 0) }
        }
    }

    /// Undo puts back each row's earlier state, and leaves rows others changed since.
    @Test func undoRestoresEachRowsEarlierStateAndLeavesChangedRows() throws {
        // a: pending, then accepted (line 3). b: awaiting verification (line 1), then accepted
        // (line 4). c: accepted (line 5), then rejected by someone else (line 6).
        let history = History(records: [
            "a": [HistoryRecord(line: 3, kind: .accepted, previousLine: 0)],
            "b": [HistoryRecord(line: 4, kind: .accepted, previousLine: 1),
                  HistoryRecord(line: 1, kind: .verificationRequested, reason: "send ID", previousLine: 0)],
            "c": [HistoryRecord(line: 6, kind: .rejected, reason: "no", previousLine: 5),
                  HistoryRecord(line: 5, kind: .accepted, previousLine: 0)],
        ])
        let done = DecisionRequest(kind: .accepted, submissionIDs: ["a", "b", "c", "gone"], expectedLatestLines: [0, 1, 0, 0])
        let plan = UndoPlanner.plan(undoing: done, history: history)
        let request = try #require(plan.request)
        #expect(request.submissionIDs == ["a", "b"])
        #expect(request.isUndo && request.expectedLatestLines == [3, 4] && request.undoneLines == [3, 4])
        #expect(request.restorations == [
            Restoration(kind: .reopened, restoresLine: 0),
            Restoration(kind: .verificationRequested, reason: "send ID", note: "undo: puts back line 1", restoresLine: 1),
        ])
        #expect(plan.changed.map(\.submissionID) == ["c", "gone"])
        #expect(plan.changed.first?.latest?.kind == .rejected)
        #expect(request.resultingStatusCounts == [1, 1, 0, 0])
    }

    /// A line an undo wrote counts as the line it put back: undoing the decision before it is
    /// not refused as someone else's change.
    @Test func linesWrittenByAnUndoCountAsTheLineTheyPutBack() throws {
        // b: verification requested (1), accepted (4), undone (7: verification requested again).
        let history = History(records: [
            "b": [HistoryRecord(line: 7, kind: .verificationRequested, reason: "send ID", previousLine: 4),
                  HistoryRecord(line: 4, kind: .accepted, previousLine: 1),
                  HistoryRecord(line: 1, kind: .verificationRequested, reason: "send ID", previousLine: 0)],
        ])
        let undo = DecisionRequest(kind: .reopened, submissionIDs: ["b"], isUndo: true, expectedLatestLines: [4])
        var restoring = undo
        restoring.restorations = [Restoration(kind: .verificationRequested, reason: "send ID", restoresLine: 1)]
        let restored = UndoPlanner.restoredLines(by: restoring, history: history)
        #expect(restored == [7: 1])
        let first = DecisionRequest(kind: .verificationRequested, submissionIDs: ["b"], expectedLatestLines: [0])
        #expect(UndoPlanner.plan(undoing: first, history: history).request == nil)
        let plan = UndoPlanner.plan(undoing: first, history: history, restoredLines: restored)
        #expect(try #require(plan.request).expectedLatestLines == [7])
        #expect(plan.request?.restorations == nil)  // back to pending: plain `reopened`
    }
}
