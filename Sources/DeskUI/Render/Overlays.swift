import DeskStore
import DeskEngine
import Foundation
import DeskCore

/// The `?` help, generated from the keymap table.
enum HelpView {
    static func lines(_ state: AppState, width: Int) -> [(String, CellStyle)] {
        var lines: [(String, CellStyle)] = []
        func wrapped(_ text: String, indent: Int, _ style: CellStyle) {
            let pad = String(repeating: " ", count: indent)
            for line in TextWrap.lines(text, width: max(10, width - indent - 1)) { lines.append((pad + line, style)) }
        }
        if !state.helpIntroduction.isEmpty { wrapped(state.helpIntroduction, indent: 2, CellStyle(role: .dim)) }
        for section in KeyBinding.Section.allCases {
            lines.append(("", .plain))
            lines.append(("  " + section.rawValue, CellStyle(bold: true, underline: true)))
            for binding in Keymap.bindings where binding.section == section {
                // The description wraps under itself, so no key's meaning is cut at 80 columns.
                let label = "    " + DisplayWidth.pad(binding.label, toWidth: 11)
                let pieces = TextWrap.lines(binding.help, width: max(10, width - 16))
                for (index, piece) in pieces.enumerated() {
                    lines.append(((index == 0 ? label : String(repeating: " ", count: 15)) + piece, .plain))
                }
            }
        }
        lines.append(("", .plain))
        lines.append(("  List marks", CellStyle(bold: true, underline: true)))
        wrapped("status: · pending  ? awaiting verification  A accepted  R rejected;  * tagged", indent: 4, .plain)
        wrapped("! text shown escaped;  ✓ ✗ email verified or not", indent: 4, .plain)
        let flags = ListView.columnFlags.map { "\($0.mark) \($0.rawValue)" }.joined(separator: "  ")
        wrapped("flags: " + flags + " (filter with flag:NAME, -flag:NAME)", indent: 4, .plain)
        lines.append(("", .plain))
        let prompts = "In prompts: Enter confirms, Esc or ^C cancels. ← → Home End ^A ^E move; Backspace Delete ^W ^U ^K "
            + "edit at the cursor; ↑ ↓ bring back earlier entries (kept between runs); Tab cycles the canned replies and "
            + "back to your own text; ^N switches to the internal note kept with the decision."
        wrapped(prompts, indent: 2, CellStyle(role: .dim))
        wrapped("Pasted text never confirms a prompt: its line breaks become spaces.", indent: 2, CellStyle(role: .dim))
        lines.append(("", .plain))
        lines.append(("  The filter (/) and decide --filter", CellStyle(bold: true, underline: true)))
        for line in FilterParser.grammarHelp.split(separator: "\n", omittingEmptySubsequences: false) {
            // Continuation lines of the grammar keep their column; wrapped ones align under it.
            let text = String(line)
            let indent = text.prefix { $0 == " " }.count
            let pieces = TextWrap.lines(String(text.dropFirst(indent)), width: max(10, width - 5 - indent))
            for (index, piece) in pieces.enumerated() {
                let hang = index == 0 ? indent : max(indent, 21)
                lines.append(("    " + String(repeating: " ", count: hang) + piece, .plain))
            }
            if pieces.isEmpty { lines.append(("", .plain)) }
        }
        return lines
    }
}

/// The `m` message log: every message of this session, newest last, in full.
enum MessagesView {
    static func lines(_ state: AppState, width: Int) -> [(String, CellStyle)] {
        guard !state.messageLog.isEmpty else { return [("  No messages yet.", CellStyle(role: .dim))] }
        var lines: [(String, CellStyle)] = []
        for entry in state.messageLog {
            let time = String(Timestamp.formatUTCMillis(entry.at).dropFirst(11).prefix(8))
            let pieces = TextWrap.lines(Safe.line(entry.message.text), width: max(10, width - 12))
            let style = CellStyle(role: entry.message.isError ? .rejected : .normal, bold: entry.message.isError)
            for (index, piece) in pieces.enumerated() {
                lines.append(((index == 0 ? "  " + time + "  " : String(repeating: " ", count: 12)) + piece, style))
            }
        }
        return lines
    }
}

/// A pager's screen: its title, a page of its lines, and where it stands.
enum PagerView {
    static func draw(_ state: AppState, pager: Pager, layout: Layout, into grid: inout CellGrid) {
        let top = 1
        let height = layout.bottomY - top
        grid.fill(x: 0, y: top, width: grid.width, height: height)
        let lines = state.pagerLines(pager.content)
        let title = pager.content == .help ? " Keys" : " Messages (newest last, times UTC)"
        grid.write(title, x: 0, y: top, style: CellStyle(role: .accent, bold: true), limit: grid.width)
        let visible = state.pagerHeight
        let first = max(0, min(pager.scroll, lines.count - visible))
        for (offset, line) in lines.dropFirst(first).prefix(visible).enumerated() {
            grid.write(line.0, x: 0, y: top + 1 + offset, style: line.1, limit: grid.width)
        }
    }

    /// The bottom line under a pager: the search being typed, or where the page is and the keys.
    static func status(_ state: AppState, pager: Pager, width: Int) -> String {
        if let query = pager.query { return "/" + query }
        let count = state.pagerLines(pager.content).count
        let last = min(count, pager.scroll + state.pagerHeight)
        let place = count <= state.pagerHeight ? "all" : last >= count ? "END" : "\(100 * last / max(1, count))%"
        let found = pager.notFound ? "not found: " + pager.lastQuery + " · " : ""
        let full = found + "lines \(min(count, pager.scroll + 1))-\(last) of \(count) (\(place)) · space b page · g G ends · / n search · q closes"
        let short = found + "\(place) · space b · / n · q closes"
        return DisplayWidth.of(full) <= width ? full : short
    }
}

