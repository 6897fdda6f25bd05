import DeskCore

/// Draws the whole screen for a state: a pure function from `AppState` to a `CellGrid`.
public enum Screen {
    public static func render(_ state: AppState) -> CellGrid {
        var grid = CellGrid(width: state.width, height: state.height)
        let layout = state.layout
        if layout.isTooSmall {
            drawTooSmall(&grid)
            return grid
        }
        if case .reader(let scroll) = state.mode {
            ReaderView.draw(state, scroll: scroll, into: &grid)
            return grid
        }
        drawHeader(state, into: &grid)
        ListView.draw(state, layout: layout, into: &grid)
        DetailView.draw(state, layout: layout, into: &grid)
        if layout.isSideBySide {
            for y in 1..<layout.bottomY { grid.write("│", x: layout.separatorX, y: y, style: CellStyle(role: .dim)) }
        }
        switch state.mode {
        case .help(let scroll): HelpView.draw(state, scroll: scroll, layout: layout, into: &grid)
        case .confirm(let confirmation): ConfirmView.draw(state, confirmation: confirmation, layout: layout, into: &grid)
        default: break
        }
        BottomLine.draw(state, layout: layout, into: &grid)
        return grid
    }

    /// What shows while a large queue loads (the first paint, well before the list is ready).
    public static func loading(width: Int, height: Int, queueLabel: String, fraction: Double) -> CellGrid {
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

    /// The queue, the decision log in use, counts by status and the reviewer: the most
    /// informative variant that fits (the product name goes first, then the "reviewer:" label,
    /// then accepted and rejected are counted together as "done", then the log's name).
    private static func drawHeader(_ state: AppState, into grid: inout CellGrid) {
        grid.fill(x: 0, y: 0, width: grid.width, height: 1, style: headerStyle)
        let ledger = state.desk.ledger
        let counts = "pending \(ledger.count(of: .pending)) · awaiting \(ledger.count(of: .awaitingVerification)) · "
            + "accepted \(ledger.count(of: .accepted)) · rejected \(ledger.count(of: .rejected))"
        let shortCounts = "pending \(ledger.count(of: .pending)) · awaiting \(ledger.count(of: .awaitingVerification)) · "
            + "done \(ledger.count(of: .accepted) + ledger.count(of: .rejected))"
        let label = Safe.line(state.queueLabel)
        let files = label + " → " + Safe.line(state.logLabel)
        let reviewer = Safe.line(state.reviewer)
        let variants = [
            (" Objection Desk · " + files, counts, "reviewer: \(reviewer) "),
            (" " + files, counts, "reviewer: \(reviewer) "),
            (" " + files, counts, reviewer + " "),
            (" " + files, shortCounts, reviewer + " "),
            (" " + label, shortCounts, reviewer + " "),
        ]
        let fitting = variants.first { DisplayWidth.of($0.0) + 3 + DisplayWidth.of($0.1) + 1 + DisplayWidth.of($0.2) <= grid.width }
        let (left, middle, right) = fitting ?? (" " + DisplayWidth.truncate(label, toWidth: max(6, grid.width - DisplayWidth.of(shortCounts) - DisplayWidth.of(reviewer) - 7)), shortCounts, reviewer + " ")
        var x = grid.write(left, x: 0, y: 0, style: headerStyle)
        x = grid.write("   " + middle, x: x, y: 0, style: headerStyle, limit: max(0, grid.width - DisplayWidth.of(right) - x))
        grid.write(right, x: max(x + 1, grid.width - DisplayWidth.of(right)), y: 0, style: headerStyle)
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
