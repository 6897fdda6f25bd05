import DeskCore
import DeskStore

/// The outside yardstick of near-identity, on the texts themselves: folded 5-character shingles,
/// Jaccard ≥ 0.5 or one holding ≥ 90% of the other's (what `CoherenceScore` measures).
///
/// Word pairs and character shingles mostly agree, but not for texts composed from sentences
/// many people use: a copy whose sentence was replaced by another can keep most of its word pairs
/// (short words, shared openings) while sharing under half of its shingles. A pair that passes the
/// word-pair rules only narrowly (`ClusterParameters.isNarrow`) is decided here instead. Each
/// comparing thread must have its own, made by a `Maker`: its row reader's buffers are classes
/// without copy-on-write, so a copy shared between threads corrupts the heap (a crash found in
/// the review screen, where `a` then died in unrelated code).
///
/// Hand-written (UTF-8 decoding, a stamped hash table for the two sets): it runs for every narrow
/// pass, tens of thousands at a million rows; String's scalar properties and sorting each text's
/// shingles cost several times the rest (measured: sorting alone was 30% of a first `stats`).
struct ShingleYardstick {
    static let jaccard = 0.5
    static let containment = 0.9

    /// Made at the first narrow pass: most comparing threads meet none, and a reader's folder
    /// costs a 256 KB table. It never waits for the screen's search text (see `FoldedRowReader`).
    private var reader: FoldedRowReader?
    private let table: SubmissionTable
    /// Text → row, and where its justification's bytes are (possibly fewer than rows: the rest
    /// are read from their lines).
    private let rows: [Int32]
    private let locations: [JustificationLocation]
    /// Direct-mapped by text number: a top or representative is compared with many texts.
    /// 16,384 slots: on the composed million 4,096 missed 113,550 times (74,463 with 16,384,
    /// 55,276 with 65,536, ~49,000 are first uses); each miss reads the text back from the file.
    /// +21 MB at the peak, against +70 MB for 65,536.
    private var cachedText: [Int32]
    private var cachedShingles: [[UInt64]]
    private var memberShingles: [UInt64] = []
    /// The walk's members read at once (`expectMembers`).
    private var memberBlock = MemberBlock()
    /// The second text's distinct shingles stay in the table while the same text is asked about
    /// again (comparisons come grouped by top); the first text's are added beside them under
    /// a stamp of their own. A slot holds the key, the second text's stamp when it is one of its
    /// shingles, and the first text's stamp when the first text has it: one cache line a probe.
    /// Only the first `mask + 1` slots are in use, sized to the two texts (at most half full):
    /// a table grown by one long text and probed all over missed the cache at every probe.
    private var slots: [Slot] = []
    private var mask = 0
    private var secondStamp: UInt32 = 0
    private var firstStamp: UInt32 = 0
    private var loadedSecond: Int32 = -1
    private var loadedCount = 0
    private var distinctSecond = 0

    private struct Slot {
        var key: UInt64 = 0
        var second: UInt32 = 0
        var first: UInt32 = 0
    }

    /// What a thread needs to make its own yardstick.
    struct Maker: Sendable {
        let table: SubmissionTable?
        let textRows: [Int32]
        let textLocations: [JustificationLocation]

        func make() -> ShingleYardstick? {
            table.map { ShingleYardstick(table: $0, textRows: textRows, textLocations: textLocations) }
        }
    }

    init(table: SubmissionTable, textRows: [Int32], textLocations: [JustificationLocation] = []) {
        self.table = table
        rows = textRows
        locations = textLocations
        cachedText = []
        cachedShingles = []
    }

    /// The next `agrees` calls will mostly have their first text in `texts`, texts numbered in
    /// the order their justifications come in the queue file (a walk in corpus order).
    mutating func expectMembers(_ texts: Range<Int32>) {
        memberBlock.expect(texts)
    }

    /// Whether texts `first` and `second` (text numbers) are near-identical by the yardstick.
    mutating func agrees(_ first: Int32, _ second: Int32) -> Bool {
        var firstShingles = memberShingles  // moved out and back: its storage is reused
        memberShingles = []
        if !readMemberShingles(of: first, into: &firstShingles) { readShingles(of: first, into: &firstShingles) }
        memberShingles = firstShingles
        if second != loadedSecond || Self.size(for: loadedCount + memberShingles.count) > mask + 1 {
            load(shingles(of: second), text: second)
        }
        if memberShingles.isEmpty || loadedCount == 0 { return memberShingles.isEmpty && loadedCount == 0 }
        let (distinctFirst, shared) = countFirst()
        let common = Double(shared)
        if common / (Double(distinctFirst + distinctSecond) - common) >= Self.jaccard { return true }
        return common / Double(min(distinctFirst, distinctSecond)) >= Self.containment
    }

    /// Slots for `keys` keys: a power of two, at least twice as many.
    private static func size(for keys: Int) -> Int {
        var size = 256
        while size < 2 * keys { size <<= 1 }
        return size
    }