/// The confirmation before a bulk decision or a change to a decided row (see `ConfirmationBox`).
enum ConfirmView {
    static func draw(_ state: AppState, confirmation: BulkConfirmation, layout: Layout, into grid: inout CellGrid) {
        ConfirmationBox.draw(state, confirmation: confirmation, layout: layout, into: &grid)
    }

    static func verbPresent(_ kind: DecisionKind) -> String {
        switch kind {
        case .accepted: "Accept"
        case .rejected: "Reject"
        case .verificationRequested: "Request verification for"
        case .reopened: "Reopen"
        case .extended: "Extend the deadline of"
        }
    }
}

/// The last row: a prompt being typed, a message, or the key hints.
enum BottomLine {
    static func draw(_ state: AppState, layout: Layout, into grid: inout CellGrid) {
        let y = layout.bottomY
        grid.fill(x: 0, y: y, width: grid.width, height: 1)
        switch state.mode {
        case .prompt(let prompt):
            drawPrompt(state, prompt, y: y, into: &grid)
            return
        case .confirm:
            grid.write("y confirms · any other key cancels", x: 0, y: y, style: CellStyle(role: .warning, bold: true))
            return
        case .confirmClaimed:
            grid.write("y decides it anyway · any other key cancels", x: 0, y: y, style: CellStyle(role: .warning, bold: true))
            return
        case .confirmUndo:
            grid.write("y undoes them · any other key keeps them", x: 0, y: y, style: CellStyle(role: .warning, bold: true))
            return
        case .pager(let pager):
            let status = PagerView.status(state, pager: pager, width: grid.width)
            grid.write(status, x: 0, y: y, style: CellStyle(role: pager.notFound ? .rejected : .dim), limit: grid.width)
            return
        case .reader:
            return
        case .clusters:
            grid.write("j k move · Enter lists its members · a r v decide its open members · any other key closes", x: 0, y: y, style: CellStyle(role: .dim), limit: grid.width)
            return
        case .browsing:
            break
        }
        if let message = state.message {
            var text = Safe.line(message.text)
            // Cut at the edge, it says where the rest is: `m` shows every message in full.
            if DisplayWidth.of(text) > grid.width && grid.width > 20 {
                text = DisplayWidth.truncate(text, toWidth: grid.width - 9) + " m: more"
            }
            grid.write(text, x: 0, y: y, style: CellStyle(role: message.isError ? .rejected : .accent, bold: message.isError), limit: grid.width)
            return
        }
        let full = "a accept  r reject  v verify  ␣ tag  * tag all  c clear  / filter  s sort  u undo  1-4 views  ? help  q quit"
        let short = "a accept  r reject  v verify  ␣ tag  / filter  u undo  ? help  q quit"
        let shortest = "a r v decide  ␣ tag  / filter  n search  ? help  q quit"
        let hints = [full, short].first { DisplayWidth.of($0) <= grid.width } ?? shortest
        grid.write(hints, x: 0, y: y, style: CellStyle(role: .dim))
    }

    private static func drawPrompt(_ state: AppState, _ prompt: Prompt, y: Int, into grid: inout CellGrid) {
        PromptLine.draw(state, prompt, y: y, into: &grid)
        drawReasonChoices(state, prompt, above: y, into: &grid)
    }

    /// Just above a reason prompt, where its text goes; above that the canned reasons, numbered:
    /// a number picks one while the field is empty; the picked one is marked; Tab cycles them too.
    private static func drawReasonChoices(_ state: AppState, _ prompt: Prompt, above y: Int, into grid: inout CellGrid) {
        guard let kind = prompt.decisionKind, kind != .accepted, y >= 2 else { return }
        let style = CellStyle(role: .accent, reverse: true)
        let destination = destinationLine(kind, isEditingNote: prompt.isEditingNote, width: grid.width)
        var listBottom = y
        if let destination {
            grid.fill(x: 0, y: y - 1, width: grid.width, height: 1, style: style)
            grid.write(" " + destination, x: 0, y: y - 1, style: style, limit: grid.width)
            listBottom = y - 1
        }
        guard !prompt.isEditingNote else { return }
        let labels = state.templates.labels(for: kind)
        guard !labels.isEmpty, prompt.field.text.isEmpty || prompt.templateIndex != nil else { return }
        let shown = Array(labels.prefix(9).prefix(max(0, listBottom - 2)))
        for (index, label) in shown.enumerated() {
            let line = listBottom - shown.count + index
            let chosen = prompt.templateIndex == index
            grid.fill(x: 0, y: line, width: grid.width, height: 1, style: style)
            let text = (chosen ? " ▶ " : "   ") + "\(index + 1)  " + Safe.line(label)
            grid.write(text, x: 0, y: line, style: CellStyle(role: .accent, reverse: true, bold: chosen), limit: grid.width)
        }
    }

    /// Whether what is typed reaches the person: a rejection's reason, a verification request's
    /// message and an extension's reason are in the reply; a reopening's reason and a note are not.
    static func destinationLine(_ kind: DecisionKind, isEditingNote: Bool, width: Int) -> String? {
        let choices: [String]
        if isEditingNote {
            choices = ["Internal note: kept in the decision log, never sent to the person", "Internal note: never sent"]
        } else {
            switch kind {
            case .rejected, .verificationRequested, .extended:
                choices = ["Sent to the person: a canned reason in their language, your own words as typed",
                           "Sent to the person (canned: in their language)", "Sent to the person"]
            case .reopened:
                choices = ["Kept in the decision log, not sent to the person", "Not sent to the person"]
            case .accepted:
                return nil
            }
        }
        return choices.first { DisplayWidth.of($0) + 1 <= width } ?? choices.last
    }
}
