import DeskStore
import DeskEngine
import Foundation
import DeskCore
import DeskReplies

/// The detail pane: every field of the current submission, its full justification, and its
/// history from the decision log.
enum DetailView {
    typealias Segment = DetailContent.Segment
    typealias Line = DetailContent.Line

    static func draw(_ state: AppState, layout: Layout, into grid: inout CellGrid) {
        guard layout.showsDetail else { return }
        let title = layout.detailTitle
        let focused = state.focus == .detail
        let titleStyle = CellStyle(role: .accent, reverse: focused, bold: true, underline: !focused)
        grid.fill(x: title.x, y: title.y, width: title.width, height: 1, style: titleStyle)
        let area = layout.detail
        guard let row = state.currentRow, let submission = state.records[row] else {
            grid.write(" Details", x: title.x, y: title.y, style: titleStyle, limit: title.width)
            return
        }
        let status = state.desk.status(of: Int(row))
        var heading = " " + Safe.line(submission.id) + " · " + StatusLook.word(status)
        if state.desk.table.columns.attributes[Int(row)].contains(.needsEscaping) { heading += " · ! escaped characters" }
        if focused { heading += " · space/b page, Enter reads" }

        let lines = DetailContent.lines(state, row: row, submission: submission, status: status, width: area.width - 1)
        let scroll = max(0, min(state.detailScroll, lines.count - area.height))
        // Where the pane is, on its title: never over the text.
        let position = " " + position(first: scroll, shown: area.height, total: lines.count) + " "
        let positionWidth = DisplayWidth.of(position)
        grid.write(heading, x: title.x, y: title.y, style: titleStyle, limit: max(0, title.width - positionWidth))
        grid.write(position, x: title.x + max(0, title.width - positionWidth), y: title.y, style: titleStyle, limit: title.width)
        let needle = state.search.map { state.highlighter.foldNeedle($0.text) } ?? []
        for (offset, line) in lines.dropFirst(scroll).prefix(area.height).enumerated() {
            drawLine(line, state: state, x: area.x + 1, y: area.y + offset, width: area.width - 1, needle: needle, into: &grid)
        }
    }

    /// "line 3/40 ↓": the first line shown of how many, and arrows where there is more.
    static func position(first: Int, shown: Int, total: Int) -> String {
        guard total > shown else { return total == 1 ? "1 line" : "all \(total) lines" }
        let arrows = (first > 0 ? "↑" : "") + (first + shown < total ? "↓" : "")
        let percent = min(100, (first + shown) * 100 / max(1, total))
        return "line \(first + 1)/\(total) \(percent)% \(arrows)"
    }

    /// Draws one line of segments, marking what the search matches.
    static func drawLine(_ line: Line, state: AppState, x start: Int, y: Int, width: Int, needle: [UInt8], into grid: inout CellGrid) {
        var x = start
        let end = start + width
        for segment in line {
            let marked = needle.isEmpty ? [] : state.highlighter.matchedOffsets(in: segment.text, needle: needle)
            var markStyle = segment.style
            markStyle.reverse.toggle()
            markStyle.underline = true
            // Added words: bold and underlined in the warning colour, so they stand out with
            // NO_COLOR too; a search match over one shows as a match.
            let added = state.highlighter.wordOffsets(in: segment.text, words: segment.addedWords)
            let addedStyle = CellStyle(role: .warning, bold: true, underline: true)
            x = grid.write(segment.text, x: x, y: y, style: segment.style, marks: [(marked, markStyle), (added, addedStyle)],
                           limit: max(0, end - x))
        }
    }
}
