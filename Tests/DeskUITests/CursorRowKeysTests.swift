import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore
@testable import DeskUI

/// `x` (extend the deadline) and `o` (reopen) act on the row under the cursor, whatever is tagged:
/// they are per-submission judgements, not bulk verbs.
@Suite("Reducer: x and o act on the cursor row")
struct CursorRowKeysTests {
    private func id(_ state: AppState) -> String { state.desk.table.id(Int(state.currentRow!)) }

    @Test func xExtendsTheCursorRowNotTheLeftoverTags() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        // Fresh submissions at the end of the list can still be extended.
        _ = state.press(.character("G"), .character("k"), .character("k"))
        _ = state.press(.character(" "), .character(" "))  // two tags; the cursor is on the last row
        let target = id(state)
        #expect(state.taggedCount == 2)
        #expect(state.press(.character("x")).isEmpty)
        guard case .prompt(let prompt) = state.mode, case .reason(.extended, let targets, _) = prompt.purpose else {
            Issue.record("no reason prompt"); return
        }
        #expect(targets == [state.currentRow!])
        _ = state.type("complex request")
        let effects = state.press(.enter)
        #expect(effects.first == .record(DecisionRequest(kind: .extended, submissionIDs: [target], reason: "complex request")))
        #expect(state.taggedCount == 2)
    }

    @Test func xRefusalNamesTheReasonWithinTheScreenWidth() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        _ = state.press(.character("g"))  // the oldest: its first month is over
        #expect(state.press(.character("x")).isEmpty)
        let text = try #require(state.message?.text)
        #expect(text.hasPrefix("cannot extend: its one-month deadline passed on"))
        #expect(DisplayWidth.of(text) <= 80)
    }

    @Test func oReopensTheCursorRowNotTheLeftoverTags() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        _ = state.press(.character("4"))
        let first = id(state)
        try fixture.run(state.press(.character("a")), on: &state)
        _ = state.press(.character("g"), .character("j"), .character(" "), .character(" "), .character("g"))
        #expect(id(state) == first && state.taggedCount == 2)
        _ = state.press(.character("o"))
        guard case .prompt(let prompt) = state.mode, case .reason(.reopened, let targets, _) = prompt.purpose else {
            Issue.record("no reason prompt"); return
        }
        #expect(targets == [state.currentRow!])
        _ = state.type("accepted by mistake")
        let effects = state.press(.enter)
        #expect(effects.first == .record(DecisionRequest(kind: .reopened, submissionIDs: [first], reason: "accepted by mistake", expectedLatestLines: [1])))
    }
}
