import DeskCore
import DeskStore

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

extension ClusterParameters {
    /// Whether texts of these lengths (word pairs) could pass `isNearIdentical` at all: most
    /// candidates of a mixed queue are a short common text against a long personal one, and this
    /// settles them without counting (the Jaccard is at most the length ratio).
    func lengthsAllowNearIdentity(member: Int, representative: Int) -> Bool {
        let member = Double(max(0, member))
        let representative = Double(max(0, representative))
        if member <= representative { return member >= min(similarity, containmentSizeRatio) * representative }
        return member <= max(representative / similarity, representative * (1 + maximumAddition))
    }

    /// The shared word pairs texts of these lengths (word pairs) need to be near-identical, or nil
    /// when no overlap would do (settled by the lengths alone, most often).
    func sharedPairsNeeded(member: Int, representative: Int) -> Int? {
        guard lengthsAllowNearIdentity(member: member, representative: representative) else { return nil }
        return fewestSharedPairs(member: member, representative: representative)
    }

    /// The fewest shared word pairs with which texts of these lengths (word pairs) pass
    /// `isNearIdentical`, or nil when no overlap would. `isNearIdentical` only gets truer as
    /// `shared` grows, so a bisection over it finds the bound without restating its rules.
    func fewestSharedPairs(member: Int, representative: Int) -> Int? {
        let member = max(0, member)
        let representative = max(0, representative)
        func passes(_ shared: Int) -> Bool {
            isNearIdentical(Overlap(shared: shared, first: member, second: representative))
        }
        var low = 0
        var high = min(member, representative)
        guard passes(high) else { return nil }
        // A guess from the rules' thresholds, confirmed by the rule itself: it asked the rule
        // twice where the bisection asked it seven times, millions of times a first clustering.
        let total = Double(member + representative)
        var guess = Int((similarity * total / (1 + similarity)).rounded(.up))
        if member <= representative ? Double(member) >= containmentSizeRatio * Double(representative)
                                    : Double(member - representative) <= maximumAddition * Double(representative) {
            guess = min(guess, Int((containment * Double(min(member, representative))).rounded(.up)))
        }
        guess = max(0, min(guess, high))
        if passes(guess) && (guess == 0 || !passes(guess - 1)) { return guess }
        while low < high {
            let middle = (low + high) / 2
            if passes(middle) { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// Whether a member whose word pairs overlap its representative's as `overlap` says (`first`
    /// the member, `second` the representative) is near-identical to it, before the frame rule.
    func isNearIdentical(_ overlap: Overlap) -> Bool {
        overlap.jaccard >= similarity || isContained(overlap)
    }

    /// Whether a passing overlap passes only narrowly (see `narrowJaccard`).
    func isNarrow(_ overlap: Overlap) -> Bool {
        overlap.jaccard < narrowJaccard && overlap.containment < narrowContainment
    }

    /// The containment rules alone: a truncation or dropped part, or the text plus additions.
    func isContained(_ overlap: Overlap) -> Bool {
        let member = Double(overlap.first)
        let representative = Double(overlap.second)
        let shared = Double(overlap.shared)
        if member <= representative {
            return shared >= containment * member && member >= containmentSizeRatio * representative
        }
        return shared >= containment * representative && member - representative <= maximumAddition * representative
    }
}

/// Counts the word pairs two token sequences share, with a reusable stamped hash table.
///
/// Hand-written: it runs for every LSH candidate pair (hundreds of thousands at a million rows).
/// The shorter text's pairs go into an open-addressing table with counts; the longer one's are
/// looked up and consumed. A slot packs the pair (32 bits), a stamp and a count into one word, so
/// a probe is one load, and the stamp makes clearing the table free (it is cleared for real once
/// every 65,535 comparisons).
struct BigramOverlap {
    /// `pair << 32 | stamp << 16 | count`; a slot is free when its stamp is not the current one.
    private(set) var slots: [UInt64] = []
    private var stamp: UInt64 = 0
    private(set) var mask = 0

    /// Decides the pairs the word-pair rules pass only narrowly, by the texts' characters (nil:
    /// those pairs pass; a comparer without texts, as in the rule's own tests).
    var yardstick: ShingleYardstick?

    init(yardstick: ShingleYardstick? = nil) {
        self.yardstick = yardstick
        resize(to: 1024)
    }

    private mutating func resize(to size: Int) {
        slots = [UInt64](repeating: 0, count: size)
        stamp = 0
        mask = size - 1
    }

    mutating func compare(_ first: UnsafeBufferPointer<StoredToken>, _ second: UnsafeBufferPointer<StoredToken>) -> Overlap {
        compare(first, second, needing: 0)!
    }

    /// The overlap, or nil as soon as the pairs left to look up cannot bring `shared` to `needed`:
    /// most candidate pairs fail, and they fail long before the end of the longer text.
    mutating func compare(_ first: UnsafeBufferPointer<StoredToken>, _ second: UnsafeBufferPointer<StoredToken>,
                          needing needed: Int) -> Overlap? {
        let firstPairs = max(0, first.count - 1)
        let secondPairs = max(0, second.count - 1)
        guard firstPairs > 0, secondPairs > 0 else {
            return needed > 0 ? nil : Overlap(shared: 0, first: firstPairs, second: secondPairs)
        }
        let (small, large) = firstPairs <= secondPairs ? (first, second) : (second, first)
        let stampBits = countPairs(of: small)
        let mask = self.mask
        var shared = 0
        var hopeless = false
        slots.withUnsafeMutableBufferPointer { slots in
            // Hopeless once `shared` plus the pairs left (`large.count - index`) is below
            // `needed`: the loop's bound says so, moving up by one with each shared pair, so the
            // test costs nothing beyond the loop's own.
            let count = large.count
            var stop = min(count, count - needed + 1)
            var index = 1
            while index < stop {
                let pair = UInt64(large[index - 1]) << 16 | UInt64(large[index])
                if Self.consume(pair, slots, mask: mask, stampBits: stampBits) {
                    shared += 1
                    stop = min(count, count - needed + shared + 1)
                }
                index += 1
            }
            hopeless = index < count
        }
        if hopeless || shared < needed { return nil }
        return Overlap(shared: shared, first: firstPairs, second: secondPairs)
    }

    /// Counts the word pairs of `text` into the table under a new stamp, which it returns
    /// (shifted into place): the pairs that later lookups consume.
    @inline(__always)
    mutating func countPairs(of text: UnsafeBufferPointer<StoredToken>) -> UInt64 {
        if (text.count - 1) * 2 > slots.count {
            var size = slots.count
            while size < (text.count - 1) * 2 { size <<= 1 }
            resize(to: size)
        }
        stamp += 1
        if stamp > 0xFFFF {
            slots.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            stamp = 1
        }
        let stampBits = stamp << 16
        let mask = self.mask
        slots.withUnsafeMutableBufferPointer { Self.count(pairsOf: text, into: $0, mask: mask, stampBits: stampBits) }
        return stampBits
    }

    /// Counts the word pairs of `text` into `slots` (open addressing, `pair << 32 | stamp << 16 |
    /// count`, free where the stamp is not `stampBits`).
    @inline(__always)
    private static func count(pairsOf text: UnsafeBufferPointer<StoredToken>, into slots: UnsafeMutableBufferPointer<UInt64>,
                      mask: Int, stampBits: UInt64) {
        for index in stride(from: 1, to: text.count, by: 1) {
            let pair = UInt64(text[index - 1]) << 16 | UInt64(text[index])
            var slot = Self.slot(pair, mask)
            while true {
                let entry = slots[slot]
                if entry & 0xFFFF_0000 != stampBits {
                    slots[slot] = pair << 32 | stampBits | 1
                    break
                }
                if entry >> 32 == pair {
                    if entry & 0xFFFF != 0xFFFF { slots[slot] = entry &+ 1 }  // a count saturates
                    break
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// The longest run of consecutive word pairs of `text` that `other` lacks (as multisets,
    /// matched left to right): a passage of `text` missing from `other`.
    mutating func longestMissingRun(of text: UnsafeBufferPointer<StoredToken>, in other: UnsafeBufferPointer<StoredToken>) -> Int {
        guard text.count > 1 else { return 0 }
        guard other.count > 1 else { return text.count - 1 }
        let stampBits = countPairs(of: other)
        let mask = self.mask
        var longest = 0
        slots.withUnsafeMutableBufferPointer { slots in
            var run = 0
            for index in 1..<text.count {
                let pair = UInt64(text[index - 1]) << 16 | UInt64(text[index])
                run = Self.consume(pair, slots, mask: mask, stampBits: stampBits) ? 0 : run + 1
                longest = max(longest, run)
            }
        }
        return longest
    }

    /// Takes one `pair` out of the counted table: false when it is not there (or used up).
    @inline(__always)
    private static func consume(_ pair: UInt64, _ slots: UnsafeMutableBufferPointer<UInt64>, mask: Int, stampBits: UInt64) -> Bool {
        var slot = Self.slot(pair, mask)
        while true {
            let entry = slots[slot]
            if entry & 0xFFFF_0000 != stampBits { return false }
            if entry >> 32 == pair {
                guard entry & 0xFFFF != 0 else { return false }
                slots[slot] = entry &- 1
                return true
            }
            slot = (slot + 1) & mask
        }
    }

    @inline(__always)
    static func slot(_ pair: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (pair &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }
}
