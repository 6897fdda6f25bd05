import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore
@testable import DeskUI

/// `n` puts the match where the reviewer looks: the detail pane, and the reader, scroll to it.
@Suite("Search scrolls to the match")
struct SearchScrollTests {
    private func fixture() throws -> Fixture {
        let filler = (1...30).map { "Line \($0) of a long story about my holidays and my family." }.joined(separator: "\n")
        let long = filler + "\nHere is the needle word zebrafish that the search looks for.\n" + filler
        let lines = [
            #"{"id":"a1","submitted_at":"2026-11-10T10:00:00Z","country":"FR","email":"a@example.org","justification":"Short and plain."}"#,
            #"{"id":"a2","submitted_at":"2026-11-11T10:00:00Z","country":"FR","email":"b@example.org","justification":"\#(long.replacingOccurrences(of: "\n", with: "\\n"))"}"#,
        ]
        return try Fixture(queue: lines.joined(separator: "\n") + "\n")
    }

    @Test func nScrollsTheDetailPaneToTheMatch() throws {
        let fixture = try fixture()
        var state = fixture.state(width: 80, height: 24)
        _ = state.press(.character("n"))
        _ = state.type("zebrafish")
        _ = state.press(.enter)
        #expect(state.desk.table.id(Int(state.currentRow!)) == "a2")
        #expect(state.detailScroll > 0, "Enter on the search scrolls to its first match")
        _ = state.press(.character("g"))
        #expect(state.detailScroll == 0)
        _ = state.press(.character("n"))  // the match again: its row, scrolled to it
        #expect(state.detailScroll > 0, "the pane left its first line")
        let screen = Screen.render(state).lines
        #expect(screen.contains { $0.contains("zebrafish") }, "\(screen.joined(separator: "\n"))")
        #expect(!screen.contains { $0.contains("line 1/") }, "the pane's title no longer says line 1")
    }

    @Test func theReaderOpensAtTheMatchAndNFindsTheNextLine() throws {
        let fixture = try fixture()
        var state = fixture.state(width: 80, height: 24)
        _ = state.press(.character("n"))
        _ = state.type("zebrafish")
        _ = state.press(.enter, .character("z"))
        guard case .reader(_, let scroll) = state.mode else { Issue.record("no reader"); return }
        #expect(scroll > 0)
        #expect(Screen.render(state).lines.contains { $0.contains("zebrafish") })
    }
}
