import DeskCore

extension Desk {
    /// The decisions that call for a reply, in log order: accepted, rejected, verification
    /// requested and extended records decided at or after `since` (epoch ms; nil: all), each with
    /// its row. A decision undone by a `reopened` record right after it in its submission's
    /// history gets none: the agent took it back (`u`), so the person must not hear of it.
    /// Decisions for ids not in the queue get none either (there is no address to write to).
    public func decisionsToAnswer(since: Int64? = nil) -> [(row: Int, decision: Decision)] {
        let entries = ledger.entries
        var undone = [Bool](repeating: false, count: entries.count)
        for entry in entries where entry.kind == .reopened && entry.previous >= 0 {
            undone[Int(entry.previous)] = true
        }
        var result: [(row: Int, decision: Decision)] = []
        // Entries are in fold order; a decision whose submission arrived later was folded late.
        let inLogOrder = entries.indices.sorted { entries[$0].line < entries[$1].line }
        for index in inLogOrder {
            let entry = entries[index]
            guard entry.kind != .reopened, !undone[index] else { continue }
            if let since, entry.decidedAt < since { continue }
            result.append((Int(entry.row), ledger.decision(at: index, table: table)))
        }
        return result
    }
}
