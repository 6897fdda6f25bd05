/// How many word pairs two texts share, counted exactly: the check every LSH candidate pair must
/// pass before it is merged (candidates alone merge unrelated texts through chance collisions).
struct Overlap: Sendable, Equatable {
    /// Word pairs common to both (as multisets).
    var shared: Int
    var first: Int
    var second: Int

    /// Multiset Jaccard similarity of the two bigram multisets.
    var jaccard: Double { Double(shared) / Double(max(1, first + second - shared)) }
    /// The share of the shorter text's word pairs found in the longer one.
    var containment: Double { Double(shared) / Double(max(1, min(first, second))) }
    /// Shorter length over longer length.
    var sizeRatio: Double { Double(min(first, second)) / Double(max(1, max(first, second))) }
}

/// How two texts relate, by the thresholds of `ClusterParameters`.
enum TextRelation: UInt8, Sendable {
    case different, similar, contained
}

extension ClusterParameters {
    func relation(_ overlap: Overlap) -> TextRelation {
        if overlap.jaccard >= similarity { return .similar }
        if overlap.containment >= containment && overlap.sizeRatio >= containmentSizeRatio { return .contained }
        return .different
    }

    /// The looser test two groups' anchors must pass before the groups merge.
    func anchorsAgree(_ overlap: Overlap) -> Bool {
        overlap.jaccard >= anchorSimilarity || (overlap.containment >= containment && overlap.sizeRatio >= containmentSizeRatio)
    }
}

/// Counts the word pairs two token sequences share, with a reusable stamped hash table.
///
/// Hand-written: it runs for every LSH candidate pair (hundreds of thousands at a million rows).
/// The first text's pairs go into an open-addressing table with counts; the second's are looked
/// up and consumed. A stamp per slot makes clearing the table free.
struct BigramOverlap {
    private var keys: [UInt32] = []
    private var counts: [UInt16] = []
    private var stamps: [UInt32] = []
    private var stamp: UInt32 = 0
    private var mask = 0

    init() { resize(to: 1024) }

    private mutating func resize(to size: Int) {
        keys = [UInt32](repeating: 0, count: size)
        counts = [UInt16](repeating: 0, count: size)
        stamps = [UInt32](repeating: 0, count: size)
        stamp = 0
        mask = size - 1
    }

    mutating func compare(_ first: UnsafeBufferPointer<StoredToken>, _ second: UnsafeBufferPointer<StoredToken>) -> Overlap {
        let firstPairs = max(0, first.count - 1)
        let secondPairs = max(0, second.count - 1)
        guard firstPairs > 0, secondPairs > 0 else { return Overlap(shared: 0, first: firstPairs, second: secondPairs) }
        // Put the shorter text in the table.
        let (small, large) = firstPairs <= secondPairs ? (first, second) : (second, first)
        if (small.count - 1) * 2 > keys.count {
            var size = keys.count
            while size < (small.count - 1) * 2 { size <<= 1 }
            resize(to: size)
        }
        stamp &+= 1
        if stamp == 0 {
            stamps.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            stamp = 1
        }
        var shared = 0
        keys.withUnsafeMutableBufferPointer { keys in
            counts.withUnsafeMutableBufferPointer { counts in
                stamps.withUnsafeMutableBufferPointer { stamps in
                    for index in 1..<small.count {
                        let key = UInt32(small[index - 1]) << 16 | UInt32(small[index])
                        var slot = Self.slot(key, mask)
                        while stamps[slot] == stamp && keys[slot] != key { slot = (slot + 1) & mask }
                        if stamps[slot] == stamp {
                            counts[slot] &+= 1
                        } else {
                            stamps[slot] = stamp
                            keys[slot] = key
                            counts[slot] = 1
                        }
                    }
                    for index in 1..<large.count {
                        let key = UInt32(large[index - 1]) << 16 | UInt32(large[index])
                        var slot = Self.slot(key, mask)
                        while stamps[slot] == stamp && keys[slot] != key { slot = (slot + 1) & mask }
                        if stamps[slot] == stamp && counts[slot] > 0 {
                            counts[slot] -= 1
                            shared += 1
                        }
                    }
                }
            }
        }
        return Overlap(shared: shared, first: firstPairs, second: secondPairs)
    }

    @inline(__always)
    private static func slot(_ key: UInt32, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(key) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }
}
