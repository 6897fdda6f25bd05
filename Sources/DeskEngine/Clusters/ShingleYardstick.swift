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
    /// Text → row.
    private let rows: [Int32]
    /// Direct-mapped by text number: a top or representative is compared with many texts.
    private var cachedText: [Int32]
    private var cachedShingles: [[UInt64]]
    private var scalars: [UInt32] = []
    /// The two texts' shingles, deduplicated: keys, and per slot `stamp << 2 | in first | in second`.
    private var keys: [UInt64] = []
    private var marks: [UInt32] = []
    private var stamp: UInt32 = 0

    /// What a thread needs to make its own yardstick.
    struct Maker: Sendable {
        let table: SubmissionTable?
        let textRows: [Int32]

        func make() -> ShingleYardstick? { table.map { ShingleYardstick(table: $0, textRows: textRows) } }
    }

    init(table: SubmissionTable, textRows: [Int32]) {
        self.table = table
        rows = textRows
        cachedText = []
        cachedShingles = []
    }

    /// Whether texts `first` and `second` (text numbers) are near-identical by the yardstick.
    mutating func agrees(_ first: Int32, _ second: Int32) -> Bool {
        let a = shingles(of: first, caching: false)
        let b = shingles(of: second, caching: true)
        if a.isEmpty || b.isEmpty { return a.isEmpty && b.isEmpty }
        let (distinctA, distinctB, shared) = counts(a, b)
        let common = Double(shared)
        if common / (Double(distinctA + distinctB) - common) >= Self.jaccard { return true }
        return common / Double(min(distinctA, distinctB)) >= Self.containment
    }

    /// Distinct shingles of each list, and those in both.
    private mutating func counts(_ a: [UInt64], _ b: [UInt64]) -> (Int, Int, Int) {
        var size = max(keys.count, 1_024)
        while size < 2 * (a.count + b.count) { size <<= 1 }
        if size != keys.count {
            keys = [UInt64](repeating: 0, count: size)
            marks = [UInt32](repeating: 0, count: size)
            stamp = 0
        }
        stamp += 1
        if stamp > 0x3FFF_FFFF {
            marks.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            stamp = 1
        }
        let mask = size - 1
        let current = stamp << 2
        var distinctA = 0
        var distinctB = 0
        var shared = 0
        keys.withUnsafeMutableBufferPointer { keys in
            marks.withUnsafeMutableBufferPointer { marks in
                for (list, bit) in [(a, UInt32(1)), (b, UInt32(2))] {
                    for key in list {
                        var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
                        while true {
                            let mark = marks[slot]
                            if mark & ~3 != current {
                                keys[slot] = key
                                marks[slot] = current | bit
                                if bit == 1 { distinctA += 1 } else { distinctB += 1 }
                                break
                            }
                            if keys[slot] == key {
                                if mark & bit == 0 {
                                    marks[slot] = mark | bit
                                    distinctB += 1
                                    shared += 1
                                }
                                break
                            }
                            slot = (slot + 1) & mask
                        }
                    }
                }
            }
        }
        return (distinctA, distinctB, shared)
    }

    /// A text's shingles; `caching` for the representative side, which recurs (each member is
    /// compared a few times at most, and caching members evicts the representatives).
    private mutating func shingles(of text: Int32, caching: Bool) -> [UInt64] {
        if cachedText.isEmpty {  // allocated at the first pass, as the reader
            cachedText = [Int32](repeating: -1, count: 4_096)
            cachedShingles = [[UInt64]](repeating: [], count: 4_096)
        }
        let slot = Int(text) & (cachedText.count - 1)
        if cachedText[slot] == text { return cachedShingles[slot] }
        let row = Int(rows[Int(text)])
        if reader == nil { reader = FoldedRowReader(table: table, waitingForSearchText: false) }
        let result = reader!.withJustification(row) { Self.shingles(folded: $0, scalars: &scalars) }
        if caching {
            cachedText[slot] = text
            cachedShingles[slot] = result
        }
        return result
    }

    /// The hashes of every 5-scalar window of the folded text (repeats included), whitespace runs
    /// as one space (a text under five scalars is one shingle). The folded text is valid UTF-8.
    static func shingles(folded: UnsafeRawBufferPointer, scalars: inout [UInt32]) -> [UInt64] {
        scalars.removeAll(keepingCapacity: true)
        var lastWasSpace = true
        var index = 0
        let count = folded.count
        while index < count {
            let lead = UInt32(folded[index])
            var value = lead
            var length = 1
            if lead >= 0xF0 {
                length = 4
                value = lead & 0x07
            } else if lead >= 0xE0 {
                length = 3
                value = lead & 0x0F
            } else if lead >= 0xC0 {
                length = 2
                value = lead & 0x1F
            }
            if index + length > count { break }
            for offset in stride(from: 1, to: length, by: 1) { value = value << 6 | UInt32(folded[index + offset] & 0x3F) }
            index += length
            if isWhitespace(value) {
                if !lastWasSpace { scalars.append(0x20) }
                lastWasSpace = true
            } else {
                scalars.append(value)
                lastWasSpace = false
            }
        }
        if scalars.last == 0x20 { scalars.removeLast() }
        guard !scalars.isEmpty else { return [] }
        guard scalars.count >= 5 else {
            var value: UInt64 = 0
            for scalar in scalars { value = value &* base &+ UInt64(scalar) }
            return [mix(value)]
        }
        // A rolling polynomial over the window (two multiplications a step), then a mix.
        return scalars.withUnsafeBufferPointer { scalars in
            let windows = scalars.count - 4
            return [UInt64](unsafeUninitializedCapacity: windows) { result, initialized in
                var value: UInt64 = 0
                for index in 0..<5 { value = value &* base &+ UInt64(scalars[index]) }
                result[0] = mix(value)
                for start in stride(from: 1, to: windows, by: 1) {
                    value = (value &- UInt64(scalars[start - 1]) &* baseToTheFourth) &* base &+ UInt64(scalars[start + 4])
                    result[start] = mix(value)
                }
                initialized = windows
            }
        }
    }

    private static let base: UInt64 = 0x100_0000_01B3
    private static let baseToTheFourth: UInt64 = base &* base &* base &* base

    @inline(__always)
    private static func mix(_ value: UInt64) -> UInt64 {
        var mixed = value ^ (value >> 31)
        mixed = mixed &* 0x7FB5_D329_728E_A185
        return mixed ^ (mixed >> 27)
    }

    /// Unicode's White_Space scalars.
    @inline(__always)
    static func isWhitespace(_ value: UInt32) -> Bool {
        if value < 0x80 { return value == 0x20 || (value >= 0x09 && value <= 0x0D) }
        switch value {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }
}
