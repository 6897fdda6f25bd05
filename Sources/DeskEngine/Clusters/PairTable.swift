import DeskCore
import DeskStore

/// The word pairs of one text, counted once and matched against each text walked against it.
///
/// A text is compared with several candidates in turn (`CandidateChecks`: its word pairs are
/// loaded once, each top it may join is walked), and counting its pairs again for every one of
/// them was most of comparing candidates. Hand-written like `BigramOverlap`, for the same reason
/// (millions of comparisons at a million rows). The loaded text's pairs are counted in a
/// `BigramOverlap`'s table (a slot packs the pair, the loaded text's stamp and its count); a
/// parallel word counts how many of those the walked text used (multiset overlap), under a stamp
/// per walk, so neither array is cleared between texts. The shared pairs and each side's longest
/// missing run are the same whichever of two texts is loaded.
struct PairTable {
    private var counted = BigramOverlap()
    /// The stamp bits of the loaded text's slots in `counted`.
    private var stampBits: UInt64 = 0
    /// `walkStamp << 16 | used`, beside `counted`'s slots; stale (nothing used) when its stamp
    /// is not the current walk's.
    private var used: [UInt32] = []
    private var walkStamp: UInt32 = 0
    /// The loaded text's number of word pairs.
    private(set) var loadedPairs = 0
    private var loaded = UnsafeBufferPointer<StoredToken>(start: nil, count: 0)
    /// The longest run of the last walked text's word pairs the loaded one lacks (valid after
    /// `shared` returned a count: the whole text was walked).
    private(set) var walkedMissingRun = 0

    /// Counts the word pairs of `text`, replacing the previous text's.
    mutating func load(_ text: UnsafeBufferPointer<StoredToken>) {
        loaded = text
        loadedPairs = max(0, text.count - 1)
        stampBits = counted.countPairs(of: text)
        if used.count != counted.slots.count {  // the table grew
            used = [UInt32](repeating: 0, count: counted.slots.count)
            walkStamp = 0
        }
    }

    /// The word pairs `walked` shares with the loaded text (as multisets, matched left to right),
    /// or nil as soon as the pairs left cannot bring them to `needed`.
    mutating func shared(with walked: UnsafeBufferPointer<StoredToken>, needing needed: Int) -> Int? {
        // A new stamp even for a text with no pairs: the last walk's marks must not count.
        walkStamp += 1
        if walkStamp > 0xFFFF {
            used.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            walkStamp = 1
        }
        let walkedPairs = max(0, walked.count - 1)
        guard walkedPairs > 0, loadedPairs > 0 else {
            walkedMissingRun = walkedPairs
            return needed > 0 ? nil : 0
        }
        let stampBits = self.stampBits
        let walkBits = walkStamp << 16
        let walkStamp = self.walkStamp
        let mask = counted.mask
        var shared = 0
        var index = 1
        var run = 0
        var longestRun = 0
        let count = walked.count
        counted.slots.withUnsafeBufferPointer { slots in
            used.withUnsafeMutableBufferPointer { used in
                // Hopeless once `shared` plus the pairs left is below `needed`: the loop's bound.
                var stop = min(count, count - needed + 1)
                while index < stop {
                    let pair = UInt64(walked[index - 1]) << 16 | UInt64(walked[index])
                    var slot = BigramOverlap.slot(pair, mask)
                    var matched = false
                    while true {
                        let entry = slots[slot]
                        if entry & 0xFFFF_0000 != stampBits { break }
                        if entry >> 32 == pair {
                            let mark = used[slot]
                            let taken = mark >> 16 == walkStamp ? mark & 0xFFFF : 0
                            if UInt64(taken) < entry & 0xFFFF {
                                used[slot] = walkBits | (taken + 1)
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
        walkedMissingRun = longestRun
        if index < count || shared < needed { return nil }
        return shared
    }

    /// The longest run of the loaded text's word pairs that the last walked one lacks, matched
    /// left to right as `BigramOverlap.longestMissingRun` does. Only after `shared` returned a
    /// count, once: it uses up the walk's marks.
    mutating func loadedMissingRun() -> Int {
        guard loaded.count > 1 else { return 0 }
        let stampBits = self.stampBits
        let walkStamp = self.walkStamp
        let mask = counted.mask
        let loaded = self.loaded
        var run = 0
        var longestRun = 0
        counted.slots.withUnsafeBufferPointer { slots in
            used.withUnsafeMutableBufferPointer { used in
                for index in 1..<loaded.count {
                    let pair = UInt64(loaded[index - 1]) << 16 | UInt64(loaded[index])
                    var slot = BigramOverlap.slot(pair, mask)
                    // Every pair of the loaded text is in the table: the probe ends on it.
                    while slots[slot] & 0xFFFF_0000 != stampBits || slots[slot] >> 32 != pair { slot = (slot + 1) & mask }
                    let mark = used[slot]
                    if mark >> 16 == walkStamp && mark & 0xFFFF > 0 {
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
