import DeskCore
import DeskStore

extension Ledger {
    /// For every entry written by an undo, the entry it takes back (-1 for the others).
    ///
    /// An undo is written on top of the decision it takes back (the store checks that it is still
    /// the latest), so that is its previous entry — unless the previous entry is itself an undo
    /// (`u` pressed twice), which stands for the state it put back: then the decision taken back
    /// is the one before the first undo's, and so on. Found through the row's history rather than
    /// the record's `undoes` number, which is for people reading the log.
    package func undoneEntries() -> [Int32] {
        var undone = [Int32](repeating: -1, count: entries.count)
        for index in entries.indices where entries[index].isUndo {
            var candidate = entries[index].previous
            // Each step goes to an earlier entry, so this ends.
            while candidate >= 0 && entries[Int(candidate)].isUndo {
                let earlier = undone[Int(candidate)]
                candidate = earlier < 0 ? -1 : entries[Int(earlier)].previous
            }
            undone[index] = candidate
        }
        return undone
    }
}
