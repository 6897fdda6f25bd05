import DeskCore
import Foundation
import Synchronization

/// The folded search text of a table's rows (`SearchText` segments), built when first needed.
///
/// Only free-text and email filters, the email sort and clustering read it. Building it is a second
/// pass over the lines (JSON scan + fold) and costs about half the queue's size in memory, so a
/// load leaves it out and `stats` or a column filter never pays for it. The review screen starts
/// the build in the background once it can paint (`Desk.prepareSearchText()`); whoever needs the
/// text before it is ready builds (or waits for) the missing rows on the spot.
///
/// Copies of a `SubmissionTable` share one store, and each sees only its own rows: segments are
/// clipped to the asking table's row count. Rows appended after the text was wanted are folded as
/// they are parsed (`wantsInlineFolding`); other missing rows are read back from the queue file.
package final class LazySearchText: @unchecked Sendable {
    private let condition = NSCondition()
    /// Sorted by `firstRow`, disjoint.
    private var segments: [SearchText] = []
    private var building = false
    private var wanted = false
    /// Reads a saved copy of the first rows' text (`SearchTextFile`); tried once, by the first
    /// build, before folding anything.
    private var savedCopy: (@Sendable () -> SavedSearchText)?
    /// What to tell the operator (`takeNotes`): a saved copy not used, lines that changed.
    private var notes = Notes()
    /// Rows the saved copy provided (0: none was used), and whether one was there but did not fit.
    private var restored = 0
    private var staleCopy = false
    /// Our own descriptor of the queue file the rows were read from (-1: none), closed on deinit.
    private let descriptor: Int32
    private let path: String

    package init(descriptor: Int32 = -1, path: String = "") {
        self.descriptor = descriptor >= 0 ? dup(descriptor) : -1
        self.path = path
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    /// The queue file the rows are read back from (-1: none), for readers of single rows.
    package var sourceDescriptor: Int32 { descriptor }

    /// Someone asked for the text: fold new rows while parsing them rather than reading them again.
    package var wantsInlineFolding: Bool { condition.withLock { wanted } }

    /// Adds text folded while parsing (the rows must not be covered yet).
    package func add(_ segment: SearchText) {
        guard segment.rowCount > 0 else { return }
        condition.withLock { insert([segment]) }
    }

    /// Whether anyone asked for the whole text (a build is then under way or done).
    package var isWanted: Bool { condition.withLock { wanted } }

    /// The folded text of a few rows (ascending) read on the spot, one local row each, without
    /// building or keeping the rest: for a text term after column terms left few rows, when no
    /// one has asked for the whole text (a command line run, not the review screen).
    package func fold(rows: [Int32], of table: SubmissionTable) -> SearchText {
        let pieces = max(1, min(ProcessInfoCores.count, rows.count / 5_000))
        let results = Mutex<[SearchText?]>(Array(repeating: nil, count: pieces))
        let descriptor = self.descriptor
        DispatchQueue.concurrentPerform(iterations: pieces) { piece in
            let part = rows[(rows.count * piece / pieces)..<(rows.count * (piece + 1) / pieces)]
            var builder = SearchTextBuilder(descriptor: descriptor)
            let (text, _) = builder.build(rows: Array(part), firstRow: 0, of: table)
            results.withLock { $0[piece] = text }
        }
        var joined = SearchText(firstRow: 0)
        for part in results.withLock({ $0 }) { if let part { joined.append(part) } }
        return joined
    }

    /// Lets the first build start from a saved copy of the first rows' text.
    package func useSavedCopy(_ loader: @escaping @Sendable () -> SavedSearchText) {
        condition.withLock { savedCopy = loader }
    }

    /// What the folding had to say since the last call (written by whichever thread folded).
    package func takeNotes() -> [String] { condition.withLock { notes.take() } }

    /// Rows that came from a saved copy.
    package var restoredRows: Int { condition.withLock { restored } }

    /// A saved copy was there but did not fit (so a new one should replace it).
    package var savedCopyWasStale: Bool { condition.withLock { staleCopy } }

    /// Whether every row below `count` has its text.
    package func isReady(rowCount count: Int) -> Bool {
        condition.withLock { gaps(below: count).isEmpty }
    }

    /// The segments for rows `0..<table.count`, building missing rows first (or waiting for a
    /// build already under way).
    package func segments(for table: SubmissionTable) -> [SearchText] {
        ensure(table)
        let count = table.count
        return condition.withLock {
            var result: [SearchText] = []
            for segment in segments where segment.firstRow < count {
                result.append(segment.firstRow + segment.rowCount > count ? segment.prefix(rows: count - segment.firstRow) : segment)
            }
            return result
        }
    }

    /// Starts building the missing rows on a background thread; returns at once.
    package func prepare(_ table: SubmissionTable) {
        let alreadyThere = condition.withLock {
            wanted = true
            return building || gaps(below: table.count).isEmpty
        }
        guard !alreadyThere else { return }
        BackgroundTask.detached { [self] in ensure(table) }
    }

    private func ensure(_ table: SubmissionTable) {
        condition.lock()
        wanted = true
        while building { condition.wait() }
        let missing = gaps(below: table.count)
        guard !missing.isEmpty else {
            condition.unlock()
            return
        }
        building = true
        let loader = savedCopy
        savedCopy = nil
        condition.unlock()
        var missingNow = missing
        let loaded = loader?()
        if loaded?.stale == true { condition.withLock { staleCopy = true } }
        if let note = loaded?.note { condition.withLock { notes.add(note) } }
        if let saved = loaded?.text, saved.rowCount <= table.count {
            condition.withLock {
                // Only into rows nothing covers yet (rows folded inline come after it).
                if gaps(below: saved.rowCount) == [0..<saved.rowCount] {
                    insert([saved])
                    restored = saved.rowCount
                }
                missingNow = gaps(below: table.count)
            }
        }
        let built = build(missingNow, of: table)
        condition.withLock {
            insert(built.segments)
            building = false
            condition.broadcast()
        }
        if built.unreadable > 0 {
            let note = "\(built.unreadable) line\(built.unreadable == 1 ? "" : "s") of \(path) changed since the queue was read; their text is not searchable until the queue is read again (objection-desk check reads it in full)"
            condition.withLock { notes.add(note) }
        }
    }

    /// Row ranges below `count` that no segment covers. Called with the lock held.
    private func gaps(below count: Int) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var next = 0
        for segment in segments {
            guard next < count else { break }
            if segment.firstRow > next { result.append(next..<min(segment.firstRow, count)) }
            next = max(next, segment.firstRow + segment.rowCount)
        }
        if next < count { result.append(next..<count) }
        return result
    }

    /// Called with the lock held.
    private func insert(_ added: [SearchText]) {
        segments += added.filter { $0.rowCount > 0 }
        segments.sort { $0.firstRow < $1.firstRow }
    }

    /// Reads and folds the rows of `ranges` in parallel parts.
    private func build(_ ranges: [Range<Int>], of table: SubmissionTable) -> (segments: [SearchText], unreadable: Int) {
        var pieces: [Range<Int>] = []
        let workers = ProcessInfoCores.count
        for range in ranges {
            let count = max(1, min(workers, range.count / 20_000))
            for piece in 0..<count {
                let lower = range.lowerBound + range.count * piece / count
                let upper = range.lowerBound + range.count * (piece + 1) / count
                if upper > lower { pieces.append(lower..<upper) }
            }
        }
        let (descriptor, parts) = (self.descriptor, pieces)
        let results = Mutex<[(SearchText, Int)?]>(Array(repeating: nil, count: parts.count))
        DispatchQueue.concurrentPerform(iterations: parts.count) { index in
            var builder = SearchTextBuilder(descriptor: descriptor)
            let part = builder.build(rows: parts[index], of: table)
            results.withLock { $0[index] = part }
        }
        let finished = results.withLock { $0.compactMap { $0 } }
        return (finished.map { $0.0 }, finished.reduce(0) { $0 + $1.1 })
    }
}
