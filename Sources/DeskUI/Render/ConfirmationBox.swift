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
        let footer = Line(text: " y confirms" + (confirmation.hidden.isEmpty ? "" : " · i includes or leaves out the hidden ones")
                          + " · any other key cancels", bold: true)
        var header = headerLines(state, confirmation, width: width)
        if header.count > room - 1 {
            header = Array(header.prefix(room - 2)) + [Line(text: "   … (the reason continues)")]
        }
        var samples: [Line] = []
        if confirmation.isBulk {
            let shownTargets = confirmation.includesHidden ? confirmation.targets
                : confirmation.targets.filter { state.shownSet.rowCount > Int($0) && state.shownSet.contains(Int($0)) }
            let space = max(0, min(5, room - header.count - 2))
            for row in shownTargets.prefix(space) {
                let submission = state.cache.submission(row, in: state.desk)
                samples.append(Line(text: "  " + Safe.line(submission?.id ?? "?") + "  " + Safe.line(submission?.email ?? "")))
            }
            if shownTargets.count > samples.count && space > 0 {
                if samples.count == space { samples.removeLast() }
                samples.append(Line(text: "  … and \(shownTargets.count - samples.count) more"))
            }
        }
        let lines = header + (samples.isEmpty ? [] : [Line(text: "")] + samples) + [footer]
        let y = max(1, (layout.bottomY - lines.count) / 2)
        let box = CellStyle(role: .warning, reverse: true)
        grid.fill(x: 0, y: y - 1, width: width, height: 1)
        grid.fill(x: 0, y: y + lines.count, width: width, height: 1)
        grid.fill(x: 0, y: y, width: width, height: lines.count, style: box)
        for (offset, line) in lines.enumerated() {
            grid.write(line.text, x: 0, y: y + offset, style: CellStyle(role: .warning, reverse: true, bold: line.bold), limit: width)
        }
    }

    private static func headerLines(_ state: AppState, _ confirmation: BulkConfirmation, width: Int) -> [Line] {
        let request = confirmation.request
        let verb = ConfirmView.verbPresent(request.kind)
        var lines: [Line] = []
        let count = confirmation.effectiveCount
        if confirmation.isBulk {
            let which = confirmation.hidden.isEmpty || confirmation.includesHidden ? "" : " shown"
            let skipped = confirmation.skippedClaimed == 0 ? "" : " (\(confirmation.skippedClaimed) claimed by others left out)"
            lines.append(Line(text: " \(verb) \(count)\(which) tagged submission\(count == 1 ? "" : "s")?\(skipped)", bold: true))
            lines.append(Line(text: " \(count): " + PriorDecisionWording.breakdown(confirmation.effectiveByStatus)))
            if state.desk.hasClusters {
                // A cluster's copy-paste can hide one person asking for something else.
                let clusters = state.desk.clusters
                let adding = confirmation.targets.filter { Int($0) < clusters.rowCount && clusters.addsWords(Int($0)) }.count
                if adding > 0 {
                    lines.append(Line(text: " \(adding) of them add words to the cluster's text (flag:adds): read them first?", bold: true))
                }
            }
            if !confirmation.hidden.isEmpty {
                let hidden = confirmation.hidden.count
                let verdict = confirmation.includesHidden ? "INCLUDED" : "not included"
                lines.append(Line(text: " \(hidden) more tagged submission\(hidden == 1 ? " is" : "s are") hidden by the view and filter: \(verdict) (i toggles)", bold: true))
            }
            let decided = confirmation.effectiveByStatus[Int(SubmissionStatus.accepted.rawValue)]
                + confirmation.effectiveByStatus[Int(SubmissionStatus.rejected.rawValue)]
            if decided > 0 {
                lines.append(Line(text: " \(decided) already decided, e.g.:", bold: true))
                for decision in confirmation.alreadyDecided {
                    lines.append(Line(text: "   " + Safe.line(decision.submissionID) + " " + PriorDecisionWording.describe(decision, now: state.now)))
                }
            }
        } else if let row = confirmation.targets.first {
            let submission = state.cache.submission(row, in: state.desk)
            let email = DisplayWidth.truncate(Safe.line(submission?.email ?? ""), toWidth: 24)
            lines.append(Line(text: " \(verb) \(Safe.line(submission?.id ?? "?")) (\(email))?", bold: true))
            if let latest = confirmation.alreadyDecided.first {
                var said = " It is already " + PriorDecisionWording.describe(latest, now: state.now)
                if let reason = latest.reason { said += ": " + Safe.line(reason) }
                for piece in TextWrap.lines(said, width: max(10, width - 2)) { lines.append(Line(text: piece, bold: true)) }
            }
        }
        if let reason = request.reason {
            let label = request.kind == .verificationRequested ? " message: " : " reason: "
            for (index, piece) in TextWrap.lines(Safe.line(reason), width: max(10, width - 10)).enumerated() {
                lines.append(Line(text: (index == 0 ? label : String(repeating: " ", count: label.count)) + piece))
            }
        }
        return lines
    }
}
