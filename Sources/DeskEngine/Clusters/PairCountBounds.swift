import DeskCore
import CPrefetch

/// An exact upper bound on the word pairs two texts share, from 64 bytes per text, so that most
/// candidates that cannot pass are settled without reading their tokens.
///
/// Each text's word pairs (as the comparisons count them) are counted into 256 buckets by a hash
/// of the pair, each count in two bits that stop at 3. Two texts share at most the sum over the
/// buckets of the smaller of their two counts (a shared pair is in the same bucket in both); a
/// bucket where both counts stopped at 3 leaves the bound open, and the pair is compared.
///
/// Why: on a queue of texts composed from sentences many people use, three candidates in four
/// fail the count of shared word pairs, most of them only after walking most of the member
/// (measured on the composed million: 3.55M of 4.59M comparisons failed; this bound settles
/// 73% of those; 512 buckets settled 81% but were no faster, at twice the memory). The bound
/// never refuses a pair that passes: the clusters are the same with and without it.
///
/// Hand-written over raw words (two bit planes per text) for the hot loop: the bound is ten
/// operations and two population counts per 64 buckets.
struct PairCountBounds: Sendable {
    private static let bucketBits = 8
    static let buckets = 1 << bucketBits
    /// Words per text: the low bits of the counts, then their high bits.
    static let words = 2 * buckets / 64
    private static let plane = buckets / 64
    private let storage: Storage

    /// A text's 64 bytes on one whole cache line (an array's elements start 32 bytes into a
    /// line, which would put most texts on two): a top's line is a cache miss per candidate.
    private final class Storage: @unchecked Sendable {
        let words: UnsafeMutablePointer<UInt64>

        init(textCount: Int) {
            let raw = UnsafeMutableRawPointer.allocate(byteCount: max(1, textCount) * PairCountBounds.words * 8, alignment: 64)
            words = raw.initializeMemory(as: UInt64.self, repeating: 0, count: max(1, textCount) * PairCountBounds.words)
        }

        deinit { words.deallocate() }
    }

    /// The counts of every text of `corpus`, on `parallelism` threads.
    init(corpus: TextCorpus, parallelism: Int) {
        let textCount = corpus.count
        storage = Storage(textCount: textCount)
        let pieces = min(textCount / 4_096 + 1, parallelism * 4)
        let storage = self.storage
        runConcurrently(pieces, parallelism: parallelism) { piece in
            for text in (textCount * piece / pieces)..<(textCount * (piece + 1) / pieces) {
                Self.count(corpus.tokens(Int32(text)), into: storage.words + text * Self.words)
            }
        }
    }

    /// Counts the word pairs of `tokens` into one text's words (zero before).
    static func count(_ tokens: UnsafeBufferPointer<StoredToken>, into words: UnsafeMutablePointer<UInt64>) {
        guard tokens.count > 1 else { return }
        var previous = UInt64(tokens[0])
        for index in 1..<tokens.count {
            let current = UInt64(tokens[index])
            let bucket = Int(truncatingIfNeeded: ((previous << 16 | current) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - bucketBits))
            previous = current
            let word = bucket >> 6
            let bit: UInt64 = 1 << UInt64(bucket & 63)
            let low = words[word]
            let high = words[plane + word]
            // 0 → 1 → 2 → 3, and 3 stays.
            if low & bit == 0 {
                words[word] = low | bit
            } else if high & bit == 0 {
                words[word] = low & ~bit
                words[plane + word] = high | bit
            }
        }
    }

    /// Whether texts `first` and `second` may share `needed` word pairs (false: they cannot).
    @inline(__always)
    func mayShare(_ first: Int32, _ second: Int32, atLeast needed: Int) -> Bool {
        guard needed > 0 else { return true }
        let a = UnsafePointer(storage.words + Int(first) * Self.words)
        let b = UnsafePointer(storage.words + Int(second) * Self.words)
        var total = 0
        var open: UInt64 = 0
        for word in 0..<Self.plane {
            let (aLow, aHigh, bLow, bHigh) = (a[word], a[Self.plane + word], b[word], b[Self.plane + word])
            // The smaller of two 2-bit counts: the high bit when both have it; the low bit of the
            // one whose high bit is clear when only one has it, else of both.
            let high = aHigh & bHigh
            let low = (aLow & bLow) | (aHigh & ~bHigh & bLow) | (bHigh & ~aHigh & aLow)
            open |= high & aLow & bLow
            total += 2 * high.nonzeroBitCount + low.nonzeroBitCount
        }
        return open != 0 || total >= needed
    }

    /// Starts loading the counts of `text`.
    @inline(__always)
    func prefetch(_ text: Int32) {
        let start = storage.words + Int(text) * Self.words
        prefetch_for_read(start)
    }
}
