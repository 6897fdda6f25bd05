import DeskUI
import Testing
@testable import DeskTerminal

@Suite("Row diff")
struct RowDiffTests {
    private func grid(_ lines: [String], width: Int = 6) -> CellGrid {
        var grid = CellGrid(width: width, height: lines.count)
        for (y, line) in lines.enumerated() { grid.write(line, x: 0, y: y) }
        return grid
    }

    @Test func firstPaintSendsEveryRow() {
        #expect(RowDiff.changedRows(old: nil, new: grid(["a", "b", "c"])) == [0, 1, 2])
    }

    @Test func identicalGridsSendNothing() {
        #expect(RowDiff.changedRows(old: grid(["a", "b"]), new: grid(["a", "b"])) == [])
    }

    @Test func onlyChangedRowsAreSent() {
        #expect(RowDiff.changedRows(old: grid(["> a", "  b", "  c"]), new: grid(["  a", "> b", "  c"])) == [0, 1])
    }

    @Test func styleChangesCount() {
        var selected = grid(["a", "b"])
        selected[0, 1].style.reverse = true
        #expect(RowDiff.changedRows(old: grid(["a", "b"]), new: selected) == [1])
    }

    @Test func wideCharactersComparedCellByCell() {
        #expect(RowDiff.changedRows(old: grid(["中文", "x"]), new: grid(["中x", "x"])) == [0])
    }

    @Test func sizeChangeSendsEveryRow() {
        #expect(RowDiff.changedRows(old: grid(["a", "b"], width: 6), new: grid(["a", "b"], width: 7)) == [0, 1])
        #expect(RowDiff.changedRows(old: grid(["a", "b"]), new: grid(["a", "b", "c"])) == [0, 1, 2])
    }
}
