import DeskCore
import DeskStore
import Dispatch
import Synchronization

/// What the sketch pass found in a run of consecutive rows.
struct SketchBatch: Sendable {
    var firstRow: Int
    /// Per row of the run.
    var kinds: [JustificationKind] = []
    /// Per row: a hash of the whole token sequence (0 for rows without words).
    var exactKeys: [UInt64] = []
    /// Rows that were sketched: `.text` rows whose exact text is new within this run.
    var textRows: [Int32] = []
    /// `keysPerText` keys per sketched row, row after row.
    var bandKeys: [UInt32] = []
    /// The token hashes of the sketched rows, back to back, and where each one ends.
    var tokens: TokenBuffer
    var tokenEnds: [UInt32] = []
    /// Per sketched row: where its justification's bytes are in the queue file.
    var locations: [JustificationLocation] = []

    init(firstRow: Int, expectedTokens: Int) {
        self.firstRow = firstRow
        tokens = TokenBuffer(capacity: expectedTokens)
    }
}

/// Tokenizes, keys and sketches every row of a range, in parallel over runs of rows.
enum SketchPass {
    /// What each worker thread reuses from one run to the next.
    struct Worker {
        /// Taken out while a run is sketched (`sketch`), so that the run's closure owns it.
        var sketcher: RowSketcher?
        var reader: FoldedRowReader
        var unescaped: [UInt8] = []

        init(parameters: ClusterParameters, table: SubmissionTable) {
            reader = FoldedRowReader(table: table)
            sketcher = RowSketcher(parameters: parameters)
        }
    }

    /// Rows per run: the table of exact keys already seen (8 bytes a slot, half full) then stays
    /// within a core's L2 cache; larger runs spent a fifth of the pass in cache misses.
    static let runLength = 16_384

    /// The batches covering `rows` in order.
    static func run(table: SubmissionTable, rows: Range<Int>, parameters: ClusterParameters, progress: ClusterProgress? = nil) -> [SketchBatch] {
        guard !rows.isEmpty else { return [] }
        let pieceCount = (rows.count + runLength - 1) / runLength
        let bounds = (0...pieceCount).map { rows.lowerBound + min(rows.count, $0 * runLength) }
        let results = UnsafeMutableBufferPointer<SketchBatch?>.allocate(capacity: pieceCount)
        results.initialize(repeating: nil)
        defer { results.deinitialize(); results.deallocate() }
        let slots = SendablePointer(results)
        runConcurrently(pieceCount, parallelism: parameters.parallelism, context: { Worker(parameters: parameters, table: table) }) { worker, piece in
            slots.buffer[piece] = sketch(table: table, rows: bounds[piece]..<bounds[piece + 1], parameters: parameters, worker: &worker)
            progress?.advance(by: bounds[piece + 1] - bounds[piece])
        }
        return results.map { $0! }
    }

    /// One run of rows (at most `runLength`), on the calling thread.
    static func sketch(table: SubmissionTable, rows: Range<Int>, parameters: ClusterParameters, worker: inout Worker) -> SketchBatch {
        // Locals: the closure below must not overlap accesses to `worker`.
        var sketcher = worker.sketcher.take()!
        var unescaped: [UInt8] = []
        swap(&unescaped, &worker.unescaped)
        defer {
            worker.sketcher = sketcher
            swap(&unescaped, &worker.unescaped)
        }
        _ = sketcher.startBatch(firstRow: rows.lowerBound, rows: rows.count)
        worker.reader.forEachJustification(rows) { row, justification in
            switch justification {
            case .folded(let text):
                sketcher.add(row: row, folded: text)
            case .line(.unreadable):
                sketcher.addUnreadable(row: row)
            case .line(.decoded(let text)):
                sketcher.add(row: row, unfolded: text, remembering: nil)
            case .line(.written(let line, let value)):
                let hash = WrittenTextMemo.hash(UnsafeRawBufferPointer(rebasing: line[value.range]))
                guard !sketcher.addRecalled(row: row, hash: hash) else { return }
                value.withBytes(in: line, scratch: &unescaped) { _ = sketcher.add(row: row, unfolded: $0, remembering: hash) }
            }
        }
        return sketcher.takeBatch()
    }

    /// A hash of the whole token sequence; never 0.
    @inline(__always)
    static func exactKey(_ tokens: UnsafeBufferPointer<UInt32>) -> UInt64 {
        var key: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(tokens.count)
        for token in tokens {
            key = (key ^ UInt64(token)) &* 0x9E37_79B9_7F4A_7C15
            key ^= key >> 29
        }
        return MinHashSketcher.mix(key) | 1
    }
}
