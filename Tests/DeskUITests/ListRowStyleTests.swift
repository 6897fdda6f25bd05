import Foundation
import Testing
@testable import DeskCore
@testable import DeskEngine
@testable import DeskStore
@testable import DeskUI

/// The current row is reversed as a whole; its blank mark cells must not show as blocks of the
/// marks' colours (seen in the xterm screenshots: magenta and yellow squares on the current row).
@Suite struct ListRowStyleTests {
    @Test func blankMarksOnTheCurrentRowTakeThePlainStyle() throws {
        let fixture = try Fixture()
        let state = fixture.state(width: 120, height: 30)
        let grid = Screen.render(state)
        let heading = try #require(grid.lines.firstIndex { $0.hasPrefix("St Fl") })
        let y = heading + 1  // the current row: the first of the list
        let row = state.rows[0]
        #expect(!state.tags.contains(Int(row)))
        for x in 1...5 where grid[x, y].text == " " {
            #expect(grid[x, y].style.reverse, "cell \(x)")
            #expect(grid[x, y].style.role == .normal, "cell \(x) is a blank of role \(grid[x, y].style.role)")
        }
    }
}
