import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore
@testable import DeskUI

/// The `?` help and the `m` message log are read like `less`; messages say where the rest is and
/// go when they stop being true (issue "Everyday polish").
@Suite("Pager: help and messages")
struct PagerTests {
    private func pager(_ state: AppState) -> Pager? {
        if case .pager(let pager) = state.mode { return pager }
        return nil
    }

    @Test func theHelpPagesLikeLessAndOnlyQOrEscapeCloseIt() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        _ = state.press(.character("?"))
        let lines = state.pagerLines(.help)
        #expect(lines.count > state.pagerHeight, "the help is longer than a 24-line screen")
        _ = state.press(.character(" "))
        #expect(pager(state)?.scroll == state.pagerHeight - 1, "space pages down, it does not close")
        _ = state.press(.character("b"))
        #expect(pager(state)?.scroll == 0)
        _ = state.press(.character("G"))
        #expect(pager(state)?.scroll == lines.count - state.pagerHeight, "G goes to the end")
        #expect(Screen.render(state).lines.last?.contains("(END)") == true)
        _ = state.press(.character("g"))
        #expect(pager(state)?.scroll == 0)
        _ = state.press(.character("x"))
        #expect(pager(state) != nil, "a stray key keeps the help open")
        _ = state.press(.character("/"))
        _ = state.type("country:fr")
        #expect(Screen.render(state).lines.last?.hasPrefix("/country:fr") == true)
        _ = state.press(.enter)
        let found = try #require(pager(state)?.scroll)
        #expect(lines[found].0.lowercased().contains("country:fr"))
        _ = state.press(.character("/"))
        _ = state.type("no such words anywhere")
        _ = state.press(.enter)
        #expect(pager(state)?.notFound == true)
        #expect(Screen.render(state).lines.last?.contains("not found: no such words anywhere") == true)
        _ = state.press(.character("q"))
        #expect(state.mode == .browsing)
        _ = state.press(.character("?"), .escape)
        #expect(state.mode == .browsing)
    }

    @Test func nothingInTheHelpIsCutAt80Columns() throws {
        let fixture = try Fixture()
        let state = fixture.state(width: 80, height: 24)
        for line in state.pagerLines(.help) {
            #expect(DisplayWidth.of(line.0) <= 80, "\(line.0)")
        }
        #expect(state.pagerLines(.help).contains { $0.0.contains("m ") && $0.0.contains("messages in full") }, "? mentions m")
    }

    @Test func aMessageCutAtTheEdgeSaysWhereTheRestIsAndMShowsItInFull() throws {
        let fixture = try Fixture()
        var state = fixture.state(width: 80, height: 24)
        let long = "claims not shared: the claims directory /srv/desk/claims is not writable by this account (permission denied); others cannot see what you hold"
        state.message = StatusMessage(text: long, isError: true)
        let bottom = try #require(Screen.render(state).lines.last)
        #expect(bottom.contains("… m: more"), "\(bottom)")
        _ = state.press(.character("m"))
        let screen = Screen.render(state).lines.joined(separator: " ")
        #expect(screen.contains("Messages"))
        #expect(screen.contains("others cannot see what") && screen.contains("you hold"), "the end of the message is there")
        _ = state.press(.character("q"))
        #expect(state.mode == .browsing)
    }

    @Test func theFindingClustersMessageGoesWhenTheyAreFound() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        state.message = StatusMessage(text: "finding near-identical justifications…; the clusters view opens when ready", isError: false,
                                      lastsUntil: .clustersFound)
        _ = fixture.desk.clusters
        fixture.deliver(&state)
        _ = state.handle(.clustersReady)
        #expect(state.message?.text.contains("finding near-identical") != true)
    }

    @Test func theNewLogNoticeGoesWithTheFirstDecisionAndTheRestStays() throws {
        let fixture = try Fixture()
        var state = AppState(desk: fixture.desk.snapshot, reviewer: "ana", queueLabel: "q", width: 80, height: 24, now: Fixture.now,
                             notice: "bundled sample queue · new decision log: /tmp/d.jsonl (created with the first decision)",
                             records: fixture.records())
        #expect(state.message?.text.contains("new decision log") == true)
        let effects = state.press(.character("a"))
        try fixture.run(effects, on: &state)
        #expect(state.message?.text.contains("new decision log") != true, "\(state.message?.text ?? "")")
        #expect(state.messageLog.first?.message.text.contains("new decision log") == true, "kept in the log")
    }
}
