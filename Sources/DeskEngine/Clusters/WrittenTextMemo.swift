import DeskCore
import DeskStore

/// The kind and exact key of justifications one sketch worker has already tokenized, found by a
/// hash of their bytes as the queue file writes them.
///
/// Most rows of a large queue repeat a text someone else sent word for word (three in four in the
/// benchmark's mixed million): identical bytes fold and tokenize identically, so such a row costs
/// a hash instead of folding and tokenizing (a third of a first clustering). Direct-mapped with a
/// fixed size: a frequent text keeps its slot, a rare one is simply tokenized again. A 64-bit
/// hash is as exact as the token-sequence key it stands for (`SketchPass.exactKey`).
struct WrittenTextMemo {
    /// Up to 2^17 slots of 24 bytes (3 MiB): a lookup misses L2 either way (512 KiB a core), and
    /// the larger table keeps frequent texts that a large queue's many one-off texts evicted at
    /// 2^15 (a simulation of a 1M-row queue's two loading threads: 375k misses and 143 MB folded
    /// at 2^15, 305k and 126 MB at 2^17). It starts at 2^12 and doubles as lookups pass its size,
    /// so a sketch of a few appended rows does not clear megabytes. One array of slots, so that a
    /// lookup misses the cache once, not once per field.
    private static let firstBits = 12
    private static let largestBits = 17
    private struct Slot {
        var hash: UInt64 = 0
        var exactKey: UInt64 = 0
        var kind: JustificationKind = .empty
    }
    private var slots: [Slot]
    private var bits = WrittenTextMemo.firstBits
    private var lookups = 0

    init() {
        slots = [Slot](repeating: Slot(), count: 1 << Self.firstBits)
    }

    /// Doubles the table once it has been asked as many times as it has slots, moving what it holds.
    private mutating func grow() {
        bits += 1
        var larger = [Slot](repeating: Slot(), count: 1 << bits)
        for slot in slots where slot.hash != 0 { larger[Int(truncatingIfNeeded: slot.hash >> UInt64(64 - bits))] = slot }
        slots = larger
    }

    /// A hash of `written`; never 0 (the empty slot).
    @inline(__always)
    static func hash(_ written: UnsafeRawBufferPointer) -> UInt64 {
        XXHash64.hash(written) | 1
    }

    @inline(__always)
    mutating func recalled(_ hash: UInt64) -> (kind: JustificationKind, exactKey: UInt64)? {
        lookups += 1
        if lookups > slots.count && bits < Self.largestBits { grow() }
        let slot = Int(truncatingIfNeeded: hash >> UInt64(64 - bits))
        return slots.withUnsafeBufferPointer { slots in
            slots[slot].hash == hash ? (slots[slot].kind, slots[slot].exactKey) : nil
        }
    }

    @inline(__always)
    mutating func remember(_ hash: UInt64, kind: JustificationKind, exactKey: UInt64) {
        let slot = Int(truncatingIfNeeded: hash >> UInt64(64 - bits))
        slots[slot] = Slot(hash: hash, exactKey: exactKey, kind: kind)
    }
}