    private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }

    /// Puts the second text's shingles in the table, under a new stamp.
    private mutating func load(_ shingles: [UInt64], text: Int32) {
        loadedSecond = text
        loadedCount = shingles.count
        let size = Self.size(for: shingles.count + memberShingles.count)
        if size > slots.count || secondStamp >= 0xFFFF_FFF0 {
            slots = [Slot](repeating: Slot(), count: max(size, slots.count))
            secondStamp = 0
            firstStamp = 0
        }
        mask = size - 1
        secondStamp += 1
        let stamp = secondStamp
        let mask = self.mask
        var distinct = 0
        slots.withUnsafeMutableBufferPointer { slots in
            for key in shingles {
                var slot = Self.slot(key, mask)
                while slots[slot].second == stamp && slots[slot].key != key { slot = (slot + 1) & mask }
                if slots[slot].second != stamp {
                    slots[slot].key = key
                    slots[slot].second = stamp
                    distinct += 1
                }
            }
        }
        distinctSecond = distinct
    }

    /// The first text's distinct shingles, and those the second text has too. Its own go into
    /// slots free of the second text's (no probe chain to one of those crosses them: they were
    /// all placed before).
    private mutating func countFirst() -> (Int, Int) {
        if firstStamp == .max {
            slots.withUnsafeMutableBufferPointer { slots in
                for index in slots.indices { slots[index].first = 0 }
            }
            firstStamp = 0
        }
        firstStamp += 1
        let (second, first) = (secondStamp, firstStamp)
        let mask = self.mask
        var distinct = 0
        var shared = 0
        slots.withUnsafeMutableBufferPointer { slots in
            for key in memberShingles {
                var slot = Self.slot(key, mask)
                while true {
                    let entry = slots[slot]
                    let ofSecond = entry.second == second
                    let ofFirst = entry.first == first
                    if !ofSecond && !ofFirst {
                        slots[slot].key = key
                        slots[slot].first = first
                        distinct += 1
                        break
                    }
                    if entry.key == key {
                        if !ofFirst {
                            slots[slot].first = first
                            distinct += 1
                            shared += 1
                        }
                        break
                    }
                    slot = (slot + 1) & mask
                }
            }
        }
        return (distinct, shared)
    }

    /// A text's shingles, kept for the next time it is the second text: a representative is
    /// compared with many texts, one after another or not.
    private mutating func shingles(of text: Int32) -> [UInt64] {
        if cachedText.isEmpty {  // allocated at the first pass, as the reader
            cachedText = [Int32](repeating: -1, count: 16_384)
            cachedShingles = [[UInt64]](repeating: [], count: 16_384)
        }
        let slot = Int(text) & (cachedText.count - 1)
        if cachedText[slot] == text { return cachedShingles[slot] }
        var result: [UInt64] = []
        readShingles(of: text, into: &result)
        cachedText[slot] = text
        cachedShingles[slot] = result
        return result
    }

    /// A member's shingles from the block of the walk's members; false when it is not there.
    private mutating func readMemberShingles(of text: Int32, into result: inout [UInt64]) -> Bool {
        guard memberBlock.isExpected(text) else { return false }
        if reader == nil { reader = FoldedRowReader(table: table, waitingForSearchText: false) }
        var made = false
        memberBlock.withBytes(of: text, locations: locations, reader: &reader!) { raw, reader in
            _ = reader.withRawContent(raw) { made = Self.shingles(rawContent: $0, folder: &$1, into: &result) }
        }
        return made
    }

    /// A text's shingles read from its row, into `result`'s storage.
    private mutating func readShingles(of text: Int32, into result: inout [UInt64]) {
        let row = Int(rows[Int(text)])
        if reader == nil { reader = FoldedRowReader(table: table, waitingForSearchText: false) }
        let location = locations.location(ofText: Int(text))
        if let offset = location.fileOffset {
            var made = false
            if reader!.withRawContent(at: offset, length: location.length, { made = Self.shingles(rawContent: $0, folder: &$1, into: &result) }),
               made {
                return
            }
        }
        reader!.withJustification(row, at: location) { Self.shingles(folded: $0, into: &result) }
    }

    static func shingles(folded: UnsafeRawBufferPointer) -> [UInt64] {
        var result: [UInt64] = []
        shingles(folded: folded, into: &result)
        return result
    }

    /// The keys of every 5-scalar window of the folded text (repeats included), whitespace runs
    /// as one space and none at either end (a text under five scalars is one key; see
    /// `ShingleWindow`). The folded text is valid UTF-8. One pass, decoding as it goes, writing
    /// into `result` sized up front.
    static func shingles(folded: UnsafeRawBufferPointer, into result: inout [UInt64]) {
        result.removeAll(keepingCapacity: true)
        let count = folded.count
        guard count > 0, let source = folded.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        // A window per scalar at most, and scalars are at most bytes.
        result.append(contentsOf: repeatElement(0, count: count))
        let produced = result.withUnsafeMutableBufferPointer { out -> Int in
            var window = ShingleWindow(out: out.baseAddress!)
            var index = 0
            while index < count {
                index = window.feedPlain(source, from: index, count: count, stops: .foldedText)
                guard index < count else { break }
                // Valid UTF-8, as the folder writes it (the tokenizer decodes it the same way).
                let lead = source[index]
                let (scalar, length) = SearchFolder.decodeScalar(source + index, lead: lead)
                index += length
                window.feed(scalar)
            }
            return window.finish()
        }
        result.removeLast(count - produced)
    }

    static func key(low: UInt64, high: UInt64) -> UInt64 { ShingleWindow.key(low: low, high: high) }
}
