import DeskStore
import DeskEngine
import DeskCore

/// Draws the whole screen for a state: a pure function from `AppState` to a `CellGrid`.
package enum Screen {
    package static func render(_ state: AppState) -> CellGrid {
        var grid = CellGrid(width: state.width, height: state.height)
        let layout = state.layout
        if layout.isTooSmall {
            drawTooSmall(&grid)
            return grid
        }
        if case .reader(let row, let scroll) = state.mode {
            ReaderView.draw(state, row: row, scroll: scroll, into: &grid)
            return grid
        }
        drawHeader(state, into: &grid)
        ListView.draw(state, layout: layout, into: &grid)
        DetailView.draw(state, layout: layout, into: &grid)
        if layout.isSideBySide {
            for y in 1..<layout.bottomY { grid.write("│", x: layout.separatorX, y: y, style: CellStyle(role: .dim)) }
        }
        switch state.mode {
        case .pager(let pager): PagerView.draw(state, pager: pager, layout: layout, into: &grid)
        case .confirm(let confirmation): ConfirmView.draw(state, confirmation: confirmation, layout: layout, into: &grid)
        case .confirmClaimed(let confirmation): ClaimConfirmView.draw(state, confirmation: confirmation, layout: layout, into: &grid)
        case .confirmUndo(let confirmation): UndoConfirmView.draw(confirmation, layout: layout, into: &grid)
        case .clusters(let cursor): ClustersView.draw(state, cursor: cursor, layout: layout, into: &grid)
        default: break
        }
        BottomLine.draw(state, layout: layout, into: &grid)
        return grid
    }

    /// What shows while a large queue loads (the first paint, well before the list is ready).
    package static func loading(width: Int, height: Int, queueLabel: String, fraction: Double) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        guard width > 0, height > 0 else { return grid }
        grid.fill(x: 0, y: 0, width: width, height: 1, style: headerStyle)
        grid.write(" Objection Desk · \(Safe.line(queueLabel))", x: 0, y: 0, style: headerStyle)
        let barWidth = max(10, min(50, width - 20))
        let filled = Int(Double(barWidth) * min(1, max(0, fraction)))
        let y = height / 2
        let x = max(0, (width - barWidth - 12) / 2)
        grid.write("Loading ", x: x, y: y)
        grid.write(String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled), x: x + 8, y: y, style: CellStyle(role: .accent))
        grid.write(" \(Int(fraction * 100))%", x: x + 8 + barWidth, y: y)
        grid.write("q quits", x: 0, y: height - 1, style: CellStyle(role: .dim))
        return grid
    }

    static let headerStyle = CellStyle(role: .header, reverse: true, bold: true)

    /// The queue, the decision log in use, the deadline warning, counts by status and the
    /// reviewer: the most informative variant that fits. The product name goes first, then the
    /// "reviewer:" label, then the warning and the counts get shorter, then the log's name. The
    /// deadline warning is never dropped.
    private static func drawHeader(_ state: AppState, into grid: inout CellGrid) {
        grid.fill(x: 0, y: 0, width: grid.width, height: 1, style: headerStyle)
        let ledger = state.desk.ledger
        let (pending, awaiting) = (ledger.count(of: .pending), ledger.count(of: .awaitingVerification))
        let (accepted, rejected) = (ledger.count(of: .accepted), ledger.count(of: .rejected))
        let fullCounts = "pending \(pending) · awaiting \(awaiting) · accepted \(accepted) · rejected \(rejected)"
        let shortCounts = "pending \(pending) · awaiting \(awaiting) · done \(accepted + rejected)"
        // The list's own status marks: · pending, ? awaiting, A accepted, R rejected.
        let compactCounts = "·\(pending) ?\(awaiting) A\(accepted) R\(rejected)"
        let deadlines = state.deadlines
        let fullWarning = deadlines.text
        let compactWarning = deadlines.text.map { _ in
            [deadlines.overdue > 0 ? "\(deadlines.overdue) overdue" : nil, deadlines.dueSoon > 0 ? "\(deadlines.dueSoon) due ≤3d" : nil]
                .compactMap { $0 }.joined(separator: " · ")
        }
        let label = Safe.line(state.queueLabel)
        let files = label + " → " + Safe.line(state.logLabel)
        let reviewer = Safe.line(state.reviewer)
        typealias Variant = (left: String, warning: String?, counts: String, right: String)
        var variants: [Variant] = []
        func width(_ variant: Variant) -> Int {
            let warning: Int = variant.warning.map { 3 + DisplayWidth.of($0) } ?? 0
            let sides: Int = DisplayWidth.of(variant.left) + DisplayWidth.of(variant.right)
            return sides + warning + (variant.counts.isEmpty ? 0 : 3 + DisplayWidth.of(variant.counts)) + 1
        }
        for (warning, counts) in [(fullWarning, fullCounts), (compactWarning, fullCounts), (compactWarning, shortCounts), (compactWarning, compactCounts)] {
            variants.append((" Objection Desk · " + files, warning, counts, "reviewer: \(reviewer) "))
            variants.append((" " + files, warning, counts, "reviewer: \(reviewer) "))
            variants.append((" " + files, warning, counts, reviewer + " "))
        }
        // Counts give way before the file names or the warning: the view's title counts its rows.
        variants.append((" " + files, compactWarning, "", reviewer + " "))
        // A long queue label gives way before the log's name: the log is where a decision goes
        // (the bundled sample's own log must stay named at 80 columns).
        let logPart = " → " + Safe.line(state.logLabel)
        let labelRoom = grid.width - width((" " + logPart, compactWarning, "", reviewer + " "))
        if labelRoom >= 12 {  // under that, a cut name says little: the label alone, as before
            variants.append((" " + DisplayWidth.truncate(label, toWidth: labelRoom) + logPart, compactWarning, "", reviewer + " "))
        }
        for counts in [shortCounts, compactCounts, ""] { variants.append((" " + label, compactWarning, counts, reviewer + " ")) }
        var chosen = variants.first { width($0) <= grid.width } ?? variants[variants.count - 1]
        if width(chosen) > grid.width {
            let room = max(6, DisplayWidth.of(chosen.left) - (width(chosen) - grid.width))
            chosen.left = " " + DisplayWidth.truncate(label, toWidth: room - 1)
        }
        var x = grid.write(chosen.left, x: 0, y: 0, style: headerStyle)
        if let warning = chosen.warning {
            x = grid.write("   ", x: x, y: 0, style: headerStyle)
            x = grid.write(warning, x: x, y: 0, style: CellStyle(role: .overdue, reverse: true, bold: true),
                           limit: max(0, grid.width - DisplayWidth.of(chosen.right) - x - 1))
        }
        x = grid.write(chosen.counts.isEmpty ? "" : "   " + chosen.counts, x: x, y: 0, style: headerStyle, limit: max(0, grid.width - DisplayWidth.of(chosen.right) - x))
        grid.write(chosen.right, x: max(x + 1, grid.width - DisplayWidth.of(chosen.right)), y: 0, style: headerStyle)
    }

    private static func drawTooSmall(_ grid: inout CellGrid) {
        let lines = [
            "Terminal too small: \(grid.width)x\(grid.height)",
            "Objection Desk needs at least \(Layout.minimumWidth)x\(Layout.minimumHeight).",
            "Enlarge the window (q quits).",
        ]
        let top = max(0, grid.height / 2 - 1)
        for (offset, line) in lines.enumerated() where top + offset < grid.height {
            let x = max(0, (grid.width - DisplayWidth.of(line)) / 2)
            grid.write(line, x: x, y: top + offset, style: CellStyle(bold: offset == 0))
        }
    }
}
