import DeskCore
import DeskStore

/// One-permutation MinHash with densification, turned into LSH band keys.
///
/// The shingles are a text's word pairs (bigrams of token hashes). Each shingle is hashed once and
/// lands in one of `bins` bins, which keeps its minimum (Li, Owen and Zhang, 2012): O(shingles + bins)
/// per text instead of O(shingles × permutations). An empty bin copies the minimum of the first
/// non-empty bin in a pseudo-random probe sequence that depends only on the bin (optimal
/// densification, Shrivastava 2017), so two texts still agree in each bin with probability equal
/// to their Jaccard similarity, and empty bins are filled independently. (Rotation densification,
/// which copies the nearest bin to the right, was tried first: with short texts one shared word
/// pair then filled whole runs of bands alike, and candidate pairs with J < 0.1 tripled.)
/// Each band's `rowsPerBand` bins are hashed into a 32-bit key.
///
/// Hand-written loop over raw buffers: it runs once per distinct text at load (~750,000 texts for a
/// million rows).
struct MinHashSketcher {
    let bins: Int
    let bands: Int
    let rowsPerBand: Int
    private var minimums: [UInt32]
    /// For each bin, the bins an empty one copies from, in order of preference.
    private let probes: [UInt8]
    private static let probeLength = 32
    /// Mixed into a value copied from each source bin, so copies differ from the original.
    private let copyMarks: [UInt32]

    init(bands: Int, rowsPerBand: Int) {
        self.bands = bands
        self.rowsPerBand = rowsPerBand
        bins = bands * rowsPerBand
        precondition(bins <= 128, "at most 128 bins")
        minimums = [UInt32](repeating: .max, count: bins)
        var probes: [UInt8] = []
        for bin in 0..<bins {
            for attempt in 0..<Self.probeLength {
                let mixed = Self.mix(UInt64(bin) << 32 | UInt64(attempt) | 0x5DEE_CE66_0000_0000)
                probes.append(UInt8(((mixed >> 32) &* UInt64(bins)) >> 32))
            }
        }
        self.probes = probes
        copyMarks = (0..<bins).map { UInt32(truncatingIfNeeded: Self.mix(UInt64($0) | 0xD1B5_4A32_0000_0000)) }
    }

    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Writes the prefix key and then the `bands` band keys of the text whose tokens are given (at
    /// least two) to `keys[0...bands]`.
    mutating func bandKeys(of tokens: UnsafeBufferPointer<UInt32>, into keys: UnsafeMutablePointer<UInt32>) {
        let binCount = UInt64(bins)
        let bins = self.bins
        let rowsPerBand = self.rowsPerBand
        minimums.withUnsafeMutableBufferPointer { minimums in
            // UInt32.max marks an empty bin (a real minimum equal to it is as good as empty);
            // `filled` has a bit per bin that holds a shingle's minimum.
            minimums.update(repeating: .max)
            var filled: (UInt64, UInt64) = (0, 0)
            var previous = UInt64(tokens[0])
            for index in 1..<tokens.count {
                let current = UInt64(tokens[index])
                let product = (previous << 32 | current).multipliedFullWidth(by: 0x9E37_79B9_7F4A_7C15)
                let shingle = product.high ^ product.low
                previous = current
                let bin = Int(((shingle >> 32) &* binCount) >> 32)
                let value = UInt32(truncatingIfNeeded: shingle)
                minimums[bin] = min(minimums[bin], value)
                let bit: UInt64 = 1 << UInt64(bin & 63)
                if bin < 64 { filled.0 |= bit } else { filled.1 |= bit }
            }
            // Fill the empty bins, found through the bit masks (no branch per bin). The first
            // four probes are tested together; a fifth is needed for about 3% of empty bins.
            let all: (UInt64, UInt64) = bins >= 64 ? (~0, bins == 128 ? ~0 : (1 << UInt64(bins - 64)) &- 1) : ((1 << UInt64(bins)) &- 1, 0)
            let empty = (all.0 & ~filled.0, all.1 & ~filled.1)
            if empty.0 | empty.1 != 0 {
                // Constants for the closures below: a captured `var` is boxed and every read of it
                // went through the runtime's exclusivity checks (a twentieth of the sketching).
                let filled = filled
                @inline(__always) func isFilled(_ bin: Int) -> UInt64 {
                    ((bin < 64 ? filled.0 : filled.1) >> UInt64(bin & 63)) & 1
                }
                probes.withUnsafeBufferPointer { probes in
                    copyMarks.withUnsafeBufferPointer { marks in
                        for half in 0..<2 {
                            var remaining = half == 0 ? empty.0 : empty.1
                            while remaining != 0 {
                                let bin = half * 64 + remaining.trailingZeroBitCount
                                remaining &= remaining &- 1
                                let probe = bin * Self.probeLength
                                let first = isFilled(Int(probes[probe])) | isFilled(Int(probes[probe + 1])) << 1
                                    | isFilled(Int(probes[probe + 2])) << 2 | isFilled(Int(probes[probe + 3])) << 3
                                var source: Int
                                if first != 0 {
                                    source = Int(probes[probe + first.trailingZeroBitCount])
                                } else {
                                    source = -1
                                    for attempt in 4..<Self.probeLength where isFilled(Int(probes[probe + attempt])) != 0 {
                                        source = Int(probes[probe + attempt])
                                        break
                                    }
                                    if source < 0 {
                                        // Very few shingles: the first filled bin after this one.
                                        source = (bin + 1) % bins
                                        while isFilled(source) == 0 { source = (source + 1) % bins }
                                    }
                                }
                                minimums[bin] = minimums[source] ^ marks[source]
                            }
                        }
                    }
                }
            }
            var prefix: UInt64 = 0x7072_6566_6978_0000
            for index in 0..<min(8, tokens.count) { prefix = Self.mix(prefix ^ UInt64(tokens[index])) }
            keys[0] = UInt32(truncatingIfNeeded: prefix >> 16)
            for band in 0..<bands {
                let row = band * rowsPerBand
                var key = UInt64(band) &* 0xA076_1D64_78BD_642F
                for offset in 0..<rowsPerBand {
                    key = (key ^ UInt64(minimums[row + offset])) &* 0xE703_7ED1_A0B4_28DB
                    key ^= key >> 31
                }
                keys[1 + band] = UInt32(truncatingIfNeeded: key >> 16)
            }
        }
    }
}
