import DeskStore
import DeskEngine
import DeskCore

/// `u`: puts back what was there before this session's latest decision, row by row, and only
/// where nobody changed the row since (`UndoPlanner`).
extension AppState {
    mutating func undo() -> [Effect] {
        guard let last = undoStack.last else {
            message = StatusMessage(text: "nothing to undo in this session", isError: false)
            return []
        }
        let plan = UndoPlanner.plan(undoing: last, history: desk.ledger.decisionHistory(of: desk.table), restoredLines: restoredLines)
        let notice = plan.changed.isEmpty ? nil : Self.describeChanged(plan.changed, of: last.submissionIDs.count, now: now)
        guard let request = plan.request else {
            _ = undoStack.popLast()
            message = StatusMessage(text: "not undone: " + (notice ?? "") + "; \(undoStack.count) more to undo", isError: true)
            return []
        }
        if request.submissionIDs.count > 1 {
            // One key must not silently take back thousands of decisions.
            mode = .confirmUndo(UndoConfirmation(request: request, undoneKind: last.kind, notice: notice))
            return []
        }
        undoNotice = notice
        return [.record(request)]
    }

    mutating func handleUndoConfirmKey(_ key: Key, confirmation: UndoConfirmation) -> [Effect] {
        mode = .browsing
        guard key == .character("y") || key == .character("Y") else {
            message = StatusMessage(text: "cancelled; nothing was undone (u asks again)", isError: false)
            return []
        }
        undoNotice = confirmation.notice
        return [.record(confirmation.request)]
    }

    /// An undo was recorded: remember which lines restore which, and say what each row is now.
    mutating func didUndo(_ request: DecisionRequest) {
        _ = undoStack.popLast()
        restoredLines.merge(UndoPlanner.restoredLines(by: request, history: desk.ledger.decisionHistory(of: desk.table))) { _, new in new }
        let byStatus = request.resultingStatusCounts
        let count = request.submissionIDs.count
        var text = count == 1
            ? "undone: \(Safe.line(request.submissionIDs[0])) is \(StatusLook.word((request.restorations?[0].kind ?? request.kind).resultingStatus ?? .pending)) again"
            : "undone: \(count) submissions put back: " + StatusBreakdown.text(byStatus)
        text += "; \(undoStack.count) more to undo"
        if let notice = undoNotice { text = "not undone: " + notice + " · " + text }
        message = StatusMessage(text: text, isError: undoNotice != nil)
        undoNotice = nil
        recomputeRows(.ownWork)
        if let first = request.submissionIDs.first, let row = desk.table.row(forID: first),
           let index = rows.firstIndex(of: Int32(row)) {
            moveCursor(to: index)
        }
    }

    /// "obj-1 was rejected by ben since (2 min ago)", or "3 of 500 were changed by ben since".
    static func describeChanged(_ changed: [UndoPlanner.Changed], of total: Int, now: Int64) -> String {
        if changed.count == 1, let only = changed.first {
            guard let latest = only.latest else { return "\(Safe.line(only.submissionID)): its history changed" }
            return "\(Safe.line(only.submissionID)) was \(DecisionWording.pastTense(latest.kind)) by \(Safe.line(latest.reviewer)) since (\(RelativeAge.describe(since: latest.decidedAt, now: now)))"
        }
        var names: [String] = []
        for entry in changed {
            let name = entry.latest.map { Safe.line($0.reviewer) } ?? "?"
            if !names.contains(name) { names.append(name) }
        }
        let who = names.count <= 2 ? names.joined(separator: " and ") : "\(names[0]) and \(names.count - 1) others"
        return "\(changed.count) of \(total) were changed by \(who) since; left as they are"
    }
}

/// The question before `u` takes back more than one decision: how many, and where each goes.
package struct UndoConfirmation: Equatable, Sendable {
    package var request: DecisionRequest
    /// The kind of the decision being undone.
    package var undoneKind: DecisionKind
    /// Rows left as they are because someone changed them since, if any.
    package var notice: String?

    /// Per status the rows go back to, indexed by `SubmissionStatus.rawValue`.
    package var byStatus: [Int] { request.resultingStatusCounts }

    /// "Put 17,913 submissions back to pending?", or, when rows go back to different states,
    /// "Undo your accept of 200 submissions? 199 back to pending, 1 back to awaiting verification".
    package var question: String {
        let count = CountText.grouped(request.submissionIDs.count)
        let statuses = SubmissionStatus.allCases.filter { byStatus[Int($0.rawValue)] > 0 }
        if statuses.count == 1 { return "Put \(count) submissions back to \(StatusLook.word(statuses[0]))?" }
        let parts = statuses.map { "\(CountText.grouped(byStatus[Int($0.rawValue)])) back to \(StatusLook.word($0))" }
        return "Undo your \(ConfirmView.verbPresent(undoneKind).lowercased()) of \(count) submissions? " + parts.joined(separator: ", ")
    }
}
