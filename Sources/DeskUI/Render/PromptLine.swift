import DeskStore
import DeskEngine
import DeskCore

/// The prompt on the bottom line: a label naming its target, the text around the cursor with `…`
/// where text is hidden on either side, the cursor itself, and what Tab and ^N would do.
enum PromptLine {
    static func draw(_ state: AppState, _ prompt: Prompt, y: Int, into grid: inout CellGrid) {
        var x = grid.write(label(state, prompt, width: grid.width), x: 0, y: y, style: CellStyle(role: .accent, bold: true))
        // An error, or which canned reply is shown, always; the key hints give way to the text.
        var extras = prompt.error.map { "  ✗ " + Safe.line($0) } ?? hints(state, prompt, essentialOnly: false)
        let textWidth = DisplayWidth.of(Safe.line(prompt.activeField.text)) + 1
        if prompt.error == nil && grid.width - x - DisplayWidth.of(extras) - 1 < min(textWidth, 30) {
            extras = hints(state, prompt, essentialOnly: true)
        }
        let extrasWidth = min(DisplayWidth.of(extras), max(0, (grid.width - x) / 2))
        let room = max(3, grid.width - x - extrasWidth - 1)
        let field = prompt.activeField
        x = drawField(field, x: x, y: y, room: room, into: &grid)
        if !extras.isEmpty {
            let style = prompt.error == nil ? CellStyle(role: .dim) : CellStyle(role: .rejected, bold: true)
            grid.write(extras, x: x, y: y, style: style, limit: grid.width - x)
        }
    }

    /// "Reject obj-2026-004185 (emma.borg@…): ", "Reject 3 tagged: ", "/ ".
    static func label(_ state: AppState, _ prompt: Prompt, width: Int) -> String {
        if case .search = prompt.purpose { return "Search: " }
        guard case .reason(let kind, let targets, _) = prompt.purpose else { return "/ " }
        var subject: String
        if targets.count == 1, let row = targets.first {
            let submission = state.records[row]
            subject = Safe.line(submission?.id ?? "?")
            // Narrow screens keep the room for the text; the id alone names the submission.
            if width >= 70 { subject += " (" + shortEmail(submission?.email ?? "") + ")" }
        } else {
            subject = "\(targets.count) tagged"
        }
        let verb: String
        switch kind {
        case .accepted: verb = "Accept"
        case .rejected: verb = "Reject"
        case .verificationRequested: verb = "Verify"
        case .reopened: verb = "Reopen"
        case .extended: verb = "Extend the deadline of"
        }
        if prompt.isEditingNote || kind == .accepted {
            subject = "note on " + verb.lowercased() + " " + subject
            return "\(subject.prefix(1).uppercased() + subject.dropFirst()): "
        }
        return "\(verb) \(subject): "
    }

    /// The local part and `@…` when the address is long: enough to recognise the person.
    static func shortEmail(_ email: String) -> String {
        let safe = Safe.line(email)
        guard DisplayWidth.of(safe) > 16 else { return safe }
        if let at = safe.firstIndex(of: "@") {
            let local = String(safe[..<at])
            return DisplayWidth.truncate(local, toWidth: 12) + (DisplayWidth.of(local) > 12 ? "" : "@…")
        }
        return DisplayWidth.truncate(safe, toWidth: 14)
    }

    /// What Tab and ^N would do, and which canned reply is shown.
    private static func hints(_ state: AppState, _ prompt: Prompt, essentialOnly: Bool) -> String {
        guard let kind = prompt.decisionKind else { return "" }
        var parts: [String] = []
        let canned = state.templates.texts(for: kind)
        if !prompt.isEditingNote && !canned.isEmpty {
            if let index = prompt.templateIndex {
                parts.append("canned \(index + 1)/\(canned.count)")
            } else if !essentialOnly {
                parts.append("Tab canned")
            }
        }
        if kind != .accepted && !essentialOnly {
            parts.append(prompt.isEditingNote ? "^N reason" : prompt.note.text.isEmpty ? "^N note" : "^N note ✓")
        }
        return parts.isEmpty ? "" : "  " + parts.joined(separator: " · ")
    }

    /// Draws the part of `field` around its cursor in `room` cells; returns the column after it.
    private static func drawField(_ field: LineField, x start: Int, y: Int, room: Int, into grid: inout CellGrid) -> Int {
        // Each typed character as it is shown (a pasted control character shows escaped).
        let pieces = field.text.map { Safe.line(String($0)) }
        let widths = pieces.map { max(1, DisplayWidth.of($0)) }
        let cursor = max(0, min(field.cursor, pieces.count))
        let cursorWidth = cursor < pieces.count ? widths[cursor] : 1
        // As much text before the cursor as fits with it; then as much after it.
        var first = cursor
        var used = cursorWidth
        let rightMark = cursor + 1 < pieces.count ? 1 : 0
        while first > 0 && used + widths[first - 1] + (first - 1 > 0 ? 1 : 0) + rightMark <= room {
            first -= 1
            used += widths[first]
        }
        if first > 0 { used += 1 }
        var end = min(pieces.count, cursor + 1)
        while end < pieces.count && used + widths[end] + (end + 1 < pieces.count ? 1 : 0) <= room {
            used += widths[end]
            end += 1
        }
        var x = start
        let dim = CellStyle(role: .dim)
        if first > 0 { x = grid.write("…", x: x, y: y, style: dim) }
        for index in first..<max(first, end) {
            let style = index == cursor ? CellStyle(reverse: true) : CellStyle.plain
            x = grid.write(pieces[index], x: x, y: y, style: style)
        }
        if cursor == pieces.count { x = grid.write("█", x: x, y: y, style: CellStyle(role: .accent)) }
        if end < pieces.count { x = grid.write("…", x: x, y: y, style: dim) }
        return x
    }
}
