import DeskStore
import DeskEngine
import DeskCore

/// The list of submissions: one row each, the current one in reverse video.
enum ListView {
    static func draw(_ state: AppState, layout: Layout, into grid: inout CellGrid) {
        let title = layout.listTitle
        let titleStyle = CellStyle(role: .accent, bold: true, underline: true)
        grid.fill(x: title.x, y: title.y, width: title.width, height: 1, style: titleStyle)
        grid.write(titleText(state, width: title.width), x: title.x, y: title.y, style: titleStyle, limit: title.width)
        let area = layout.list
        drawHeading(state, area: layout.listHeading, into: &grid)
        guard !state.rows.isEmpty else {
            drawEmpty(state, area: area, into: &grid)
            return
        }
        let last = min(state.rows.count, state.listTop + area.height)
        for index in state.listTop..<last {
            drawRow(state, index: index, y: area.y + index - state.listTop, area: area, into: &grid)
        }
    }

    /// The title bar's text for `width` cells: the filter is abbreviated (with `…`) before
    /// the tagged count or the sort would be cut off.
    static func titleText(_ state: AppState, width: Int = .max) -> String {
        let head = " \(state.view.rawValue) \(state.view.title): " + (state.isFiltering ? "updating…" : "\(state.rows.count)")
        let sort = " · sort: \(state.sort)"
        let claimed = state.claimedByOthersInView
        func counts(claimedWord: String) -> String {
            var text = claimed > 0 ? " · \(claimed) \(claimedWord)" : ""
            if state.taggedCount > 0 {
                let hidden = state.hiddenTaggedCount
                text += " · \(state.taggedCount) tagged" + (hidden > 0 ? " (\(hidden) hidden)" : "")
            }
            return text
        }
        let tail = sort + counts(claimedWord: "claimed by others")
        var filter = state.filterText.isEmpty ? "none" : Safe.line(state.filterText)
        if let invalid = state.invalidFilter {
            // The typed text, marked, with why: the rows are still those of the last valid filter.
            // The mark first, so a narrow title cuts the explanation rather than the mark.
            let why = invalid.error.components(separatedBy: " (").first ?? invalid.error
            filter = "✗ " + Safe.line(invalid.text) + " — invalid: " + Safe.line(why)
        }
        func fitted(_ tail: String) -> String? {
            let room = width - DisplayWidth.of(head) - DisplayWidth.of(tail) - DisplayWidth.of(" · filter: ")
            if room >= DisplayWidth.of(filter) { return head + " · filter: " + filter + tail }
            if room >= 4 { return head + " · filter: " + DisplayWidth.truncate(filter, toWidth: room) + tail }
            return nil
        }
        if let title = fitted(tail) { return title }
        guard !state.filterText.isEmpty || state.invalidFilter != nil else { return head + tail }
        // A filter in force gives way last: the sort goes first, then the counts' words.
        return fitted(counts(claimedWord: "claimed by others")) ?? fitted(counts(claimedWord: "claimed")) ?? head + tail
    }

    /// The column names, and "row n of N" at the right.
    private static func drawHeading(_ state: AppState, area: Layout.Rect, into grid: inout CellGrid) {
        let style = CellStyle(role: .dim, bold: true)
        grid.fill(x: area.x, y: area.y, width: area.width, height: 1)
        let columns = ListColumns(x: area.x, width: area.width)
        let where_ = state.rows.isEmpty ? "no rows" : "row \(state.cursor + 1) of \(state.rows.count)"
        let position = " " + where_ + " "
        let limit = area.x + area.width - DisplayWidth.of(position)
        for (text, x) in [("St", area.x), ("Fl", columns.flags), (columns.dateWidth == 10 ? "Submitted" : "Subm.", columns.date), ("Due", columns.due),
                          ("Co", columns.country), ("Email", columns.email), ("Justification", columns.justification)] where x < limit {
            grid.write(text, x: x, y: area.y, style: style, limit: limit - x)
        }
        grid.write(position, x: max(area.x, limit), y: area.y, style: CellStyle(role: .dim))
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
        let submission = state.records[row]

        func style(_ role: ColorRole, bold: Bool = false) -> CellStyle {
            CellStyle(role: role, reverse: isCurrent, bold: bold)
        }
        grid.fill(x: area.x, y: y, width: area.width, height: 1, style: style(.normal))
        let layout = ListColumns(x: area.x, width: area.width)
        let end = layout.end
        var x = area.x
        x = grid.write(StatusLook.mark(status), x: x, y: y, style: style(StatusLook.role(status), bold: true))
        let claim = state.claims.holder(of: row)
        if claim != nil {
            x = grid.write("@", x: x, y: y, style: style(.warning, bold: true))
        } else {
            x = grid.write(tagged ? "*" : " ", x: x, y: y, style: style(tagged ? .tag : .normal, bold: true))
        }
        // Blank marks take the row's plain style: on the current (reversed) row a coloured blank
        // showed as a block of colour.
        grid.write(escaped ? "!" : " ", x: x, y: y, style: style(escaped ? .warning : .normal, bold: true))
        // The flags a reviewer acts on, in a fixed 3-cell column (hostile and unverified already
        // have their own marks); the legend is in the ? help.
        let marks = String(Self.columnFlags.filter { state.desk.table.has($0, row: Int(row), clusterFacts: state.desk.clusterFacts) }.prefix(3).map(\.mark))
        grid.writeFitted(marks, x: layout.flags, y: y, width: marks.count, style: style(.warning))
        grid.write(layout.date(Timestamp.formatDate(submittedAt)), x: layout.date, y: y, style: style(.normal))
        grid.writeFitted(DueLook.text(daysLeft: daysLeft, status: status), x: layout.due, y: y, width: 5,
                         style: style(DueLook.role(daysLeft: daysLeft, status: status), bold: daysLeft < 0))
        grid.write(state.desk.table.country(Int(row)).description, x: layout.country, y: y, style: style(.normal))
        let verifiedMark = verified.map { $0 ? "✓" : "✗" } ?? " "
        grid.write(verifiedMark, x: layout.verified, y: y, style: style(verified == nil ? .normal : verified == false ? .warning : .accepted))
        let isMatch = state.search.map { $0.matches.rowCount > Int(row) && $0.matches.contains(Int(row)) } ?? false
        let needle = isMatch ? state.highlighter.foldNeedle(state.search!.text) : []
        var markStyle = style(.accent, bold: true)
        markStyle.underline = true
        markStyle.reverse.toggle()
        let emailWidth = min(layout.emailWidth, max(0, end - layout.email))
        let email = DisplayWidth.pad(Safe.line(submission?.email ?? "?"), toWidth: emailWidth)
        grid.write(email, x: layout.email, y: y, style: style(.normal),
                   marking: state.highlighter.matchedOffsets(in: email, needle: needle), markStyle: markStyle, limit: emailWidth)
        x = layout.justification
        if let claim, x < end {
            // Whose it is, before the text: claims show on the list, not only in the detail.
            let holder = "[" + DisplayWidth.truncate(Safe.line(claim.reviewer), toWidth: 12) + "] "
            x = grid.write(holder, x: x, y: y, style: style(.warning, bold: true), limit: end - x)
        }
        if x < end {
            let justification = submission.map { Safe.firstLine($0.justification) } ?? ""
            let shown = DisplayWidth.truncate(justification.isEmpty ? "(no justification)" : justification, toWidth: end - x)
            grid.write(shown, x: x, y: y, style: style(justification.isEmpty ? .dim : .normal),
                       marking: state.highlighter.matchedOffsets(in: shown, needle: needle), markStyle: markStyle, limit: end - x)
        }
    }
}
