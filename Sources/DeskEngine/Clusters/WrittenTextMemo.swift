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
    /// 2^15 slots of 24 bytes: about half a core's L2 cache. One array of slots, so that a
    /// lookup misses the cache once, not once per field.
    private static let slotBits = 15
    private struct Slot {
        var hash: UInt64 = 0
        var exactKey: UInt64 = 0
        var kind: JustificationKind = .empty
    }
    private var slots: [Slot]

    init() {
        slots = [Slot](repeating: Slot(), count: 1 << Self.slotBits)
    }

    /// A hash of `written`; never 0 (the empty slot).
    @inline(__always)
    static func hash(_ written: UnsafeRawBufferPointer) -> UInt64 {
        XXHash64.hash(written) | 1
    }

    @inline(__always)
    func recalled(_ hash: UInt64) -> (kind: JustificationKind, exactKey: UInt64)? {
        let slot = Int(truncatingIfNeeded: hash >> (64 - UInt64(Self.slotBits)))
        return slots.withUnsafeBufferPointer { slots in
            slots[slot].hash == hash ? (slots[slot].kind, slots[slot].exactKey) : nil
        }
    }

    @inline(__always)
    mutating func remember(_ hash: UInt64, kind: JustificationKind, exactKey: UInt64) {
        let slot = Int(truncatingIfNeeded: hash >> (64 - UInt64(Self.slotBits)))
        slots[slot] = Slot(hash: hash, exactKey: exactKey, kind: kind)
    }
}
