import DeskCore
import DeskStore

extension Ledger {
    /// Why `row`'s deadline cannot be extended at `now` (`ExtensionPolicy`), or nil.
    package func extensionRefusal(ofRow row: Int, in table: SubmissionTable, now: Int64) -> ExtensionPolicy.Refusal? {
        ExtensionPolicy.refusal(submittedAt: table.columns.submittedAt[row], status: statuses[row],
                                alreadyExtended: extended[row], now: now)
    }

    /// Overdue, due-soon and extended open rows of the whole queue at `now`.
    package func deadlineCounts(in table: SubmissionTable, now: Int64) -> DeadlineCounts {
        DeadlineCounts(statuses: statuses, extended: extended, submittedAt: table.columns.submittedAt, now: now)
    }

    /// The decision history of the table's submissions, as undo planning reads it.
    package func decisionHistory(of table: SubmissionTable) -> LedgerHistory { LedgerHistory(table: table, ledger: self) }
}

/// A ledger's histories by submission id (`DecisionHistory`).
package struct LedgerHistory: DecisionHistory {
    let table: SubmissionTable
    let ledger: Ledger

    package func records(ofSubmission id: String) -> [HistoryRecord]? {
        guard let row = table.row(forID: id) else { return nil }
        var records: [HistoryRecord] = []
        var index = ledger.latest[row]
        while index >= 0 {
            let entry = ledger.entries[Int(index)]
            let previousLine = entry.previous < 0 ? 0 : Int(ledger.entries[Int(entry.previous)].line)
            records.append(HistoryRecord(line: Int(entry.line), kind: entry.kind, reason: ledger.text(entry.reason), previousLine: previousLine))
            index = entry.previous
        }
        return records
    }

    package func latestDecision(ofSubmission id: String) -> Decision? {
        guard let row = table.row(forID: id) else { return nil }
        let index = ledger.latest[row]
        return index < 0 ? nil : ledger.decision(at: Int(index), table: table)
    }
}
