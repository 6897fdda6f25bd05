import DeskCore
import DeskStore
import Synchronization

/// The clustering's sketch pass, done while the first read of the queue parses each line
/// (`QueueRowVisitor`): the justification is folded, tokenized and sketched on the loading worker
/// while the line is in cache, instead of being read back and found again after the load. The
/// batches are the ones `SketchPass` would build (runs of `SketchPass.runLength` rows within each
/// part of the file), numbered from the part's first row once the store says which rows it became.
final class LoadSketch: QueueRowVisitor {
    let parameters: ClusterParameters
    private struct State {
        /// Per part: its batches, rows numbered from the part's start.
        var batches: [Int: [SketchBatch]] = [:]
        /// Per part: its first row in the table and its row count.
        var placement: [Int: (firstRow: Int, rows: Int)] = [:]
        var rows: Int?
        var isValid = true
    }
    private let state = Mutex(State())

    init(parameters: ClusterParameters) {
        self.parameters = parameters
    }

    func makeWorker() -> any QueuePartWorker { Worker(owner: self) }

    func partAdded(_ part: Int, firstRow: Int, rows: Int) {
        state.withLock { $0.placement[part] = (firstRow, rows) }
    }

    func invalidate() {
        state.withLock { state in
            state.isValid = false
            state.batches = [:]
        }
    }

    func finished(rows: Int) {
        state.withLock { $0.rows = rows }
    }

    fileprivate func store(_ batches: [SketchBatch], part: Int) {
        state.withLock { $0.batches[part] = batches }
    }

    /// The batches of every row of a table of `rows` rows, in row order, numbered as table rows;
    /// nil unless the read visited exactly those rows, sketched as `parameters` would. Once only:
    /// the batches are handed over.
    func takeBatches(rows: Int, parameters wanted: ClusterParameters) -> [SketchBatch]? {
        guard wanted.bands == parameters.bands, wanted.rowsPerBand == parameters.rowsPerBand,
              wanted.minimumTokens == parameters.minimumTokens else { return nil }
        let taken = state.withLock { state -> State in
            let taken = state
            state = State()
            state.isValid = false
            return taken
        }
        guard taken.isValid, taken.rows == rows else { return nil }
        var result: [SketchBatch] = []
        var nextRow = 0
        for part in taken.placement.keys.sorted() {
            guard let (firstRow, count) = taken.placement[part], firstRow == nextRow,
                  let batches = taken.batches[part], batches.reduce(0, { $0 + $1.kinds.count }) == count else { return nil }
            for var batch in batches {
                batch.shift(by: firstRow)
                result.append(batch)
            }
            nextRow += count
        }
        return nextRow == rows ? result : nil
    }

    /// One loading thread's sketcher.
    private final class Worker: QueuePartWorker {
        let owner: LoadSketch
        // Only ever touched by the one thread that owns this worker: the dynamic exclusivity
        // checks of a class's stored property would cost two runtime calls a row.
        @exclusivity(unchecked) private var sketcher: RowSketcher
        private var batches: [SketchBatch] = []
        private var row = 0

        init(owner: LoadSketch) {
            self.owner = owner
            sketcher = RowSketcher(parameters: owner.parameters)
        }

        func begin(part: Int) {
            batches = []
            row = 0
            _ = sketcher.startBatch(firstRow: 0, rows: SketchPass.runLength)
        }

        func visit(justification: UnsafeRawBufferPointer, hash: UInt64, fileRange: Range<Int64>) -> Bool? {
            if row > 0 && row % SketchPass.runLength == 0 {
                batches.append(sketcher.startBatch(firstRow: row, rows: SketchPass.runLength))
            }
            defer { row += 1 }
            // Identical decoded bytes fold identically: the memo is keyed by their hash.
            if sketcher.addRecalled(row: row, hash: hash) { return nil }
            return sketcher.add(row: row, unfolded: justification, remembering: hash,
                                at: JustificationLocation(fileOffset: fileRange.lowerBound, length: fileRange.count))
        }

        func end(part: Int) {
            let last = sketcher.takeBatch()
            if !last.kinds.isEmpty { batches.append(last) }
            owner.store(batches, part: part)
            batches = []
        }
    }
}

extension SketchBatch {
    /// Renumbers the rows by `offset` (a part's batches become table rows).
    mutating func shift(by offset: Int) {
        guard offset != 0 else { return }
        firstRow += offset
        let delta = Int32(offset)
        for index in textRows.indices { textRows[index] += delta }
    }
}
