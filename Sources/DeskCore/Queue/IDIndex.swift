/// An open-addressing hash set of submission ids, stored as row numbers into the table's id bytes.
///
/// Hand-written because a `[String: Int]` of a million ids costs a String allocation per row and
/// about ten times the memory; this is 4 bytes a slot and hashes the bytes in place.
struct IDIndex: Sendable {
    private(set) var slots: [Int32] = []
    private var mask = 0
    private(set) var count = 0

    init() {}

    /// An index restored from the queue index: `slots` as `slots` gave them, holding `count` rows.
    /// Nil unless the slot count is zero or a power of two above twice the rows, and every slot is
    /// -1 or a row below `count`, each row once (so `find` and `insert` stay in bounds and end).
    init?(slots: [Int32], count: Int) {
        guard slots.isEmpty ? count == 0 : (slots.count & (slots.count - 1) == 0 && slots.count >= count * 2) else { return nil }
        var seen = [Bool](repeating: false, count: count)
        var used = 0
        for row in slots where row != -1 {
            guard row >= 0, Int(row) < count, !seen[Int(row)] else { return nil }
            seen[Int(row)] = true
            used += 1
        }
        guard used == count else { return nil }
        self.slots = slots
        mask = max(0, slots.count - 1)
        self.count = count
    }

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
        slots = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
        for row in old where row >= 0 {
            var slot = Int(truncatingIfNeeded: idOfRow(row)) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = row
        }
    }

    /// The row holding an id equal to the probe, if any.
    func find(hash: UInt64, matches: (Int32) -> Bool) -> Int32? {
        guard !slots.isEmpty else { return nil }
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let row = slots[slot]
            if row < 0 { return nil }
            if matches(row) { return row }
            slot = (slot + 1) & mask
        }
    }

    /// Adds `row`; the caller has checked with `find` that its id is new.
    mutating func insert(row: Int32, hash: UInt64, hashOfRow: (Int32) -> UInt64) {
        if (count + 1) * 2 > slots.count { reserve(count + 1, idOfRow: hashOfRow) }
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = row
        count += 1
    }
}
