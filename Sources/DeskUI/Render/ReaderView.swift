import DeskStore
import DeskEngine
import DeskCore

/// A submission full screen: every field and the whole justification, paged like `less`. It is the
/// submission the reader was opened on, whatever the list's cursor does meanwhile.
enum ReaderView {
    static func draw(_ state: AppState, row: Int32, scroll: Int, into grid: inout CellGrid) {
        let lines = state.detailLines(of: row, width: max(1, grid.width - 2))
        let page = state.readerPageHeight
        let first = max(0, min(scroll, lines.count - page))
        let titleStyle = CellStyle(role: .accent, reverse: true, bold: true)
        grid.fill(x: 0, y: 0, width: grid.width, height: 1, style: titleStyle)
        var title = " Reading"
        if Int(row) < state.desk.table.count { title += " " + Safe.line(state.desk.table.id(Int(row))) }
        let position = " " + DetailView.position(first: first, shown: page, total: lines.count) + " "
        grid.write(title, x: 0, y: 0, style: titleStyle, limit: max(0, grid.width - DisplayWidth.of(position)))
        grid.write(position, x: max(0, grid.width - DisplayWidth.of(position)), y: 0, style: titleStyle)
        let needle = state.search.map { state.highlighter.foldNeedle($0.text) } ?? []
        for (offset, line) in lines.dropFirst(first).prefix(page).enumerated() {
            DetailView.drawLine(line, state: state, x: 1, y: 1 + offset, width: grid.width - 1, needle: needle, into: &grid)
        }
        grid.write("space/b page · j/k line · g/G start/end · any other key back", x: 0, y: grid.height - 1,
                   style: CellStyle(role: .dim), limit: grid.width)
    }
}
