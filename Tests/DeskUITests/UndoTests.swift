import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore
@testable import DeskUI

/// `u` puts back what was there, never over someone else's later decision; `o` reopens on purpose.
@Suite("Reducer: undo and reopen")
struct UndoTests {
    private func id(_ state: AppState, _ index: Int) -> String { state.desk.table.id(Int(state.rows[index])) }
    private func status(_ state: AppState, _ id: String) -> SubmissionStatus { state.desk.status(of: state.desk.table.row(forID: id)!) }

    private func decideByBen(_ kind: DecisionKind, _ id: String, fixture: Fixture, state: inout AppState) throws {
        try fixture.othersAppend([
            Decision(submissionID: id, kind: kind, reviewer: "ben", osUser: "ben", decidedAt: Fixture.now - 60_000, reason: kind.requiresReason ? "ben's reason" : nil),
        ])
        try fixture.refresh(&state)
        _ = state.handle(.reloaded(rowsRenumbered: false))
    }

    @Test func undoingABulkAcceptPutsAwaitingRowsBackToAwaiting() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        let first = id(state, 0)
        try fixture.run([.record(DecisionRequest(kind: .verificationRequested, submissionIDs: [first], reason: "confirm please"))], on: &state)
        _ = state.press(.character("4"), .character("g"), .character(" "), .character(" "), .character(" "))
        let ids = (0..<3).map { id(state, $0) }
        try fixture.run(state.press(.character("a"), .character("y")), on: &state)
        #expect(ids.allSatisfy { status(state, $0) == .accepted })
        #expect(state.press(.character("u")).isEmpty)  // more than one: it asks first
        let effects = state.press(.character("y"))
        guard case .record(let undo) = effects.first else { Issue.record("no undo"); return }
        #expect(undo.isUndo && undo.expectedLatestLines == [2, 3, 4])
        #expect(undo.restorations?.map(\.kind) == [.verificationRequested, .reopened, .reopened])
        try fixture.run(effects, on: &state)
        #expect(status(state, first) == .awaitingVerification)
        #expect(ids.dropFirst().allSatisfy { status(state, $0) == .pending })
        let log = fixture.logLines
        #expect(log.count == 7)
        #expect(log[4].contains("\"decision\":\"verification_requested\"") && log[4].contains("\"reason\":\"confirm please\""))
        #expect(log[4].contains("\"note\":\"undo: puts back line 1\""))
        #expect(log[5].contains("\"decision\":\"reopened\""))
        // Each undo record names the line of the decision it takes back, for the report and auditors.
        #expect(log[4].contains("\"undoes\":2") && log[5].contains("\"undoes\":3") && log[6].contains("\"undoes\":4"))
        #expect(state.message?.text.contains("1 pending") == false)
        #expect(state.message?.text.contains("3 submissions put back: 2 pending, 1 awaiting verification") == true)
    }

    @Test func undoNeverRevertsADecisionSomeoneMadeAfterward() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        let target = id(state, 0)
        try fixture.run(state.press(.character("a")), on: &state)
        try decideByBen(.rejected, target, fixture: fixture, state: &state)
        #expect(state.press(.character("u")).isEmpty)
        #expect(state.message?.text.contains("not undone: \(target) was rejected by ben since (60 s ago)") == true)
        #expect(state.undoStack.isEmpty)
        #expect(status(state, target) == .rejected)
        #expect(fixture.logLines.count == 2)
    }

    @Test func aBulkUndoLeavesOutOnlyTheRowsChangedSince() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        let ids = (0..<2).map { id(state, $0) }
        try fixture.run(state.press(.character(" "), .character(" "), .character("a"), .character("y")), on: &state)
        try decideByBen(.rejected, ids[1], fixture: fixture, state: &state)
        let effects = state.press(.character("u"))  // one row left to undo: no question
        var expected = DecisionRequest(kind: .reopened, submissionIDs: [ids[0]], isUndo: true, expectedLatestLines: [1])
        expected.undoneLines = [1]
        #expect(effects == [.record(expected)])
        try fixture.run(effects, on: &state)
        #expect(state.message?.text.contains("not undone: \(ids[1]) was rejected by ben since") == true)
        #expect(status(state, ids[0]) == .pending && status(state, ids[1]) == .rejected)
    }

    @Test func undoingTwiceWalksBackThroughAnEarlierRestoration() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        let target = id(state, 0)
        _ = state.press(.character("v"))
        _ = state.type("confirm please")
        try fixture.run(state.press(.enter), on: &state)
        _ = state.press(.character("2"), .character("g"))
        try fixture.run(state.press(.character("a")), on: &state)
        try fixture.run(state.press(.character("u")), on: &state)
        #expect(status(state, target) == .awaitingVerification)
        let effects = state.press(.character("u"))
        // It takes back the verification request of line 1, which the first undo put back.
        var expected = DecisionRequest(kind: .reopened, submissionIDs: [target], isUndo: true, expectedLatestLines: [3])
        expected.undoneLines = [1]
        #expect(effects == [.record(expected)])
        try fixture.run(effects, on: &state)
        #expect(status(state, target) == .pending)
    }

    @Test func oReopensADecidedRowWithAReason() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        let target = id(state, 0)
        #expect(state.press(.character("o")).isEmpty)
        #expect(state.message?.text.contains("nothing to reopen") == true)
        try fixture.run(state.press(.character("a")), on: &state)
        _ = state.press(.character("4"), .character("g"), .character("o"))
        #expect(Screen.render(state).lines.last?.hasPrefix("Reopen \(target) (") == true)
        #expect(state.press(.enter).isEmpty)
        _ = state.type("accepted by mistake")
        let effects = state.press(.enter)
        #expect(effects.first == .record(DecisionRequest(kind: .reopened, submissionIDs: [target], reason: "accepted by mistake", expectedLatestLines: [1])))
        try fixture.run(effects, on: &state)
        #expect(status(state, target) == .pending)
        // The reopening is undone like any decision: back to accepted.
        try fixture.run(state.press(.character("u")), on: &state)
        #expect(status(state, target) == .accepted)
    }

    @Test func undoingMoreThanOneDecisionAsksFirst() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        let ids = (0..<3).map { id(state, $0) }
        try fixture.run(state.press(.character(" "), .character(" "), .character(" "), .character("a"), .character("y")), on: &state)
        #expect(state.press(.character("u")).isEmpty)
        #expect(Screen.render(state).lines.joined(separator: "\n").contains("Put 3 submissions back to pending?"))
        // Anything but y keeps every decision.
        #expect(state.press(.character("n")).isEmpty)
        #expect(state.mode == .browsing && state.undoStack.count == 1)
        #expect(state.message?.text.contains("nothing was undone") == true)
        #expect(ids.allSatisfy { status(state, $0) == .accepted })
        _ = state.press(.character("u"))
        let effects = state.press(.character("y"))
        var expected = DecisionRequest(kind: .reopened, submissionIDs: ids, isUndo: true, expectedLatestLines: [1, 2, 3])
        expected.undoneLines = [1, 2, 3]
        #expect(effects == [.record(expected)])
        try fixture.run(effects, on: &state)
        #expect(ids.allSatisfy { status(state, $0) == .pending })
    }

    @Test func theUndoQuestionSaysWhereEachGoes() throws {
        let fixture = try Fixture()
        var state = fixture.state(width: 120)
        try fixture.run([.record(DecisionRequest(kind: .verificationRequested, submissionIDs: [id(state, 0)], reason: "confirm please"))], on: &state)
        try fixture.run(state.press(.character("4"), .character("*"), .character("a"), .character("y")), on: &state)
        _ = state.press(.character("u"))
        let text = Screen.render(state).lines.joined(separator: "\n")
        #expect(text.contains("Undo your accept of 200 submissions? 199 back to pending, 1 back to awaiting verification"))
    }
}

@Suite struct CountTextTests {
    @Test func countsAreGroupedByThousands() {
        #expect(CountText.grouped(7) == "7")
        #expect(CountText.grouped(913) == "913")
        #expect(CountText.grouped(17_913) == "17,913")
        #expect(CountText.grouped(1_000_000) == "1,000,000")
    }
}
