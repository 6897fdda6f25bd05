import DeskCore

extension AppState {
    /// `a`, `r`, `v`: on the tagged rows if any (after confirmation), else on the current row.
    mutating func decide(_ kind: DecisionKind) -> [Effect] {
        let targets: [Int32]
        if !tags.isEmpty {
            // Bulk decisions leave rows that other reviewers' screens claim to them.
            let (free, skipped) = claims.withoutOthers(tags.rows)
            guard !free.isEmpty else {
                message = StatusMessage(text: "all \(skipped) tagged submissions are claimed by others; nothing to decide (c clears tags)", isError: true)
                return []
            }
            targets = free
        } else if let row = currentRow {
            if let claim = claims.holder(of: row) { return confirmClaimedRow(kind, row: row, claim: claim) }
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

    /// `x`: asks the reason for extending the deadline, after checking the extension is allowed
    /// for every target (once, open, within the first month).
    mutating func extendDeadline() -> [Effect] {
        let targets: [Int32] = tags.isEmpty ? (currentRow.map { [$0] } ?? []) : tags.rows
        guard !targets.isEmpty else { return [] }
        for row in targets {
            if let refusal = AnswerDeadline.extensionRefusal(
                submittedAt: desk.table.columns.submittedAt[Int(row)], status: desk.status(of: Int(row)),
                alreadyExtended: desk.ledger.extended[Int(row)], now: now) {
                message = StatusMessage(text: "cannot extend \(Safe.line(desk.table.id(Int(row)))): \(refusal)", isError: true)
                return []
            }
        }
        return decide(.extended)
    }

    /// Records directly for the current row; asks first when tags are involved.
    mutating func proceed(_ request: DecisionRequest, targets: [Int32]) -> [Effect] {
        if !tags.isEmpty {
            mode = .confirm(BulkConfirmation(request: request, targets: targets, skippedClaimed: tags.count - targets.count))
            return []
        }
        mode = .browsing
        if let row = targets.first { advanceAfterRecord = (row, cursor) }
        return [.record(request)]
    }

    mutating func handleConfirmKey(_ key: Key, confirmation: BulkConfirmation) -> [Effect] {
        mode = .browsing
        guard key == .character("y") || key == .character("Y") else {
            message = StatusMessage(text: "cancelled; nothing was recorded (tags kept)", isError: false)
            return []
        }
        return [.record(confirmation.request)]
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
        let wasBulk = !tags.isEmpty && advanceAfterRecord == nil
        if wasBulk { tags = RowSet(rowCount: desk.table.count, allSelected: false) }
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
        case .extended: "extended the deadline of"
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
