import DeskStore
import DeskEngine
import DeskCore

/// A search within the current view (mutt's search, `n`/`N`), separate from the filter (`/`),
/// which limits the view: the cursor jumps between matching rows and matches are highlighted.
package struct SearchState: Equatable, Sendable {
    /// The text searched, as typed: one phrase, case and accents ignored.
    package var text: String
    /// Every row whose email or justification contains it.
    package var matches: RowSet
}

extension AppState {
    /// `n` / `N`: the next or previous matching row in the view, wrapping; asks for the text first
    /// when no search is active.
    mutating func searchStep(forward: Bool) -> [Effect] {
        guard let search else {
            mode = .prompt(Prompt(purpose: .search(previous: nil, startRow: currentRow)))
            return []
        }
        refreshSearchIfStale()
        guard let index = nextMatch(from: cursor, forward: forward, includingStart: false) else {
            message = StatusMessage(text: "no match for \"\(Safe.line(search.text))\" in this view (Esc clears the search)", isError: true)
            return []
        }
        let wrapped = forward ? index <= cursor : index >= cursor
        moveCursor(to: index)
        searchScrollPending = currentRow
        scrollDetailToMatch()
        message = StatusMessage(text: searchSummary() + (wrapped ? " · wrapped" : ""), isError: false)
        return []
    }

    /// The first line of `lines` from `start` (backwards with `forward` false) where the search
    /// matches, as the highlight finds it.
    func lineMatchingSearch(_ lines: [DetailContent.Line], from start: Int, forward: Bool = true) -> Int? {
        guard let search, !lines.isEmpty else { return nil }
        let needle = highlighter.foldNeedle(search.text)
        let order = forward ? Array(max(0, start)..<lines.count) : Array((0...min(lines.count - 1, max(0, start))).reversed())
        return order.first { !highlighter.matchedOffsets(in: $0 < lines.count ? lines[$0].map(\.text).joined() : "", needle: needle).isEmpty }
    }

    /// `n` found a row: its detail pane scrolls to the first line where the search matches (one
    /// line of context above), once the row's record is there.
    mutating func scrollDetailToMatch() {
        guard let row = searchScrollPending, row == currentRow, records[row] != nil else { return }
        searchScrollPending = nil
        let lines = detailLines(width: layout.detail.width - 1)
        guard let line = lineMatchingSearch(lines, from: 0) else { return }
        detailScroll = max(0, min(maximumDetailScroll, line - 1))
    }

    /// The index in `rows` of the next match from `start`, wrapping around the view.
    func nextMatch(from start: Int, forward: Bool, includingStart: Bool) -> Int? {
        guard let search, !rows.isEmpty else { return nil }
        let count = rows.count
        for step in (includingStart ? 0 : 1)...count {
            let index = ((start + (forward ? step : -step)) % count + count) % count
            if search.matches.rowCount > Int(rows[index]) && search.matches.contains(Int(rows[index])) { return index }
        }
        return nil
    }

    /// "search "donnees": 3 of 41 in view · n next · N previous".
    func searchSummary() -> String {
        guard let search else { return "" }
        var inView = 0
        var position = 0
        for (index, row) in rows.enumerated() where search.matches.rowCount > Int(row) && search.matches.contains(Int(row)) {
            inView += 1
            if index <= cursor { position = inView }
        }
        return "search \"\(Safe.line(search.text))\": \(position) of \(inView) in view · n next · N previous · Esc clears"
    }

    /// Sets (or clears, for blank text) the search; used live while the search prompt is typed.
    mutating func setSearch(_ text: String) {
        guard !text.allSatisfy(\.isWhitespace) else {
            search = nil
            return
        }
        let evaluator = FilterEvaluator(table: desk.table, ledger: desk.ledger, now: now)
        search = SearchState(text: text, matches: evaluator.rows(matching: .text(text)))
    }

    /// New rows arrived since the search ran: search again so they count too.
    mutating func refreshSearchIfStale() {
        if let search, search.matches.rowCount != desk.table.count { setSearch(search.text) }
    }

    /// Live search while typing: the cursor goes to the first match from where the search began.
    mutating func updateSearchPrompt(_ prompt: Prompt, startRow: Int32?) {
        setSearch(prompt.text)
        let start = startRow.flatMap { rows.firstIndex(of: $0) } ?? cursor
        if let index = nextMatch(from: start, forward: true, includingStart: true) { moveCursor(to: index) }
    }
}
