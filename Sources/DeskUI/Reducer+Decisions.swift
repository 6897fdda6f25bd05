import DeskStore
import DeskEngine
import DeskCore

extension AppState {
    /// `a`, `r`, `v`: on the tagged rows if any (after confirmation), else on the current row;
    /// `x` and `o` always on the current row (see `actsOnCursorRow`).
    /// `withNote`: open the prompt even for an accept, to add an internal note (`A`).
    mutating func decide(_ kind: DecisionKind, withNote: Bool = false) -> [Effect] {
        var targets: [Int32]
        if isBulk(kind) {
            // Bulk decisions leave rows that other reviewers' screens claim to them; the
            // confirmation names them (and follows claims that change while it is open).
            let (free, skipped) = claims.withoutOthers(tags.rows)
            guard !free.isEmpty else {
                message = StatusMessage(text: "all \(skipped) tagged submissions are claimed by others; nothing to decide (c clears tags)", isError: true)
                return []
            }
            targets = tags.rows
        } else if let row = currentRow {
            if let claim = claims.holder(of: row) { return confirmClaimedRow(kind, row: row, claim: claim) }
            targets = [row]
        } else {
            message = StatusMessage(text: "nothing to decide: the list is empty", isError: true)
            return []
        }
        if kind == .reopened {
            // Only decided (or awaiting) submissions can be reopened; a reopening says why.
            let statuses = desk.ledger.statuses
            let open = targets.filter { statuses[Int($0)] != .pending }
            guard !open.isEmpty else {
                message = StatusMessage(text: "nothing to reopen: it is pending", isError: true)
                return []
            }
            targets = open
        }
        if kind.requiresReason || kind == .reopened || withNote {
            mode = .prompt(Prompt(purpose: .reason(kind, targets: targets, seen: seenLines(of: targets)), text: ""))
            return []
        }
        return proceed(request(kind, targets: targets), targets: targets)
    }

    /// `x`: asks the reason for extending the current row's deadline, after checking the
    /// extension is allowed (once, open, within the first month).
    mutating func extendDeadline() -> [Effect] {
        guard let row = currentRow else { return [] }
        if let refusal = desk.ledger.extensionRefusal(ofRow: Int(row), in: desk.table, now: now) {
            // The row is the one under the cursor: no id, and the Art. 12(3) detail is in the
            // help and the detail pane, so the line fits an 80-column screen.
            message = StatusMessage(text: "cannot extend: \(refusal.clause)", isError: true)
            return []
        }
        return decide(.extended)
    }

    /// Whether `kind` goes to the tagged rows (after confirmation) rather than the current row.
    /// Extending a deadline and reopening are judgements about one submission the agent is
    /// looking at: leftover tags must not send them to rows off the screen.
    func isBulk(_ kind: DecisionKind) -> Bool {
        !tags.isEmpty && kind != .extended && kind != .reopened
    }

    /// Records directly for the current row; asks first when tags are involved or the row is
    /// already accepted or rejected.
    mutating func proceed(_ request: DecisionRequest, targets: [Int32]) -> [Effect] {
        if needsConfirmation(request, targets: targets) {
            mode = .confirm(confirmation(for: request, targets: targets, isBulk: isBulk(request.kind)))
            return []
        }
        mode = .browsing
        if let row = targets.first { advanceAfterRecord = (row, rows.firstIndex(of: row) ?? cursor) }
        return [.record(request)]
    }

    mutating func didRecord(_ request: DecisionRequest, conflicts: [RecordOutcome.Conflict] = []) {
        guard conflicts.isEmpty else {
            didRecordPartly(request, conflicts: conflicts)
            return
        }
        let count = request.submissionIDs.count
        let subject = count == 1 ? TerminalSafety.sanitize(request.submissionIDs[0]).text : "\(count) submissions"
        if request.isUndo {
            didUndo(request)
            return
        }
        undoStack.append(request)
        if let kept = tagsKeptAfterBulk {
            // The tags a bulk decision left out (hidden by the view) stay tagged.
            tags = RowSet(rowCount: desk.table.count, allSelected: false)
            tags.insert(contentsOf: kept)
            tagsKeptAfterBulk = nil
        }
        let verb = DecisionWording.pastTense(request.kind)
        message = StatusMessage(text: "\(verb) \(subject) · u undoes", isError: false)
        guard let advance = advanceAfterRecord else {
            if tags.rowCount != desk.table.count { tags = tags.resized(to: desk.table.count) }
            recomputeRows(.ownWork)
            return
        }
        advanceAfterRecord = nil
        if tags.rowCount != desk.table.count { tags = tags.resized(to: desk.table.count) }
        recomputeRows(.ownWork)
        // Triage is one key per submission: go to the next row still pending that nobody else
        // claims.
        var start = advance.index
        if let index = rows.firstIndex(of: advance.row) { start = index + 1 }
        let statuses = desk.ledger.statuses
        let next = rows[min(start, rows.count)...].firstIndex { statuses[Int($0)] == .pending && !claims.isHeldByOthers($0) }
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
            undoNotice = nil
            if request.isUndo { _ = undoStack.popLast() }
            recomputeRows(.ownWork)  // the message below names who decided what
            message = StatusMessage(text: "NOT recorded: " + explanation, isError: true)
            return
        }
        didRecord(written)
        // What others did comes first: at 80 columns the end of the line may be cut.
        message = StatusMessage(text: explanation + " · " + (message?.text ?? ""), isError: true)
    }

    func ids(of rows: [Int32]) -> [String] {
        let table = desk.table  // once: each `desk.table` copies the table's arrays
        return rows.map { table.id(Int($0)) }
    }

    /// A request for `targets` that remembers the latest decision shown for each, so the write
    /// can refuse rows someone else decided meanwhile.
    func request(_ kind: DecisionKind, targets: [Int32], reason: String? = nil, isUndo: Bool = false,
                 seen: [Int]? = nil, note: String? = nil) -> DecisionRequest {
        DecisionRequest(kind: kind, submissionIDs: ids(of: targets), reason: reason, isUndo: isUndo,
                        expectedLatestLines: seen ?? seenLines(of: targets), note: note)
    }

    func seenLines(of targets: [Int32]) -> [Int] { targets.map { desk.latestLine(of: Int($0)) } }
}
