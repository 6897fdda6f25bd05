import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore
@testable import DeskUI

@Suite("Reducer: keys, effects and the cursor")
struct ReducerTests {
    private func id(_ state: AppState) -> String { state.desk.table.id(Int(state.currentRow!)) }

    @Test func acceptRecordsTheCurrentRowAndMovesToTheNextPending() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        _ = state.press(.character("j"))
        let decided = id(state)
        let next = state.desk.table.id(Int(state.rows[2]))
        let effects = state.press(.character("a"))
        #expect(effects == [.record(DecisionRequest(kind: .accepted, submissionIDs: [decided]))])
        try fixture.run(effects, on: &state)
        #expect(id(state) == next)
        #expect(state.cursor == 1)
        #expect(fixture.logLines.count == 1)
        #expect(state.desk.status(of: state.desk.table.row(forID: decided)!) == .accepted)
    }

    @Test func inTheAllViewTheCursorSkipsToTheNextPendingRow() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        _ = state.press(.character("4"))
        let third = state.desk.table.id(Int(state.rows[2]))
        try fixture.run([.record(DecisionRequest(kind: .accepted, submissionIDs: [state.desk.table.id(Int(state.rows[1]))]))], on: &state)
        _ = state.press(.character("g"))
        try fixture.run(state.press(.character("a")), on: &state)
        #expect(id(state) == third)
        #expect(state.cursor == 2)
    }

    @Test func rejectAsksForAReasonAndRefusesAnEmptyOne() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        let target = id(state)
        #expect(state.press(.character("r")).isEmpty)
        #expect(state.press(.enter).isEmpty)
        guard case .prompt(let prompt) = state.mode else { Issue.record("no prompt"); return }
        #expect(prompt.error?.contains("reason") == true)
        _ = state.type("Not the account holder")
        let effects = state.press(.enter)
        #expect(effects == [.record(DecisionRequest(kind: .rejected, submissionIDs: [target], reason: "Not the account holder")),
                            .remember(.reject, "Not the account holder")])
        #expect(state.mode == .browsing)
    }

    @Test func escapeCancelsAPromptWithoutEffects() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        _ = state.press(.character("v"))
        _ = state.type("abc")
        #expect(state.press(.escape).isEmpty)
        #expect(state.mode == .browsing)
    }

    @Test func tabCyclesCannedRepliesInTheReasonPrompt() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        _ = state.press(.character("v"), .tab)
        let effects = state.press(.enter)
        guard case .record(let request) = effects.first else { Issue.record("no effect"); return }
        #expect(request.reason == "Please confirm your address.")
    }

    @Test func aPasteNeverConfirmsAPrompt() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        _ = state.press(.character("r"))
        #expect(state.handle(.paste("first line\nsecond line\r\nthird\n")).isEmpty)
        guard case .prompt(let prompt) = state.mode else { Issue.record("prompt closed by a paste"); return }
        #expect(prompt.text == "first line second line third ")
        #expect(state.handle(.paste("a\nr\ny\n")).isEmpty)
    }

    @Test func aPasteOutsideAPromptDoesNothing() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        #expect(state.handle(.paste("aaaa\nrrr\n")).isEmpty)
        #expect(state.message?.isError == true)
    }

    @Test func spaceTagsAndMovesDownStarTagsTheViewAndCClears() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        _ = state.press(.character(" "), .character(" "))
        #expect(state.taggedCount == 2 && state.cursor == 2)
        _ = state.press(.character("k"), .character(" "))
        #expect(state.taggedCount == 1)
        _ = state.press(.character("*"))
        #expect(state.taggedCount == state.rows.count)
        _ = state.press(.character("c"))
        #expect(state.taggedCount == 0)
    }

    @Test func bulkDecisionsNeedConfirmation() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        let ids = state.rows.prefix(2).map { state.desk.table.id(Int($0)) }
        _ = state.press(.character(" "), .character(" "))
        #expect(state.press(.character("a")).isEmpty)
        guard case .confirm = state.mode else { Issue.record("no confirmation"); return }
        #expect(state.press(.character("n")).isEmpty)
        #expect(state.taggedCount == 2)
        _ = state.press(.character("a"))
        let effects = state.press(.character("y"))
        #expect(effects == [.record(DecisionRequest(kind: .accepted, submissionIDs: ids))])
        try fixture.run(effects, on: &state)
        #expect(state.taggedCount == 0)
        #expect(fixture.logLines.count == 2)
    }

    @Test func bulkRejectAsksReasonThenConfirmation() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        _ = state.press(.character("*"), .character("r"))
        _ = state.type("spam")
        #expect(state.press(.enter) == [.remember(.reject, "spam")])
        guard case .confirm(let confirmation) = state.mode else { Issue.record("no confirmation"); return }
        #expect(confirmation.targets.count == 200)
        #expect(confirmation.request.reason == "spam")
    }

    @Test func undoWalksBackThroughThisSessionsDecisions() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        let first = id(state)
        try fixture.run(state.press(.character("a")), on: &state)
        let second = id(state)
        try fixture.run(state.press(.character("a")), on: &state)
        var effects = state.press(.character("u"))
        var expected = DecisionRequest(kind: .reopened, submissionIDs: [second], isUndo: true, expectedLatestLines: [2])
        expected.undoneLines = [2]
        #expect(effects == [.record(expected)])
        try fixture.run(effects, on: &state)
        #expect(id(state) == second)
        effects = state.press(.character("u"))
        expected = DecisionRequest(kind: .reopened, submissionIDs: [first], isUndo: true, expectedLatestLines: [1])
        expected.undoneLines = [1]
        #expect(effects == [.record(expected)])
        try fixture.run(effects, on: &state)
        #expect(state.press(.character("u")).isEmpty)
        #expect(state.message?.text.contains("nothing to undo") == true)
        let log = fixture.logLines
        #expect(log.count == 4)
        #expect(log[3].contains("\"decision\":\"reopened\""))
        #expect(state.desk.ledger.count(of: .pending) == 200)
    }

    @Test func filterAppliesLiveEnterKeepsEscapeRestores() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        _ = state.press(.character("/"))
        _ = state.type("country:DE")
        let german = state.rows.count
        #expect(german > 0 && german < 200)
        #expect(state.rows.allSatisfy { state.desk.table.country(Int($0)).description == "DE" })
        _ = state.press(.escape)
        #expect(state.rows.count == 200 && state.filterText.isEmpty)
        _ = state.press(.character("/"))
        _ = state.type("country:DE")
        _ = state.press(.enter)
        #expect(state.rows.count == german && state.filterText == "country:DE")
        _ = state.press(.character("/"))
        _ = state.type(" \"unclosed")
        guard case .prompt(let prompt) = state.mode else { Issue.record("prompt closed"); return }
        #expect(prompt.error != nil)
        #expect(state.press(.enter).isEmpty)
        #expect(state.rows.count == german)
    }

    @Test func viewsAndSort() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        try fixture.run([.record(DecisionRequest(kind: .verificationRequested, submissionIDs: [id(state)], reason: "confirm"))], on: &state)
        _ = state.press(.character("2"))
        #expect(state.rows.count == 1)
        _ = state.press(.character("3"))
        #expect(state.rows.isEmpty)
        _ = state.press(.character("4"), .character("s"))
        #expect(state.rows.count == 200 && state.sort.key == .country)
    }

    @Test func reloadKeepsTheCursorOnTheSameSubmission() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        _ = state.press(.character("j"), .character("j"), .character("j"))
        let current = id(state)
        let above = state.desk.table.id(Int(state.rows[0]))
        try fixture.othersAppend([
            Decision(submissionID: above, kind: .accepted, reviewer: "bo", osUser: "bo", decidedAt: Fixture.now),
        ])
        let changes = try fixture.refresh(&state)
        #expect(changes.changedRows.count == 1)
        _ = state.handle(.reloaded(rowsRenumbered: false))
        #expect(id(state) == current)
        #expect(state.cursor == 2)
    }

    @Test func navigationKeys() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        _ = state.press(.character("G"))
        #expect(state.cursor == 199)
        _ = state.press(.home)
        #expect(state.cursor == 0)
        _ = state.press(.pageDown)
        #expect(state.cursor == state.layout.listHeight - 1)
        _ = state.press(.control("b"))
        #expect(state.cursor == 0)
        _ = state.press(.tab, .character("j"), .character("j"))
        #expect(state.focus == .detail && state.detailScroll == min(2, state.maximumDetailScroll) && state.detailScroll > 0 && state.cursor == 0)
        _ = state.press(.tab)
        #expect(state.focus == .list)
    }

    @Test func quitReloadAndHelp() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        #expect(state.press(.character("q")) == [.quit])
        #expect(state.press(.character("R")) == [.reload])
        _ = state.press(.character("?"))
        #expect(state.mode == .pager(Pager(content: .help)))
        #expect(state.press(.character("q")).isEmpty)
        #expect(state.mode == .browsing)
    }

    @Test func aFailedAppendIsShownAndNothingAdvances() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        let before = id(state)
        let effects = state.press(.character("a"))
        guard case .record(let request) = effects.first else { Issue.record("no effect"); return }
        _ = state.handle(.recordFailed(request, message: "disk full"))
        #expect(id(state) == before)
        #expect(state.message?.isError == true && state.message?.text.contains("NOT recorded") == true)
        #expect(state.undoStack.isEmpty)
    }

    @Test func everyBindingIsInTheHelp() throws {
        let fixture = try Fixture()
        var state = fixture.state(width: 160, height: 48)
        _ = state.press(.character("?"))
        let screen = Screen.render(state).lines.joined(separator: "\n")
        for binding in Keymap.bindings { #expect(screen.contains(binding.help)) }
    }
}
