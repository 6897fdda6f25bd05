import DeskCore

/// `u`: puts back what was there before this session's latest decision, row by row, and only
/// where nobody changed the row since.
///
/// The undo appends, for each submission, the record that restores its earlier state (the earlier
/// `verification_requested` again with its reason, say), or `reopened` when it was pending, so
/// the log stays append-only and its history reads right. The request expects the line of the
/// agent's own record: if someone decided the row after it, the store refuses, as it refuses any
/// stale decision.
extension AppState {
    mutating func undo() -> [Effect] {
        guard let last = undoStack.last else {
            message = StatusMessage(text: "nothing to undo in this session", isError: false)
            return []
        }
        var ids: [String] = []
        var expected: [Int] = []
        var restorations: [Restoration] = []
        var undone: [Int] = []
        var changed: [(id: String, latest: Decision?)] = []
        for (id, seenBefore) in zip(last.submissionIDs, last.expectedLatestLines) {
            guard let row = desk.table.row(forID: id), let mine = recordIndex(ofRow: row, following: seenBefore),
                  equivalentLine(desk.latestLine(of: row)) == Int(desk.ledger.entries[mine].line) else {
                changed.append((id, desk.table.row(forID: id).flatMap { latestDecision(of: Int32($0)) }))
                continue
            }
            ids.append(id)
            expected.append(desk.latestLine(of: row))
            restorations.append(restoration(before: mine))
            undone.append(Int(desk.ledger.entries[mine].line))
        }
        let notice = changed.isEmpty ? nil : Self.describeChanged(changed, of: last.submissionIDs.count, now: now)
        guard !ids.isEmpty else {
            _ = undoStack.popLast()
            message = StatusMessage(text: "not undone: " + (notice ?? "") + "; \(undoStack.count) more to undo", isError: true)
            return []
        }
        var request = DecisionRequest(kind: .reopened, submissionIDs: ids, isUndo: true, expectedLatestLines: expected)
        // Plain `reopened` lines when every row was pending before; otherwise one record each.
        if restorations.contains(where: { $0.kind != .reopened || $0.restoresLine != 0 }) { request.restorations = restorations }
        request.undoneLines = undone
        if ids.count > 1 {
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

    /// The entry of the record written on top of `seen` (the line the agent saw when deciding):
    /// the one whose previous entry is that line.
    func recordIndex(ofRow row: Int, following seen: Int) -> Int? {
        let ledger = desk.ledger
        var index = Int(ledger.latest[row])
        while index >= 0 {
            let previous = Int(ledger.entries[index].previous)
            let previousLine = previous < 0 ? 0 : Int(ledger.entries[previous].line)
            if previousLine == seen { return index }
            index = previous
        }
        return nil
    }

    /// A line written by an undo counts as the line whose state it put back.
    func equivalentLine(_ line: Int) -> Int {
        var current = line
        var steps = 0
        while let earlier = restoredLines[current], steps < 1_000 {
            current = earlier
            steps += 1
        }
        return current
    }

    /// The record that puts back the state before entry `index`.
    private func restoration(before index: Int) -> Restoration {
        let ledger = desk.ledger
        let previous = Int(ledger.entries[index].previous)
        guard previous >= 0 else { return Restoration(kind: .reopened, restoresLine: 0) }
        let earlier = ledger.entries[previous]
        let line = Int(earlier.line)
        return Restoration(kind: earlier.kind, reason: ledger.text(earlier.reason), note: "undo: puts back line \(line)", restoresLine: line)
    }

    /// An undo was recorded: remember which lines restore which, and say what each row is now.
    mutating func didUndo(_ request: DecisionRequest) {
        _ = undoStack.popLast()
        for (index, id) in request.submissionIDs.enumerated() {
            guard let restored = request.restorations?[index].restoresLine, restored > 0,
                  let row = desk.table.row(forID: id),
                  let written = recordIndex(ofRow: row, following: request.expectedLatestLines[index]) else { continue }
            restoredLines[Int(desk.ledger.entries[written].line)] = restored
        }
        var byStatus = [Int](repeating: 0, count: SubmissionStatus.allCases.count)
        for index in request.submissionIDs.indices {
            let kind = request.restorations?[index].kind ?? request.kind
            byStatus[Int((kind.resultingStatus ?? .pending).rawValue)] += 1
        }
        let count = request.submissionIDs.count
        var text = count == 1
            ? "undone: \(Safe.line(request.submissionIDs[0])) is \(StatusLook.word((request.restorations?[0].kind ?? request.kind).resultingStatus ?? .pending)) again"
            : "undone: \(count) submissions put back: " + PriorDecisionWording.breakdown(byStatus)
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
    static func describeChanged(_ changed: [(id: String, latest: Decision?)], of total: Int, now: Int64) -> String {
        if changed.count == 1, let only = changed.first {
            guard let latest = only.latest else { return "\(Safe.line(only.id)): its history changed" }
            return "\(Safe.line(only.id)) was \(DeskUIText.pastTenseVerb(latest.kind)) by \(Safe.line(latest.reviewer)) since (\(RelativeAge.describe(since: latest.decidedAt, now: now)))"
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
public struct UndoConfirmation: Equatable, Sendable {
    public var request: DecisionRequest
    /// The kind of the decision being undone.
    public var undoneKind: DecisionKind
    /// Rows left as they are because someone changed them since, if any.
    public var notice: String?

    /// Per status the rows go back to, indexed by `SubmissionStatus.rawValue`.
    public var byStatus: [Int] {
        var counts = [Int](repeating: 0, count: SubmissionStatus.allCases.count)
        for index in request.submissionIDs.indices {
            let kind = request.restorations?[index].kind ?? request.kind
            counts[Int((kind.resultingStatus ?? .pending).rawValue)] += 1
        }
        return counts
    }

    /// "Put 17,913 submissions back to pending?", or, when rows go back to different states,
    /// "Undo your accept of 200 submissions? 199 back to pending, 1 back to awaiting verification".
    public var question: String {
        let count = CountText.grouped(request.submissionIDs.count)
        let statuses = SubmissionStatus.allCases.filter { byStatus[Int($0.rawValue)] > 0 }
        if statuses.count == 1 { return "Put \(count) submissions back to \(StatusLook.word(statuses[0]))?" }
        let parts = statuses.map { "\(CountText.grouped(byStatus[Int($0.rawValue)])) back to \(StatusLook.word($0))" }
        return "Undo your \(ConfirmView.verbPresent(undoneKind).lowercased()) of \(count) submissions? " + parts.joined(separator: ", ")
    }
}
