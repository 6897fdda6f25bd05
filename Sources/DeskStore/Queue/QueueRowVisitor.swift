/// Sees each row's justification while the first read of a queue parses it, on the worker thread
/// that parses the row's part of the file.
///
/// Why: a first `stats` used to read every line twice — once to load the table, once more for the
/// clustering's sketch pass (find the justification again, fold, tokenize, sketch) — and the
/// second read was a third of the sketch pass. A layer above the store (the engine's
/// `LoadSketch`) does its per-row work here while the line is in cache. The store knows nothing of
/// what is done; it only says which rows each part became (see DECISIONS.md, "What a first open
/// still costs: each line is read once").
package protocol QueueRowVisitor: AnyObject, Sendable {
    /// A worker for one loading thread. Parts reach a worker in increasing file order.
    func makeWorker() -> any QueuePartWorker
    /// Part `part` (numbered in file order) became rows `firstRow..<firstRow + rows` of the table.
    /// Called on the loading thread, in part order, after every row of the part was visited.
    func partAdded(_ part: Int, firstRow: Int, rows: Int)
    /// The table's rows are not each the visited row in order (duplicate ids were dropped, or the
    /// read failed): what was visited must not be used.
    func invalidate()
    /// The read is over and every row of the table's `rows` rows was visited.
    func finished(rows: Int)
}

/// The per-thread half of a `QueueRowVisitor`: never shared between threads.
package protocol QueuePartWorker: AnyObject {
    /// A part starts; its rows follow in file order.
    func begin(part: Int)
    /// The next row of the part that joins the table: its justification, JSON escapes decoded,
    /// and `JustificationFactsMemo.hash` of it (never 0). Returns whether the justification
    /// needs escaping on a terminal when the worker found out on its way (it folded the text,
    /// which tells), so that the load need not scan it again; nil when it did not.
    /// `fileRange`: where the justification's content (escapes as the line holds them) is in
    /// the queue file.
    func visit(justification: UnsafeRawBufferPointer, hash: UInt64, fileRange: Range<Int64>) -> Bool?
    /// The part's last row was visited.
    func end(part: Int)
}
