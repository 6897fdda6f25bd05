import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore
@testable import DeskUI

/// Searching the view with n/N, paging and reading long texts, and knowing where you are.
@Suite("Reducer: search, reading, position")
struct SearchAndReadingTests {
    private func id(_ state: AppState) -> String { state.desk.table.id(Int(state.currentRow!)) }
    private func screen(_ state: AppState) -> [String] { Screen.render(state).lines }

    @Test func nSearchesTheViewAndStepsThroughMatchesWithHighlights() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        #expect(state.press(.character("n")).isEmpty)
        #expect(screen(state).last?.hasPrefix("Search: ") == true)
        _ = state.type("fastmail")
        // Live: the cursor is already on the first match.
        let first = id(state)
        #expect(state.records[state.currentRow!]?.email.contains("fastmail") == true)
        #expect(state.press(.enter) == [.remember(.search, "fastmail")])
        #expect(state.message?.text.hasPrefix("search \"fastmail\": 1 of ") == true)
        #expect(state.rows.count == 200)  // a search never limits the view
        _ = state.press(.character("n"))
        let second = id(state)
        #expect(second != first)
        #expect(state.records[state.currentRow!]?.email.contains("fastmail") == true)
        _ = state.press(.character("N"))
        #expect(id(state) == first)
        // A matching row that is not the current one shows the match marked.
        _ = state.press(.character("g"))
        let grid = Screen.render(state)
        let matchingLine = (3..<12).first { y in grid.lines[y].contains("fastmail") && y != 3 }
        #expect(matchingLine.map { grid.styleLines[$0].contains("R") } == true)
        _ = state.press(.escape)
        #expect(state.search == nil)
    }

    @Test func escapeInTheSearchPromptPutsTheCursorBack() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        _ = state.press(.character("j"), .character("n"))
        _ = state.type("fastmail")
        #expect(state.cursor != 1)
        _ = state.press(.escape)
        #expect(state.cursor == 1 && state.search == nil)
    }

    @Test func theDetailPanePagesLikeLessAndSaysWhereItIs() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        _ = state.press(.character("j"), .character("j"), .character("j"), .tab)
        let title = screen(state)[state.layout.detailTitle.y]
        #expect(title.contains("line 1/"))
        #expect(!screen(state).joined().contains("↓ more"))
        _ = state.press(.character(" "))
        #expect(state.maximumDetailScroll > 0)
        #expect(state.detailScroll == min(state.layout.detail.height - 1, state.maximumDetailScroll))
        #expect(state.taggedCount == 0)
        _ = state.press(.character("b"))
        #expect(state.detailScroll == 0)
        _ = state.press(.character("G"))
        #expect(state.detailScroll == state.maximumDetailScroll)
        #expect(screen(state)[state.layout.detailTitle.y].contains("100%"))
    }

    @Test func enterInTheDetailOrZReadsFullScreen() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        _ = state.press(.character("j"), .character("j"), .character("j"), .character("z"))
        #expect(state.mode == .reader(row: state.currentRow!, scroll: 0))
        let lines = screen(state)
        #expect(lines[0].contains("Reading \(id(state))"))
        #expect(lines.joined(separator: " ").contains("portfolio is on my profile"))
        _ = state.press(.character(" "))
        guard case .reader(let row, let scroll) = state.mode else { Issue.record("reader closed"); return }
        #expect(scroll > 0 || state.readerLineCount(of: row) <= state.readerPageHeight)
        _ = state.press(.character("q"))
        #expect(state.mode == .browsing)
        _ = state.press(.tab, .enter)
        #expect(state.mode == .reader(row: state.currentRow!, scroll: 0))
    }

    @Test func theListHasAHeadingAndSaysWhichRow() throws {
        let fixture = try Fixture()
        var state = fixture.state()
        let heading = screen(state)[2]
        #expect(heading.hasPrefix("St Fl  Submitted  Due   Co   Email"))
        #expect(heading.contains("row 1 of 200"))
        _ = state.press(.character("j"))
        #expect(screen(state)[2].contains("row 2 of 200"))
    }

    @Test func ctrlLRedrawsAndTheHelpHoldsTheFilterLanguage() throws {
        let fixture = try Fixture()
        var state = fixture.state(width: 160, height: 48)
        #expect(state.press(.control("l")) == [.redraw])
        _ = state.press(.character("?"))
        for _ in 0..<40 { _ = state.press(.character("j")) }
        let help = screen(state).joined(separator: "\n")
        #expect(help.contains("Filter: space-separated terms"))
        #expect(help.contains("submitted>=DATE"))
    }
}

@Suite("Reducer: small terminals")
struct SmallTerminalTests {
    @Test func withoutRoomForTheDetailPaneTabReadsFullScreen() throws {
        let fixture = try Fixture()
        var state = fixture.state(width: 60, height: 15)
        #expect(!state.layout.showsDetail && state.layout.listHeight == 11)
        _ = state.press(.tab)
        #expect(state.mode == .reader(row: state.currentRow!, scroll: 0) && state.focus == .list)
        _ = state.press(.escape)
        _ = state.press(.tab)
        _ = state.handle(.resize(width: 60, height: 15))
        #expect(state.focus == .list)
        #expect(!Screen.render(state).lines.joined().contains("Terminal too small"))
        #expect(Screen.render(fixture.state(width: 59, height: 15)).lines.joined().contains("Terminal too small"))
    }
}
