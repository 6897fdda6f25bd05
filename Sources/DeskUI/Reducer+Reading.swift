import DeskStore
import DeskEngine
import DeskCore

/// Reading long texts: the detail pane pages like `less` (space, b), and the full-screen reader.
extension AppState {
    /// Keys that mean something else while the detail pane has the focus; nil: the usual meaning.
    mutating func handleDetailKey(_ key: Key) -> [Effect]? {
        switch key {
        case .escape: focus = .list
        case .character(" "): moveBy(max(1, layout.detail.height - 1))
        case .character("b"): moveBy(-max(1, layout.detail.height - 1))
        case .enter: if let row = currentRow { mode = .reader(row: row, scroll: detailScroll) }
        default: return nil
        }
        return []
    }

    mutating func handleReaderKey(_ key: Key, row: Int32, scroll: Int) -> [Effect] {
        let page = max(1, readerPageHeight - 1)
        let last = max(0, readerLineCount(of: row) - readerPageHeight)
        var next = scroll
        switch key {
        case .character("j"), .down, .enter: next += 1
        case .character("k"), .up: next -= 1
        case .character(" "), .pageDown, .control("f"): next += page
        case .character("b"), .pageUp, .control("b"): next -= page
        case .character("g"), .home: next = 0
        case .character("G"), .end: next = last
        case .character("n"), .character("N"):
            // The search's next (or previous) line in this text; the reader stays on its submission.
            let lines = detailLines(of: row, width: max(1, width - 2))
            let forward = key == .character("n")
            if let line = lineMatchingSearch(lines, from: forward ? scroll + 1 : scroll - 1, forward: forward) {
                next = line
            } else {
                message = StatusMessage(text: search == nil ? "no search: n in the list asks for one" : "no further match in this text", isError: false)
            }
        case .control("l"): return [.redraw]
        default:
            // q, Esc, z or anything else goes back to the list.
            mode = .browsing
            return []
        }
        mode = .reader(row: row, scroll: max(0, min(last, next)))
        return []
    }

    /// The detail pane's lines for `row` (by default the current row) at `width` cells: what the
    /// pane and the reader show.
    func detailLines(of row: Int32? = nil, width: Int) -> [DetailContent.Line] {
        guard let row = row ?? currentRow, let submission = records[row] else { return [] }
        return DetailContent.lines(self, row: row, submission: submission, status: desk.status(of: Int(row)), width: width)
    }

    /// How far the detail pane can scroll: its last line at the bottom of the pane.
    var maximumDetailScroll: Int {
        max(0, detailLines(width: layout.detail.width - 1).count - layout.detail.height)
    }

    /// Rows of text the reader shows (all but its title and bottom line).
    var readerPageHeight: Int { max(1, height - 2) }

    func readerLineCount(of row: Int32) -> Int { detailLines(of: row, width: max(1, width - 2)).count }
}
