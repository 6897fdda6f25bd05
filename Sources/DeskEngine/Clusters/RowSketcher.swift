import DeskCore
import DeskStore

/// The per-row work of the sketch pass — fold, tokenize, key, sketch — building one
/// `SketchBatch` at a time. Fed by `SketchPass` (rows read back from the file) or by
/// `LoadSketch` (rows as the first read of the queue parses them). One per worker thread.
struct RowSketcher {
    private var tokenizer: ClusterTokenizer
    private var sketcher: MinHashSketcher
    /// Exact keys already sketched in the current batch (0 = empty slot), cleared per batch.
    private var seen: [UInt64]
    private var keys: [UInt32]
    private var memo: WrittenTextMemo
    private var folder = SearchFolder()
    private var folded = ByteBuffer(capacity: 4096)
    private let keysPerText: Int
    private let minimumTokens: Int
    private(set) var batch: SketchBatch

    init(parameters: ClusterParameters) {
        tokenizer = ClusterTokenizer()
        sketcher = MinHashSketcher(bands: parameters.bands, rowsPerBand: parameters.rowsPerBand)
        seen = [UInt64](repeating: 0, count: 2 * SketchPass.runLength)
        keys = [UInt32](repeating: 0, count: parameters.keysPerText)
        memo = WrittenTextMemo()
        keysPerText = parameters.keysPerText
        minimumTokens = parameters.minimumTokens
        batch = SketchBatch(firstRow: 0, expectedTokens: 0)
    }

    /// Starts a batch for up to `SketchPass.runLength` rows from `firstRow`, and returns the one
    /// built so far.
    mutating func startBatch(firstRow: Int, rows: Int) -> SketchBatch {
        precondition(rows <= SketchPass.runLength)
        var next = SketchBatch(firstRow: firstRow, expectedTokens: rows * 40)
        next.kinds.reserveCapacity(rows)
        next.exactKeys.reserveCapacity(rows)
        next.textRows.reserveCapacity(rows)
        next.bandKeys.reserveCapacity(rows * keysPerText)
        next.tokenEnds.reserveCapacity(rows)
        next.locations.reserveCapacity(rows)
        seen.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        swap(&next, &batch)
        next.tokens.shrinkToFit()
        return next
    }

    /// The batch built so far, leaving an empty one.
    mutating func takeBatch() -> SketchBatch {
        startBatch(firstRow: 0, rows: 0)
    }

    /// A row with no readable justification.
    mutating func addUnreadable(row: Int) {
        finish(row: row, kind: .empty, key: nil, recalled: false, location: .unknown)
    }

    /// A row whose justification is folded already (the shared search text).
    mutating func add(row: Int, folded text: UnsafeRawBufferPointer) {
        let kind = tokenizer.tokenize(text, minimumTokens: minimumTokens)
        finish(row: row, kind: kind, key: nil, recalled: false, location: .unknown)
    }

    /// A row whose justification bytes hash to `hash` (`WrittenTextMemo.hash`), when this worker
    /// met the same bytes before: an earlier row has this text, so this one is neither the first
    /// of its exact text nor sketched. False (nothing added) when they are new.
    mutating func addRecalled(row: Int, hash: UInt64) -> Bool {
        guard let recalled = memo.recalled(hash) else { return false }
        finish(row: row, kind: recalled.kind, key: recalled.exactKey, recalled: true, location: .unknown)
        return true
    }

    /// A row whose justification is `text`, not folded yet; remembered under `hash` when given
    /// (the hash of bytes that always fold to `text`'s folding); `location`, where the queue file
    /// holds `text` as it is. Returns whether `text` needs escaping on a terminal, which folding
    /// finds out (`SearchFolder.appendFolded`).
    @discardableResult
    mutating func add(row: Int, unfolded text: UnsafeRawBufferPointer, remembering hash: UInt64?,
                      at location: JustificationLocation = .unknown) -> Bool {
        folded.removeAllKeepingCapacity()
        let needsEscaping = folder.appendFolded(text, to: &folded)
        let minimumTokens = self.minimumTokens
        let kind = folded.withUnsafeBytes { tokenizer.tokenize($0, minimumTokens: minimumTokens) }
        if let hash {
            let key = kind == .short || kind == .text ? tokenizer.withTokens(SketchPass.exactKey) : 0
            memo.remember(hash, kind: kind, exactKey: key)
            finish(row: row, kind: kind, key: key, recalled: false, location: location)
        } else {
            finish(row: row, kind: kind, key: nil, recalled: false, location: location)
        }
        return needsEscaping
    }

    /// Records the row's kind and exact key, and sketches it when it is the first row of its
    /// exact text in this batch. `key` is the exact key when known; `recalled` (from the memo)
    /// means the row is not the first of its text at all.
    @inline(__always)
    private mutating func finish(row: Int, kind: JustificationKind, key knownKey: UInt64?, recalled: Bool,
                                 location: JustificationLocation) {
        batch.kinds.append(kind)
        guard kind == .short || kind == .text else {
            batch.exactKeys.append(0)
            return
        }
        if recalled, let knownKey {
            batch.exactKeys.append(knownKey)
            return
        }
        let key = knownKey ?? tokenizer.withTokens(SketchPass.exactKey)
        batch.exactKeys.append(key)
        guard kind == .text else { return }
        // Sketch only the first row of each exact text in this batch.
        let seenMask = seen.count - 1
        var slot = Int(truncatingIfNeeded: key) & seenMask
        while seen[slot] != 0 {
            if seen[slot] == key { return }
            slot = (slot + 1) & seenMask
        }
        seen[slot] = key
        batch.textRows.append(Int32(row))
        batch.locations.append(location)
        // The keys are moved out and back (not copied), and appended from their buffer: appended
        // as a slice, each text retained and released the array (1% of a first `stats`).
        var keys: [UInt32] = []
        swap(&keys, &self.keys)
        tokenizer.withTokens { tokens in
            keys.withUnsafeMutableBufferPointer { keys in
                sketcher.bandKeys(of: tokens, into: keys.baseAddress!)
                batch.bandKeys.append(contentsOf: UnsafeBufferPointer(rebasing: keys[0..<keysPerText]))
            }
            batch.tokens.append(narrowing: tokens)
        }
        swap(&keys, &self.keys)
        batch.tokenEnds.append(UInt32(batch.tokens.count))
    }
}
