import DeskCore
import DeskStore

/// A selected row whose line, read again, no longer says what the table says of it.
package struct ChangedRow: Sendable, Equatable {
    package var row: Int32
    /// The id the table holds for the row (the one the agent saw).
    package var id: String
    package var reason: String
}

/// Which selected rows may be decided: those whose lines still show what they showed.
package struct RowRecheck: Sendable, Equatable {
    package var unchanged: [Int32] = []
    package var changed: [ChangedRow] = []
}

extension Desk {
    /// Reads each row's line again from the queue file as it is now, just before a decision is
    /// written, and keeps the rows whose line still holds the same id and, when `comparingFacts`
    /// (a filter chose them), every fact a filter reads of a line: country, submission time,
    /// flags, platform, locale, requester and, when the table's folded text is built or was
    /// restored (so could be older than the file), the folded email and justification. Equal facts
    /// give the filter's old answer; a `cluster:` term's membership cannot be recomputed for one
    /// row, so the facts are compared rather than the filter evaluated again.
    package func recheck(_ rows: [Int32], comparingFacts: Bool) -> RowRecheck {
        let text = comparingFacts && table.isSearchTextReady ? table.foldedText() : nil
        var result = RowRecheck()
        for row in rows {
            if let reason = queue.changeSinceRead(Int(row), comparingFacts: comparingFacts, text: text) {
                result.changed.append(ChangedRow(row: row, id: table.id(Int(row)), reason: reason))
            } else {
                result.unchanged.append(row)
            }
        }
        return result
    }
}
