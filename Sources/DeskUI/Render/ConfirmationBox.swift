import DeskStore
import DeskEngine
import DeskCore

/// The confirmation box: exactly what `y` will do. The count broken down by current status,
/// the full reason, tagged rows the view hides (left out unless included), who already decided
/// rows that are accepted or rejected, and a few of the submissions.
enum ConfirmationBox {
    private struct Line {
        var text: String
        var bold = false
    }

    static func draw(_ state: AppState, confirmation: BulkConfirmation, layout: Layout, into grid: inout CellGrid) {
        let width = grid.width
        let room = max(3, layout.bottomY - 3)
        var keys = " y confirms"
        if !confirmation.hidden.isEmpty { keys += " · i includes or leaves out the hidden ones" }
        if confirmation.adding > 0 { keys += " · l lists the ones that add words" }
        let footer = wrapped(Line(text: keys + " · any other key cancels", bold: true), width: width)
        var header = headerLines(state, confirmation, width: width).flatMap { wrapped($0, width: width) }
        if header.count > room - 1 {
            header = Array(header.prefix(room - 2)) + [Line(text: "   … (the reason continues)")]
        }
        var samples: [Line] = []
        if confirmation.isBulk {
            let deciding = confirmation.deciding
            let space = max(0, min(5, room - header.count - 2))
            for row in deciding.prefix(space) {
                let submission = state.records[row]
                samples.append(Line(text: "  " + Safe.line(submission?.id ?? "?") + "  " + Safe.line(submission?.email ?? "")))
            }
            if deciding.count > samples.count && space > 0 {
                if samples.count == space { samples.removeLast() }
                samples.append(Line(text: "  … and \(deciding.count - samples.count) more"))
            }
        }
        let lines = header + (samples.isEmpty ? [] : [Line(text: "")] + samples) + footer
        let y = max(1, (layout.bottomY - lines.count) / 2)
        let box = CellStyle(role: .warning, reverse: true)
        grid.fill(x: 0, y: y - 1, width: width, height: 1)
        grid.fill(x: 0, y: y + lines.count, width: width, height: 1)
        grid.fill(x: 0, y: y, width: width, height: lines.count, style: box)
        for (offset, line) in lines.enumerated() {
            grid.write(line.text, x: 0, y: y + offset, style: CellStyle(role: .warning, reverse: true, bold: line.bold), limit: width)
        }
    }

    /// A line wider than the screen goes on over more lines (indented one more), rather than
    /// being cut mid-word at the edge ("(i to", "l lists the ones that a").
    private static func wrapped(_ line: Line, width: Int) -> [Line] {
        guard DisplayWidth.of(line.text) > width, width > 12 else { return [line] }
        let pieces = TextWrap.lines(String(line.text.drop { $0 == " " }), width: width - 2)
        return pieces.enumerated().map { index, piece in Line(text: (index == 0 ? " " : "  ") + piece, bold: line.bold) }
    }

    private static func headerLines(_ state: AppState, _ confirmation: BulkConfirmation, width: Int) -> [Line] {
        let request = confirmation.request
        let verb = ConfirmView.verbPresent(request.kind)
        var lines: [Line] = []
        let count = confirmation.deciding.count
        if confirmation.isBulk {
            let plural = count == 1 ? "" : "s"
            if count == 0 {
                lines.append(Line(text: " Nothing left to \(verb.lowercased()): every tagged submission is left out", bold: true))
            } else {
                let which = confirmation.hidden.isEmpty || confirmation.includesHidden ? "" : " shown"
                lines.append(Line(text: " \(verb) \(count)\(which) tagged submission\(plural)?", bold: true))
                lines.append(Line(text: " \(count): " + StatusBreakdown.text(confirmation.byStatus)))
            }
            if confirmation.adding > 0 {
                // A cluster's copy-paste can hide one person asking for something else.
                let adding = confirmation.adding
                // "The cluster" only when the whole selection is one; otherwise the adders' own.
                let text = confirmation.decidingOneCluster ? "the cluster's text"
                    : confirmation.addingClusters != 1 ? "their clusters' texts"
                    : adding == 1 ? "its cluster's text" : "their cluster's text"
                lines.append(Line(text: " \(adding) of them add\(adding == 1 ? "s" : "") words to \(text) (flag:adds) · l lists them", bold: true))
            }
            for piece in leftOutLines(confirmation, width: width) { lines.append(Line(text: piece, bold: true)) }
            if !confirmation.hidden.isEmpty {
                let hidden = confirmation.hidden.count
                let verdict = confirmation.includesHidden ? "INCLUDED" : "not included"
                lines.append(Line(text: " \(hidden) more tagged submission\(hidden == 1 ? " is" : "s are") hidden by the view and filter: \(verdict) (i toggles)", bold: true))
            }
            let decided = confirmation.byStatus[Int(SubmissionStatus.accepted.rawValue)]
                + confirmation.byStatus[Int(SubmissionStatus.rejected.rawValue)]
            if decided > 0 {
                lines.append(Line(text: " \(decided) already decided, e.g.:", bold: true))
                for decision in confirmation.alreadyDecided {
                    lines.append(Line(text: "   " + Safe.line(decision.submissionID) + " " + DecisionWording.prior(decision, now: state.now)))
                }
            }
        } else if let row = confirmation.targets.first {
            let submission = state.records[row]
            let email = DisplayWidth.truncate(Safe.line(submission?.email ?? ""), toWidth: 24)
            if confirmation.deciding.isEmpty {
                lines.append(Line(text: " Nothing left to \(verb.lowercased()): \(Safe.line(submission?.id ?? "?")) was changed meanwhile", bold: true))
                for piece in leftOutLines(confirmation, width: width) { lines.append(Line(text: piece, bold: true)) }
                return lines
            }
            lines.append(Line(text: " \(verb) \(Safe.line(submission?.id ?? "?")) (\(email))?", bold: true))
            if let latest = confirmation.alreadyDecided.first {
                var said = " It is already " + DecisionWording.prior(latest, now: state.now)
                if let reason = latest.reason { said += ": " + Safe.line(reason) }
                for piece in TextWrap.lines(said, width: max(10, width - 2)) { lines.append(Line(text: piece, bold: true)) }
            }
        }
        if let reason = request.reason, !confirmation.deciding.isEmpty {
            let label = request.kind == .verificationRequested ? " message: " : " reason: "
            for (index, piece) in TextWrap.lines(Safe.line(reason), width: max(10, width - 10)).enumerated() {
                lines.append(Line(text: (index == 0 ? label : String(repeating: " ", count: label.count)) + piece))
            }
        }
        return lines
    }

    /// "left out: 2 claimed by ben, 1 claimed by cara · 1 decided meanwhile by ben", wrapped.
    private static func leftOutLines(_ confirmation: BulkConfirmation, width: Int) -> [String] {
        let claimed = confirmation.claimedBy.map {
            $0.name == "your other screen" ? "\($0.count) open on your other screen" : "\($0.count) claimed by \(Safe.line($0.name))"
        }
        let meanwhile = confirmation.decidedMeanwhileBy.map { "\($0.count) decided meanwhile by \(Safe.line($0.name))" }
        let parts = [claimed, meanwhile].filter { !$0.isEmpty }.map { $0.joined(separator: ", ") }
        guard !parts.isEmpty else { return [] }
        return TextWrap.lines("left out: " + parts.joined(separator: " · "), width: max(10, width - 2)).map { " " + $0 }
    }
}
