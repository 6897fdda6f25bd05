import DeskCore
import DeskStore
import CPrefetch

/// Open-addressing hash map from a 64-bit key to a row number, for exact-text groups.
///
/// Hand-written: a million inserts and lookups per clustering, where `Dictionary`'s SipHash and
/// per-entry overhead cost several times as much time and memory. Keys are already well-mixed
/// hashes, so their low bits index the table directly (linear probing, at most 3/4 full: 16 MiB
/// for the ~700,000 distinct texts of a million rows). Key and value share a 16-byte slot so a
/// probe touches one cache line.
struct RowKeyTable: Sendable {
    /// Slot `i` is `slots[2i]` (key, 0 when empty) and `slots[2i + 1]` (the value).
    private var slots: [UInt64] = []
    private var mask = 0
    private(set) var count = 0

    init(capacity: Int = 16) {
        var size = 16
        while size * 3 < capacity * 4 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: 2 * size)
        mask = size - 1
    }

    /// A table restored from `rawSlots` (the cluster cache): a power-of-two number of slot pairs.
    init?(rawSlots: [UInt64], count: Int) {
        let size = rawSlots.count / 2
        guard size >= 16, size & (size - 1) == 0, rawSlots.count == 2 * size, count * 4 <= size * 3 else { return nil }
        slots = rawSlots
        mask = size - 1
        self.count = count
    }

    /// The slots as stored, for the cluster cache.
    var rawSlots: [UInt64] { slots }

    /// The value stored for `key`, or nil. `key` must not be 0.
    func value(for key: UInt64) -> Int32? {
        slots.withUnsafeBufferPointer { slots in
            var slot = Int(truncatingIfNeeded: key) & mask
            while true {
                let stored = slots[2 * slot]
                if stored == 0 { return nil }
                if stored == key { return Int32(truncatingIfNeeded: slots[2 * slot + 1]) }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Starts loading the slot where `key`'s probe begins: a million keys go to random places
    /// in tens of megabytes, and asked for a few keys ahead the miss is mostly hidden.
    @inline(__always)
    func prefetch(_ key: UInt64) {
        slots.withUnsafeBufferPointer { prefetch_for_write($0.baseAddress! + 2 * (Int(truncatingIfNeeded: key) & mask)) }
    }

    /// Stores `value` for `key` (not 0) unless the key is present; returns the value now stored.
    mutating func insertIfAbsent(_ key: UInt64, _ value: Int32) -> Int32 {
        if (count + 1) * 4 > (slots.count / 2) * 3 { grow() }
        let mask = self.mask
        let (result, inserted) = slots.withUnsafeMutableBufferPointer { slots -> (Int32, Bool) in
            var slot = Int(truncatingIfNeeded: key) & mask
            while true {
                let stored = slots[2 * slot]
                if stored == 0 {
                    slots[2 * slot] = key
                    slots[2 * slot + 1] = UInt64(UInt32(bitPattern: value))
                    return (value, true)
                }
                if stored == key { return (Int32(truncatingIfNeeded: slots[2 * slot + 1]), false) }
                slot = (slot + 1) & mask
            }
        }
        if inserted { count += 1 }
        return result
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        mask = slots.count / 2 - 1
        count = 0
        for slot in 0..<(old.count / 2) where old[2 * slot] != 0 {
            _ = insertIfAbsent(old[2 * slot], Int32(truncatingIfNeeded: old[2 * slot + 1]))
        }
    }
}

/// For one LSH band: the most typical text holding each band key, as its rank in the
/// most-typical-first order (lower is more typical).
///
/// Hand-written for the same reason as `RowKeyTable`, and packed (key in the high half, rank + 1
/// in the low half) so a probe touches one cache line: this runs bands × texts times. Ranks, not
/// text numbers, so that comparing two texts reads no other array at random.
struct BandLeaderTable {
    private var slots: UnsafeMutableBufferPointer<UInt64>
    private let mask: Int

    init(capacity: Int) {
        // At most 3/4 full: 8 MiB for a million texts, so two tables share the L3 cache.
        var size = 16
        while size * 3 < capacity * 4 { size <<= 1 }
        slots = .allocate(capacity: size)
        slots.initialize(repeating: 0)
        mask = size - 1
    }

    func deallocate() { slots.deallocate() }

    mutating func reset() { slots.update(repeating: 0) }

    @inline(__always)
    private func home(_ key: UInt32) -> Int {
        Int(truncatingIfNeeded: (UInt64(key) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }

    /// Starts loading the slot where `key`'s probe begins (the table is megabytes, probed at
    /// random: asked for a few keys ahead, the miss is mostly hidden).
    @inline(__always)
    func prefetch(_ key: UInt32) {
        prefetch_for_write(slots.baseAddress! + home(key))
    }

    /// Records `rank` for `key` when no rank is recorded yet or `rank` is lower: after every text
    /// of a band was offered, `recorded(for:)` gives each bucket's most typical text's rank.
    @inline(__always)
    mutating func offer(_ key: UInt32, rank: Int32) {
        var slot = home(key)
        while true {
            let entry = slots[slot]
            if entry == 0 {
                slots[slot] = UInt64(key) << 32 | UInt64(UInt32(rank + 1))
                return
            }
            if UInt32(truncatingIfNeeded: entry >> 32) == key {
                if rank + 1 < Int32(truncatingIfNeeded: entry & 0xFFFF_FFFF) { slots[slot] = UInt64(key) << 32 | UInt64(UInt32(rank + 1)) }
                return
            }
            slot = (slot + 1) & mask
        }
    }

    /// The rank recorded for `key`, which must have been offered.
    @inline(__always)
    func recorded(for key: UInt32) -> Int32 {
        var slot = home(key)
        while true {
            let entry = slots[slot]
            if UInt32(truncatingIfNeeded: entry >> 32) == key && entry != 0 { return Int32(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1 }
            slot = (slot + 1) & mask
        }
    }
}
