import DeskStore
import DeskEngine
import DeskCore

/// The question before `u` takes back several decisions: how many, where each goes, and which
/// rows are left alone because someone changed them since.
enum UndoConfirmView {
    static func draw(_ confirmation: UndoConfirmation, layout: Layout, into grid: inout CellGrid) {
        let width = grid.width
        var lines = TextWrap.lines(confirmation.question, width: max(10, width - 2)).map { (" " + $0, true) }
        if let notice = confirmation.notice {
            lines += TextWrap.lines("left out: " + notice, width: max(10, width - 2)).map { (" " + $0, false) }
        }
        lines.append(("", false))
        lines.append((" y undoes them · any other key keeps them", true))
        let y = max(2, (layout.bottomY - lines.count) / 2)
        grid.fill(x: 0, y: y - 1, width: width, height: 1)
        grid.fill(x: 0, y: y + lines.count, width: width, height: 1)
        grid.fill(x: 0, y: y, width: width, height: lines.count, style: CellStyle(role: .warning, reverse: true))
        for (offset, line) in lines.enumerated() {
            grid.write(line.0, x: 0, y: y + offset, style: CellStyle(role: .warning, reverse: true, bold: line.1), limit: width)
        }
    }
}
