import DeskCore

/// The list of submissions: one row each, the current one in reverse video.
enum ListView {
    static func draw(_ state: AppState, layout: Layout, into grid: inout CellGrid) {
        let title = layout.listTitle
        let titleStyle = CellStyle(role: .accent, bold: true, underline: true)
        grid.fill(x: title.x, y: title.y, width: title.width, height: 1, style: titleStyle)
        grid.write(titleText(state), x: title.x, y: title.y, style: titleStyle, limit: title.width)
        let area = layout.list
        guard !state.rows.isEmpty else {
            drawEmpty(state, area: area, into: &grid)
            return
        }
        let last = min(state.rows.count, state.listTop + area.height)
        for index in state.listTop..<last {
            drawRow(state, index: index, y: area.y + index - state.listTop, area: area, into: &grid)
        }
    }

    static func titleText(_ state: AppState) -> String {
        var parts = ["\(state.view.rawValue) \(state.view.title): \(state.rows.count)"]
        parts.append("filter: " + (state.filterText.isEmpty ? "none" : Safe.line(state.filterText)))
        parts.append("sort: \(state.sort)")
        let tagged = state.taggedCount
        if tagged > 0 { parts.append("\(tagged) tagged") }
        if state.claimedByOthersInView > 0 { parts.append("\(state.claimedByOthersInView) claimed by others") }
        return " " + parts.joined(separator: " · ")
    }

    private static func drawEmpty(_ state: AppState, area: Layout.Rect, into grid: inout CellGrid) {
        let lines = state.desk.table.count == 0
            ? ["The queue is empty.", "New submissions appear here by themselves (R reloads now)."]
            : ["No submission matches this view and filter.", "4 shows all statuses; / edits the filter."]
        for (offset, line) in lines.enumerated() where offset < area.height {
            grid.write("  " + line, x: area.x, y: area.y + 1 + offset, style: CellStyle(role: .dim), limit: area.width)
        }
    }

    /// The flags shown in the list's flag column, most telling first.
    static let columnFlags: [RowFlag] = [.adds, .repeated, .mixedScript, .empty, .urlOnly, .viral, .nonEEA]

    private static func drawRow(_ state: AppState, index: Int, y: Int, area: Layout.Rect, into grid: inout CellGrid) {
        let row = state.rows[index]
        let isCurrent = index == state.cursor
        let status = state.desk.status(of: Int(row))
        let columns = state.desk.table.columns
        let submittedAt = columns.submittedAt[Int(row)]
        let daysLeft = AnswerDeadline.daysLeft(submittedAt: submittedAt, now: state.now, extended: state.desk.ledger.extended[Int(row)])
        let tagged = state.tags.contains(Int(row))
        let escaped = columns.attributes[Int(row)].contains(.needsEscaping)
        let verified = state.desk.table.isVerified(Int(row))
        let submission = state.cache.submission(row, in: state.desk)

        func style(_ role: ColorRole, bold: Bool = false) -> CellStyle {
            CellStyle(role: role, reverse: isCurrent, bold: bold)
        }
        grid.fill(x: area.x, y: y, width: area.width, height: 1, style: style(.normal))
        var x = area.x
        let end = area.x + area.width
        x = grid.write(StatusLook.mark(status), x: x, y: y, style: style(StatusLook.role(status), bold: true))
        let claim = state.claims.holder(of: row)
        if claim != nil {
            x = grid.write("@", x: x, y: y, style: style(.warning, bold: true))
        } else {
            x = grid.write(tagged ? "*" : " ", x: x, y: y, style: style(.tag, bold: true))
        }
        x = grid.write(escaped ? "!" : " ", x: x, y: y, style: style(.warning, bold: true))
        // The flags a reviewer acts on, in a fixed 3-cell column (hostile and unverified already
        // have their own marks); the legend is in the ? help.
        let marks = String(Self.columnFlags.filter { state.desk.table.has($0, row: Int(row), clusterFacts: state.desk.clusterFacts) }.prefix(3).map(\.mark))
        grid.writeFitted(marks, x: x, y: y, width: 3, style: style(.warning))
        x += 4
        x = grid.write(Timestamp.formatDate(submittedAt), x: x, y: y, style: style(.normal)) + 1
        grid.writeFitted(DueLook.text(daysLeft: daysLeft, status: status), x: x, y: y, width: 5,
                         style: style(DueLook.role(daysLeft: daysLeft, status: status), bold: daysLeft < 0))
        x += 6
        x = grid.write(state.desk.table.country(Int(row)).description, x: x, y: y, style: style(.normal)) + 1
        let verifiedMark = verified.map { $0 ? "✓" : "✗" } ?? " "
        x = grid.write(verifiedMark, x: x, y: y, style: style(verified == false ? .warning : .accepted)) + 1
        let emailWidth = max(12, min(32, (end - x) * 2 / 5))
        grid.writeFitted(Safe.line(submission?.email ?? "?"), x: x, y: y, width: min(emailWidth, max(0, end - x)), style: style(.normal))
        x += emailWidth + 1
        if let claim, x < end {
            // Whose it is, before the text: claims show on the list, not only in the detail.
            let holder = "[" + DisplayWidth.truncate(Safe.line(claim.reviewer), toWidth: 12) + "] "
            x = grid.write(holder, x: x, y: y, style: style(.warning, bold: true), limit: end - x)
        }
        if x < end {
            let justification = submission.map { Safe.firstLine($0.justification) } ?? ""
            let shown = justification.isEmpty ? "(no justification)" : justification
            grid.write(DisplayWidth.truncate(shown, toWidth: end - x), x: x, y: y,
                       style: style(justification.isEmpty ? .dim : .normal), limit: end - x)
        }
    }
}
