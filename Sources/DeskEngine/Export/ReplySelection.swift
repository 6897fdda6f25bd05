import DeskStore
import DeskCore

extension Desk {
    /// The decisions that call for a reply, in log order: accepted, rejected, verification
    /// requested and extended records decided at or after `since` (epoch ms; nil: all), each with
    /// its row. A decision taken back with `u` gets none, and neither does the undo's own record
    /// (which may write an earlier verification request again): the person must not hear of a
    /// mistake, nor twice of the same request. Undos are the records marked `undoes`; in logs
    /// from before that mark, a `reopened` record right after a decision in its submission's
    /// history counts as one.
    /// Decisions for ids not in the queue get none either (there is no address to write to).
    package func decisionsToAnswer(since: Int64? = nil) -> [(row: Int, decision: Decision)] {
        let entries = ledger.entries
        var undone = [Bool](repeating: false, count: entries.count)
        for entry in entries where entry.kind == .reopened && entry.previous >= 0 {
            undone[Int(entry.previous)] = true
        }
        for taken in ledger.undoneEntries() where taken >= 0 { undone[Int(taken)] = true }
        var result: [(row: Int, decision: Decision)] = []
        // Entries are in fold order; a decision whose submission arrived later was folded late.
        let inLogOrder = entries.indices.sorted { entries[$0].line < entries[$1].line }
        for index in inLogOrder {
            let entry = entries[index]
            guard entry.kind != .reopened, !entry.isUndo, !undone[index] else { continue }
            if let since, entry.decidedAt < since { continue }
            result.append((Int(entry.row), ledger.decision(at: index, table: table)))
        }
        return result
    }
}
