import CPrefetch
import DeskCore

/// An open-addressing hash set of submission ids, stored as row numbers into the table's id bytes.
///
/// Hand-written because a `[String: Int]` of a million ids costs a String allocation per row and
/// about ten times the memory; this is 8 bytes a slot and hashes the bytes in place. A slot holds
/// the row and the top 32 bits of its id's hash, so probing past other ids rarely touches their
/// bytes (each such look is two cache misses on a million rows).
struct IDIndex: Sendable {
    /// `tag << 32 | row`, or `empty`.
    private(set) var slots: [UInt64] = []
    private var mask = 0
    private(set) var count = 0
    static let empty = UInt64.max

    init() {}

    /// An index restored from the queue index: `slots` as `slots` gave them, holding `count` rows.
    /// Nil unless the slot count is zero or a power of two at least twice the rows, and every slot
    /// is empty or holds a row below `count`, each row once (so probing stays in bounds and ends).
    init?(slots: [UInt64], count: Int) {
        guard slots.isEmpty ? count == 0 : (slots.count & (slots.count - 1) == 0 && slots.count >= count * 2) else { return nil }
        var seen = [Bool](repeating: false, count: count)
        var used = 0
        for entry in slots where entry != Self.empty {
            let row = Int(entry & 0xFFFF_FFFF)
            guard row < count, !seen[row] else { return nil }
            seen[row] = true
            used += 1
        }
        guard used == count else { return nil }
        self.slots = slots
        mask = max(0, slots.count - 1)
        self.count = count
    }

    @inline(__always)
    private static func entry(row: Int32, hash: UInt64) -> UInt64 { hash & 0xFFFF_FFFF_0000_0000 | UInt64(UInt32(row)) }

    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash ^ (hash >> 29)
    }

    /// Ensures room for `total` ids without rehashing on the way.
    mutating func reserve(_ total: Int, idOfRow: (Int32) -> UInt64) {
        let wanted = max(16, total * 2)
        guard slots.count < wanted else { return }
        var capacity = 16
        while capacity < wanted { capacity <<= 1 }
        let old = slots
        slots = [UInt64](repeating: Self.empty, count: capacity)
        mask = capacity - 1
        for entry in old where entry != Self.empty {
            let row = Int32(truncatingIfNeeded: entry & 0xFFFF_FFFF)
            let hash = idOfRow(row)
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != Self.empty { slot = (slot + 1) & mask }
            slots[slot] = Self.entry(row: row, hash: hash)
        }
    }

    /// Asks for the cache line where a probe for `hash` starts.
    @inline(__always)
    func prefetch(hash: UInt64) {
        guard !slots.isEmpty else { return }
        slots.withUnsafeBufferPointer { prefetch_for_write($0.baseAddress! + (Int(truncatingIfNeeded: hash) & mask)) }
    }

    /// The row holding an id equal to the probe, if any.
    @inline(__always)
    func find(hash: UInt64, matches: (Int32) -> Bool) -> Int32? {
        guard !slots.isEmpty else { return nil }
        let tag = hash & 0xFFFF_FFFF_0000_0000
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry == Self.empty { return nil }
            if entry & 0xFFFF_FFFF_0000_0000 == tag {
                let row = Int32(truncatingIfNeeded: entry & 0xFFFF_FFFF)
                if matches(row) { return row }
            }
            slot = (slot + 1) & mask
        }
    }

    /// Adds `row`; the caller has checked with `find` that its id is new.
    mutating func insert(row: Int32, hash: UInt64, hashOfRow: (Int32) -> UInt64) {
        if (count + 1) * 2 > slots.count { reserve(count + 1, idOfRow: hashOfRow) }
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != Self.empty { slot = (slot + 1) & mask }
        slots[slot] = Self.entry(row: row, hash: hash)
        count += 1
    }
}
