import DeskCore
import DeskStore
import CPrefetch

/// The distinct texts being clustered, numbered in file order, with their token sequences.
///
/// A text is a `.text` row whose exact token sequence occurs there for the first time in the file;
/// later rows with the same tokens belong to it through `exactRoot`. Tokens stay in the sketch
/// batches they were produced in (copying them into one buffer would double the peak memory).
///
/// `@unchecked Sendable`: the token pointers point into the batches' buffers, which the corpus
/// keeps alive and which are complete (never written again) before the corpus is built.
struct TextCorpus: @unchecked Sendable {
    var batches: [SketchBatch] = []
    /// Text → row.
    var rows: [Int32] = []
    /// Text → where its justification's bytes are in the queue file.
    var locations: [JustificationLocation] = []
    /// Where each text's tokens are, in one 16-byte entry: comparisons reach texts at random,
    /// and three arrays (batch, offset, count) were three cache misses.
    private var spans: [TokenSpan] = []
    private var tokenBases: [UnsafePointer<StoredToken>] = []

    private struct TokenSpan {
        let start: UnsafePointer<StoredToken>
        let count: Int
    }

    var count: Int { rows.count }

    mutating func reserve(_ capacity: Int) {
        rows.reserveCapacity(capacity)
        locations.reserveCapacity(capacity)
        spans.reserveCapacity(capacity)
        tokenBases = batches.map { UnsafePointer($0.tokens.pointer) }
    }

    /// Adds the sketched text `local` of batch `batch` as the next text.
    mutating func append(batch: Int, local: Int) {
        rows.append(batches[batch].textRows[local])
        let batchLocations = batches[batch].locations
        locations.append(local < batchLocations.count ? batchLocations[local] : .unknown)
        let ends = batches[batch].tokenEnds
        let start = local == 0 ? 0 : ends[local - 1]
        spans.append(TokenSpan(start: tokenBases[batch] + Int(start), count: Int(ends[local] - start)))
    }

    /// Starts loading where `text`'s tokens are (before `prefetchTokens(of:)`).
    @inline(__always)
    func prefetchLocation(of text: Int32) {
        spans.withUnsafeBufferPointer { prefetch_for_read($0.baseAddress! + Int(text)) }
    }

    /// Starts loading the tokens of `text`, up to four cache lines: a member's walk reads them
    /// all unless it fails early, and a line not asked for ahead was most of a comparison.
    @inline(__always)
    func prefetchTokens(of text: Int32) {
        let tokens = self.tokens(text)
        guard let start = tokens.baseAddress else { return }
        let bytes = min(tokens.count * MemoryLayout<StoredToken>.stride, 256)
        let raw = UnsafeRawPointer(start)
        for offset in stride(from: 0, to: bytes, by: 64) { prefetch_for_read(raw + offset) }
    }

    func withTokens<Result>(_ text: Int32, _ body: (UnsafeBufferPointer<StoredToken>) -> Result) -> Result {
        body(tokens(text))
    }

    /// The tokens of a text, valid while this corpus lives.
    @inline(__always)
    func tokens(_ text: Int32) -> UnsafeBufferPointer<StoredToken> {
        let span = spans[Int(text)]
        return UnsafeBufferPointer(start: span.start, count: span.count)
    }

}
