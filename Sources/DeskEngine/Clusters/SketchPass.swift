import DeskCore
import DeskStore
import Dispatch
import Synchronization

/// What the sketch pass found in a run of consecutive rows.
struct SketchBatch: Sendable {
    let firstRow: Int
    /// Per row of the run.
    var kinds: [JustificationKind] = []
    /// Per row: a hash of the whole token sequence (0 for rows without words).
    var exactKeys: [UInt64] = []
    /// Rows that were sketched: `.text` rows whose exact text is new within this run.
    var textRows: [Int32] = []
    /// `keysPerText` keys per sketched row, row after row.
    var bandKeys: [UInt32] = []
    /// `bins` sketch digests per sketched row, row after row (`MinHashSketcher`).
    var digests: [UInt8] = []
    /// The token hashes of the sketched rows, back to back, and where each one ends.
    var tokens: TokenBuffer
    var tokenEnds: [UInt32] = []

    init(firstRow: Int, expectedTokens: Int) {
        self.firstRow = firstRow
        tokens = TokenBuffer(capacity: expectedTokens)
    }
}

/// Tokenizes, keys and sketches every row of a range, in parallel over runs of rows.
enum SketchPass {
    /// What each worker thread reuses from one run to the next.
    struct Worker {
        var tokenizer = ClusterTokenizer()
        var sketcher: MinHashSketcher
        /// Exact keys already sketched in the current run (0 = empty slot), cleared per run.
        var seen: [UInt64]
        var keys: [UInt32]
        var digests: [UInt8]
        var reader: FoldedRowReader
        var memo = WrittenTextMemo()
        var folder = SearchFolder()
        var folded = ByteBuffer(capacity: 4096)
        var unescaped: [UInt8] = []

        init(parameters: ClusterParameters, table: SubmissionTable) {
            reader = FoldedRowReader(table: table)
            sketcher = MinHashSketcher(bands: parameters.bands, rowsPerBand: parameters.rowsPerBand)
            seen = [UInt64](repeating: 0, count: 2 * SketchPass.runLength)
            keys = [UInt32](repeating: 0, count: parameters.keysPerText)
            digests = [UInt8](repeating: 0, count: parameters.bins)
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
        precondition(rows.count <= runLength)
        var batch = SketchBatch(firstRow: rows.lowerBound, expectedTokens: rows.count * 40)
        batch.kinds.reserveCapacity(rows.count)
        batch.exactKeys.reserveCapacity(rows.count)
        batch.textRows.reserveCapacity(rows.count)
        batch.bandKeys.reserveCapacity(rows.count * parameters.keysPerText)
        batch.digests.reserveCapacity(rows.count * parameters.bins)
        batch.tokenEnds.reserveCapacity(rows.count)
        let bands = parameters.keysPerText
        let minimumTokens = parameters.minimumTokens
        // The worker's parts as locals: closures capturing an inout parameter get dynamic
        // exclusivity checks on every access.
        var tokenizer = ClusterTokenizer(empty: ())
        var sketcher = worker.sketcher
        var seen: [UInt64] = []
        var keys: [UInt32] = []
        var digests: [UInt8] = []
        var memo = WrittenTextMemo()
        var folder = SearchFolder()
        var folded = ByteBuffer(capacity: 0)
        var unescaped: [UInt8] = []
        func exchange(_ worker: inout Worker) {
            swap(&tokenizer, &worker.tokenizer)
            swap(&seen, &worker.seen)
            swap(&keys, &worker.keys)
            swap(&digests, &worker.digests)
            swap(&memo, &worker.memo)
            swap(&folder, &worker.folder)
            swap(&folded, &worker.folded)
            swap(&unescaped, &worker.unescaped)
        }
        exchange(&worker)
        defer {
            exchange(&worker)
            worker.sketcher = sketcher
        }
        seen.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        let seenMask = seen.count - 1
        /// Folds `text` into `folded` and tokenizes it.
        func tokenizeFolding(_ text: UnsafeRawBufferPointer) -> JustificationKind {
            folded.removeAllKeepingCapacity()
            _ = folder.appendFolded(text, to: &folded)
            return folded.withUnsafeBytes { tokenizer.tokenize($0, minimumTokens: minimumTokens) }
        }
        worker.reader.forEachJustification(rows) { row, justification in
            let kind: JustificationKind
            var knownKey: UInt64? = nil
            switch justification {
            case .folded(let text):
                kind = tokenizer.tokenize(text, minimumTokens: minimumTokens)
            case .line(.unreadable):
                kind = .empty
            case .line(.decoded(let text)):
                kind = tokenizeFolding(text)
            case .line(.written(let line, let value)):
                let hash = WrittenTextMemo.hash(UnsafeRawBufferPointer(rebasing: line[value.range]))
                if let recalled = memo.recalled(hash) {
                    // The same bytes met before, by this worker: an earlier row has this text,
                    // so this one is neither the first of its exact text nor sketched.
                    kind = recalled.kind
                    knownKey = recalled.exactKey
                } else {
                    kind = value.withBytes(in: line, scratch: &unescaped) { tokenizeFolding($0) }
                    let key = kind == .short || kind == .text ? tokenizer.withTokens(exactKey) : 0
                    memo.remember(hash, kind: kind, exactKey: key)
                }
            }
            batch.kinds.append(kind)
            guard kind == .short || kind == .text else {
                batch.exactKeys.append(0)
                return
            }
            if let knownKey {
                batch.exactKeys.append(knownKey)
                return
            }
            let key = tokenizer.withTokens(exactKey)
            batch.exactKeys.append(key)
            guard kind == .text else { return }
            // Sketch only the first row of each exact text in this run.
            var slot = Int(truncatingIfNeeded: key) & seenMask
            while seen[slot] != 0 {
                if seen[slot] == key { return }
                slot = (slot + 1) & seenMask
            }
            seen[slot] = key
            batch.textRows.append(Int32(row))
            tokenizer.withTokens { tokens in
                keys.withUnsafeMutableBufferPointer { keys in
                    digests.withUnsafeMutableBufferPointer { sketcher.bandKeys(of: tokens, into: keys.baseAddress!, digests: $0.baseAddress!) }
                }
                batch.tokens.append(narrowing: tokens)
            }
            batch.bandKeys.append(contentsOf: keys[0..<bands])
            batch.digests.append(contentsOf: digests)
            batch.tokenEnds.append(UInt32(batch.tokens.count))
        }
        batch.tokens.shrinkToFit()
        return batch
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
