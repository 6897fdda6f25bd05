import DeskStore
import DeskEngine
import DeskCore

/// Why the list's rows were recomputed: it decides what the screen says when the cursor's
/// submission changed or is no longer shown.
enum RowsChange {
    /// Others' work arrived (a refresh): a decision on the cursor's submission is named.
    case othersWork
    /// The filter or the sort changed: a submission the filter hides is named.
    case filter
    /// The reviewer chose another view: nothing to say, they know.
    case view
    /// This screen's own decision or undo, which says what it did itself.
    case ownWork
}

/// The submission under the cursor as the screen last showed it. Its id finds it again when the
/// queue file is replaced (row numbers change); its latest decision line tells whether someone
/// decided it since.
struct ShownSubmission: Equatable {
    var row: Int32
    var id: String
    var seenLine: Int
}

/// Where the list was: its view, filter and order, and the submission under the cursor.
struct ListPlace {
    var view: ViewMode
    var filterText: String
    var rows: [Int32]
    var cursor: Int
    var submission: ShownSubmission?
}

/// The cursor is identity-based, as mutt and lazygit keep the selected item: after any recompute
/// of the rows (a refresh, a filter, a sort, a view) it goes back to the same submission. Only when
/// that submission is no longer shown does it move, to the next row of the old order still shown,
/// and the screen says which submission went and why. Others' claims never move it.
extension AppState {
    /// The list as it is now.
    var place: ListPlace {
        ListPlace(view: view, filterText: filterText, rows: rows, cursor: cursor, submission: shownSubmission)
    }

    /// Puts the cursor back on `before`'s submission in the new `rows`, or on the next row of
    /// `before`'s order that is still shown; says so when the submission changed or went.
    mutating func placeCursor(after change: RowsChange, from before: ListPlace) {
        let anchor = before.submission.flatMap(locate)
        if let anchor, let index = rows.firstIndex(of: anchor) {
            cursor = index
        } else {
            cursor = indexOfNextShown(after: before)
        }
        scrollCursorIntoView()
        // In the filter prompt the line is the prompt's; Enter says what the filter left out.
        if placeBeforeFilterPrompt == nil, let notice = notice(for: before, change: change) {
            message = notice
        } else if change == .othersWork {
            reviseDecisionNotice()
        }
        noteCursorShown()
    }

    /// A notice of someone's decision that is no longer the submission's latest (ben undid it, or
    /// decided again) is replaced by what its latest decision is now: left standing, it said the
    /// submission was accepted while it was pending again.
    mutating func reviseDecisionNotice() {
        guard case .decisionStillLatest(let id, let line)? = message?.lastsUntil,
              let row = desk.table.row(forID: id) else { return }
        let latest = desk.latestLine(of: row)
        guard latest != line else { return }
        guard let decision = latestDecision(of: Int32(row)) else {
            message = nil
            return
        }
        message = StatusMessage(text: decisionNotice(id: id, decision), isError: false,
                                lastsUntil: .decisionStillLatest(id: id, line: latest))
    }

    /// "obj-1 accepted by ben 3 s ago".
    private func decisionNotice(id: String, _ decision: Decision) -> String {
        "\(Safe.line(id)) \(DecisionWording.participle(decision.kind)) by \(Safe.line(decision.reviewer)) "
            + RelativeAge.describe(since: decision.decidedAt, now: now)
    }

    /// Records the submission under the cursor as shown; call whenever the cursor moves.
    mutating func noteCursorShown() {
        guard let row = currentRow else {
            shownSubmission = nil
            return
        }
        shownSubmission = ShownSubmission(row: row, id: desk.table.id(Int(row)), seenLine: desk.latestLine(of: Int(row)))
    }

    /// The submission's row in the table as it is now (nil: no longer in the queue).
    private func locate(_ shown: ShownSubmission) -> Int32? {
        let table = desk.table
        if Int(shown.row) < table.count, table.id(Int(shown.row)) == shown.id { return shown.row }
        return table.row(forID: shown.id).map(Int32.init)  // the queue file was replaced
    }

    /// The index in `rows` of the first row after the old cursor, in the old order, that is still
    /// shown; else of the nearest one before it; else 0.
    private func indexOfNextShown(after before: ListPlace) -> Int {
        guard !rows.isEmpty, before.cursor < before.rows.count else { return 0 }
        let later = before.rows[(before.cursor + 1)...].first(where: isShown)
        let earlier = before.rows[..<before.cursor].last(where: isShown)
        guard let survivor = later ?? earlier else { return 0 }
        return rows.firstIndex(of: survivor) ?? 0
    }

    /// What happened to `before`'s submission, now that the cursor has been placed: "obj-1
    /// accepted by ben 3 s ago · now on obj-2", "obj-1 is not in this filter · now on obj-2"; nil
    /// when there is nothing to say.
    func notice(for before: ListPlace, change: RowsChange) -> StatusMessage? {
        guard change == .othersWork || change == .filter, let shown = before.submission else { return nil }
        let row = locate(shown)
        let stillShown = row.map { rows.indices.contains(cursor) && rows[cursor] == $0 } ?? false
        let id = Safe.line(shown.id)
        var text: String
        var lastsUntil: StatusMessage.Staleness?
        if let row, desk.latestLine(of: Int(row)) != shown.seenLine, let decision = latestDecision(of: row) {
            text = decisionNotice(id: shown.id, decision)
            lastsUntil = .decisionStillLatest(id: shown.id, line: desk.latestLine(of: Int(row)))
        } else if stillShown {
            return nil
        } else if row == nil {
            text = "\(id) is no longer in the queue"
        } else {
            text = "\(id) is not in this " + (change == .filter && !filterText.isEmpty ? "filter" : "view")
        }
        if !stillShown, let current = currentRow { text += " · now on " + Safe.line(desk.table.id(Int(current))) }
        return StatusMessage(text: text, isError: false, lastsUntil: lastsUntil)
    }

    /// Goes back to `place`: its view and filter, and the cursor on its submission.
    mutating func restore(_ place: ListPlace) {
        view = place.view
        filterText = place.filterText
        filter = (try? FilterParser.parse(place.filterText)) ?? .matchAll
        recomputeRows(.view, from: place)
    }

    /// Before the reviewer's first key, a row another screen claims is not where this screen
    /// starts: the cursor goes to the first row nobody else claims, at the top of the list, so a
    /// screen opened at the same moment as another claims a screen of its own.
    mutating func startOnAFreeRow() {
        guard !cursorPlacedByReviewer, let current = currentRow, claims.isHeldByOthers(current),
              let free = rows.firstIndex(where: { !claims.isHeldByOthers($0) }) else { return }
        cursor = free
        listTop = free
        scrollCursorIntoView()
        noteCursorShown()
    }
}
