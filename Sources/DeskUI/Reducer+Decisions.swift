import DeskCore

extension AppState {
    /// `a`, `r`, `v`: on the tagged rows if any (after confirmation), else on the current row.
    mutating func decide(_ kind: DecisionKind) -> [Effect] {
        let targets: [Int32]
        if !tags.isEmpty {
            targets = tags.rows
        } else if let row = currentRow {
            targets = [row]
        } else {
            message = StatusMessage(text: "nothing to decide: the list is empty", isError: true)
            return []
        }
        if kind.requiresReason {
            mode = .prompt(Prompt(purpose: .reason(kind, targets: targets, seen: seenLines(of: targets)), text: ""))
            return []
        }
        return proceed(request(kind, targets: targets), targets: targets)
    }

    /// Records directly for the current row; asks first when tags are involved or the row is
    /// already accepted or rejected.
    mutating func proceed(_ request: DecisionRequest, targets: [Int32]) -> [Effect] {
        if needsConfirmation(request, targets: targets) {
            mode = .confirm(confirmation(for: request, targets: targets, isBulk: !tags.isEmpty))
            return []
        }
        mode = .browsing
        if let row = targets.first { advanceAfterRecord = (row, rows.firstIndex(of: row) ?? cursor) }
        return [.record(request)]
    }

    /// `u`: reopens the submissions of this session's latest decision (a new `reopened` line).
    mutating func undo() -> [Effect] {
        guard let last = undoStack.last else {
            message = StatusMessage(text: "nothing to undo in this session", isError: false)
            return []
        }
        let rows = last.submissionIDs.compactMap { desk.table.row(forID: $0).map(Int32.init) }
        return [.record(request(.reopened, targets: rows, isUndo: true))]
    }

    mutating func didRecord(_ request: DecisionRequest, conflicts: [RecordOutcome.Conflict] = []) {
        guard conflicts.isEmpty else {
            didRecordPartly(request, conflicts: conflicts)
            return
        }
        let count = request.submissionIDs.count
        let subject = count == 1 ? TerminalSafety.sanitize(request.submissionIDs[0]).text : "\(count) submissions"
        if request.isUndo {
            let undone = undoStack.popLast()
            message = StatusMessage(text: "undone: \(subject) reopened (was \(undone?.kind.name ?? "?")); \(undoStack.count) more to undo", isError: false)
            recomputeRows(keeping: currentRow)
            if let first = request.submissionIDs.first, let row = desk.table.row(forID: first),
               let index = rows.firstIndex(of: Int32(row)) {
                moveCursor(to: index)
            }
            return
        }
        undoStack.append(request)
        if let kept = tagsKeptAfterBulk {
            // The tags a bulk decision left out (hidden by the view) stay tagged.
            tags = RowSet(rowCount: desk.table.count, allSelected: false)
            tags.insert(contentsOf: kept)
            tagsKeptAfterBulk = nil
        }
        let verb = Self.pastTense(request.kind)
        message = StatusMessage(text: "\(verb) \(subject) · u undoes", isError: false)
        guard let advance = advanceAfterRecord else {
            if tags.rowCount != desk.table.count { tags = tags.resized(to: desk.table.count) }
            recomputeRows(keeping: currentRow)
            return
        }
        advanceAfterRecord = nil
        if tags.rowCount != desk.table.count { tags = tags.resized(to: desk.table.count) }
        recomputeRows(keeping: nil)
        // Triage is one key per submission: go to the next row still pending.
        var start = advance.index
        if let index = rows.firstIndex(of: advance.row) { start = index + 1 }
        let statuses = desk.ledger.statuses
        let next = rows[min(start, rows.count)...].firstIndex { statuses[Int($0)] == .pending }
        moveCursor(to: next ?? min(start, rows.count - 1))
    }

    /// Others decided some targets meanwhile: those were not written. Say who, what and when.
    private mutating func didRecordPartly(_ request: DecisionRequest, conflicts: [RecordOutcome.Conflict]) {
        let skipped = Set(conflicts.map(\.submissionID))
        let written = request.keeping(Set(request.submissionIDs).subtracting(skipped))
        let explanation = ConflictWording.describe(conflicts, of: request.submissionIDs.count, now: now)
        if written.submissionIDs.isEmpty {
            advanceAfterRecord = nil
            tagsKeptAfterBulk = nil
            if request.isUndo { _ = undoStack.popLast() }
            recomputeRows(keeping: currentRow)
            message = StatusMessage(text: "NOT recorded: " + explanation, isError: true)
            return
        }
        didRecord(written)
        // What others did comes first: at 80 columns the end of the line may be cut.
        message = StatusMessage(text: explanation + " · " + (message?.text ?? ""), isError: true)
    }

    static func pastTense(_ kind: DecisionKind) -> String {
        switch kind {
        case .accepted: "accepted"
        case .rejected: "rejected"
        case .verificationRequested: "verification requested for"
        case .reopened: "reopened"
        }
    }

    func ids(of rows: [Int32]) -> [String] { rows.map { desk.table.id(Int($0)) } }

    /// A request for `targets` that remembers the latest decision shown for each, so the write
    /// can refuse rows someone else decided meanwhile.
    func request(_ kind: DecisionKind, targets: [Int32], reason: String? = nil, isUndo: Bool = false,
                 seen: [Int]? = nil) -> DecisionRequest {
        DecisionRequest(kind: kind, submissionIDs: ids(of: targets), reason: reason, isUndo: isUndo,
                        expectedLatestLines: seen ?? seenLines(of: targets))
    }

    func seenLines(of targets: [Int32]) -> [Int] { targets.map { desk.latestLine(of: Int($0)) } }
}
