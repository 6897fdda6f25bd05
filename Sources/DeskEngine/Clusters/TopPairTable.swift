import DeskCore
import DeskStore

/// The word pairs of one bucket top, counted once and matched against each text compared with it.
///
/// Comparisons are grouped by top (`CandidateRounds`): a top meets five texts on average and
/// thousands for a common text, and counting its pairs again for every one of them was most of
/// comparing candidates. Hand-written like `BigramOverlap`, for the same reason (millions of
/// comparisons at a million rows). The top's pairs are counted in a `BigramOverlap`'s table (a
/// slot packs the pair, the top's stamp and its count); a parallel word counts how many of those
/// the current member used (multiset overlap), under the member's own stamp, so neither array is
/// cleared between texts.
struct TopPairTable {
    private var counted = BigramOverlap()
    /// The stamp bits of the loaded top's slots in `counted`.
    private var stampBits: UInt64 = 0
    /// `memberStamp << 16 | used`, beside `counted`'s slots; stale (nothing used) when its stamp
    /// is not the current member's.
    private var used: [UInt32] = []
    private var memberStamp: UInt32 = 0
    /// The loaded top's number of word pairs.
    private(set) var topPairs = 0
    private var top = UnsafeBufferPointer<StoredToken>(start: nil, count: 0)
    /// The longest run of the last member's word pairs the top lacks (valid after `shared`
    /// returned a count: the whole member was walked).
    private(set) var memberMissingRun = 0

    /// Counts the word pairs of `top`, replacing the previous top's.
    mutating func load(_ top: UnsafeBufferPointer<StoredToken>) {
        self.top = top
        topPairs = max(0, top.count - 1)
        stampBits = counted.countPairs(of: top)
        if used.count != counted.slots.count {  // the table grew
            used = [UInt32](repeating: 0, count: counted.slots.count)
            memberStamp = 0
        }
    }

    /// The word pairs `member` shares with the loaded top (as multisets, matched left to right),
    /// or nil as soon as the pairs left cannot bring them to `needed` (most candidates fail, long
    /// before their end).
    mutating func shared(with member: UnsafeBufferPointer<StoredToken>, needing needed: Int) -> Int? {
        // A new stamp even for a member with no pairs: the last member's marks must not count.
        memberStamp += 1
        if memberStamp > 0xFFFF {
            used.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            memberStamp = 1
        }
        let memberPairs = max(0, member.count - 1)
        guard memberPairs > 0, topPairs > 0 else {
            memberMissingRun = memberPairs
            return needed > 0 ? nil : 0
        }
        let stampBits = self.stampBits
        let memberBits = memberStamp << 16
        let memberStamp = self.memberStamp
        let mask = counted.mask
        var shared = 0
        var index = 1
        var run = 0
        var longestRun = 0
        let count = member.count
        counted.slots.withUnsafeBufferPointer { slots in
            used.withUnsafeMutableBufferPointer { used in
                // Hopeless once `shared` plus the pairs left is below `needed`: the loop's bound.
                var stop = min(count, count - needed + 1)
                while index < stop {
                    let pair = UInt64(member[index - 1]) << 16 | UInt64(member[index])
                    var slot = BigramOverlap.slot(pair, mask)
                    var matched = false
                    while true {
                        let entry = slots[slot]
                        if entry & 0xFFFF_0000 != stampBits { break }
                        if entry >> 32 == pair {
                            let mark = used[slot]
                            let taken = mark >> 16 == memberStamp ? mark & 0xFFFF : 0
                            if UInt64(taken) < entry & 0xFFFF {
                                used[slot] = memberBits | (taken + 1)
                                matched = true
                            }
                            break
                        }
                        slot = (slot + 1) & mask
                    }
                    if matched {
                        shared += 1
                        stop = min(count, count - needed + shared + 1)
                        run = 0
                    } else {
                        run += 1
                        longestRun = max(longestRun, run)
                    }
                    index += 1
                }
            }
        }
        memberMissingRun = longestRun
        if index < count || shared < needed { return nil }
        return shared
    }

    /// The longest run of the top's word pairs that the last member lacks, matched left to right
    /// as `BigramOverlap.longestMissingRun` does. Only after `shared` returned a count, once: it
    /// uses up the member's marks.
    mutating func topMissingRun() -> Int {
        guard top.count > 1 else { return 0 }
        let stampBits = self.stampBits
        let memberStamp = self.memberStamp
        let mask = counted.mask
        let top = self.top
        var run = 0
        var longestRun = 0
        counted.slots.withUnsafeBufferPointer { slots in
            used.withUnsafeMutableBufferPointer { used in
                for index in 1..<top.count {
                    let pair = UInt64(top[index - 1]) << 16 | UInt64(top[index])
                    var slot = BigramOverlap.slot(pair, mask)
                    // Every pair of the top is in the table: the probe ends on it.
                    while slots[slot] & 0xFFFF_0000 != stampBits || slots[slot] >> 32 != pair { slot = (slot + 1) & mask }
                    let mark = used[slot]
                    if mark >> 16 == memberStamp && mark & 0xFFFF > 0 {
                        used[slot] = mark - 1
                        run = 0
                    } else {
                        run += 1
                        longestRun = max(longestRun, run)
                    }
                }
            }
        }
        return longestRun
    }
}
