import CPrefetch
import DeskCore

/// How many submissions each requester (normalised email, `RequesterKey.hash`) has filed.
///
/// Hand-written open addressing rather than a Dictionary: it takes every row of a million-row
/// queue at load, where a flat table of two arrays costs a fraction of Swift's generic hashing.
/// Slots come from the high bits of the key times 2^64/φ (Fibonacci hashing): `RequesterKey`'s
/// FNV values have weak low bits, and taking those made long probe runs.
package struct RequesterIndex: Sendable {
    private(set) var keys: [UInt64] = []
    private(set) var counts: [Int32] = []
    private var used = 0
    /// 64 - log2(keys.count).
    private var shift: UInt64 = 64

    package init() {}

    /// An index restored from the queue index. Nil unless both arrays have the same power-of-two
    /// length (or are empty) with room to spare, and a key's count is positive exactly when the
    /// key is set.
    init?(keys: [UInt64], counts: [Int32]) {
        guard keys.count == counts.count, keys.count & (keys.count - 1) == 0 else { return nil }
        var used = 0
        for slot in keys.indices {
            guard (keys[slot] != 0) == (counts[slot] > 0), counts[slot] >= 0 else { return nil }
            if keys[slot] != 0 { used += 1 }
        }
        guard keys.isEmpty || used * 2 <= keys.count else { return nil }
        self.keys = keys
        self.counts = counts
        self.used = used
        shift = keys.isEmpty ? 64 : UInt64(64 - keys.count.trailingZeroBitCount)
    }

    @inline(__always)
    private func home(of key: UInt64) -> Int {
        shift >= 64 ? 0 : Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// Counts one more submission by `hash`.
    package mutating func add(_ hash: UInt64) {
        if (used + 1) * 2 > keys.count { grow() }
        let key = hash == 0 ? 1 : hash
        var slot = home(of: key)
        while keys[slot] != 0 && keys[slot] != key { slot = (slot + 1) & (keys.count - 1) }
        if keys[slot] == 0 {
            keys[slot] = key
            used += 1
        }
        counts[slot] += 1
    }

    /// Counts one more submission by each of `hashes`: raw buffers, and each probe's cache line
    /// requested a few rows ahead (the table is tens of megabytes at a million rows, and each
    /// probe was a cache miss on the load's critical thread).
    package mutating func add(contentsOf hashes: UnsafeBufferPointer<UInt64>) {
        var next = 0
        while next < hashes.count {
            // Grows exactly where `add` would: before the key that would fill it past half.
            if (used + 1) * 2 > keys.count { grow() }
            next = addUntilFull(hashes, from: next)
        }
    }

    /// Adds `hashes[from...]` until the table is full or a new key would need it to grow; returns
    /// the index of the first hash not added.
    private mutating func addUntilFull(_ hashes: UnsafeBufferPointer<UInt64>, from first: Int) -> Int {
        let mask = keys.count - 1
        let shift = self.shift
        let ahead = 8
        var used = self.used
        var index = first
        @inline(__always) func home(of key: UInt64) -> Int {
            shift >= 64 ? 0 : Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        }
        keys.withUnsafeMutableBufferPointer { keys in
            counts.withUnsafeMutableBufferPointer { counts in
                while index < hashes.count {
                    if index + ahead < hashes.count {
                        let upcoming = hashes[index + ahead]
                        prefetch_for_write(keys.baseAddress! + home(of: upcoming == 0 ? 1 : upcoming))
                    }
                    let key = hashes[index] == 0 ? 1 : hashes[index]
                    var slot = home(of: key)
                    while keys[slot] != 0 && keys[slot] != key { slot = (slot + 1) & mask }
                    if keys[slot] == 0 {
                        if (used + 1) * 2 > keys.count { break }
                        keys[slot] = key
                        used += 1
                    }
                    counts[slot] += 1
                    index += 1
                }
            }
        }
        self.used = used
        return index
    }

    /// How many submissions were filed by requesters who filed more than one: a pass over the
    /// table instead of a lookup per row.
    package var submissionsByRepeatRequesters: Int {
        counts.withUnsafeBufferPointer { counts in counts.reduce(0) { $0 + ($1 > 1 ? Int($1) : 0) } }
    }

    /// How many submissions `hash`'s requester filed.
    package func count(of hash: UInt64) -> Int {
        guard !keys.isEmpty else { return 0 }
        let key = hash == 0 ? 1 : hash
        var slot = home(of: key)
        while keys[slot] != 0 {
            if keys[slot] == key { return Int(counts[slot]) }
            slot = (slot + 1) & (keys.count - 1)
        }
        return 0
    }

    /// Makes room for `expected` requesters without growing (a load that knows about how many
    /// rows it reads: growing by doubling to a million rows allocated twice the final table, and
    /// moved every key again at each step on the load's critical thread).
    package mutating func reserve(_ expected: Int) {
        var capacity = max(1024, keys.count)
        while capacity < 2 * expected { capacity *= 2 }
        if capacity > keys.count { grow(to: capacity) }
    }

    private mutating func grow(to wanted: Int? = nil) {
        let oldKeys = keys
        let oldCounts = counts
        let capacity = wanted ?? max(1024, keys.count * 2)
        keys = [UInt64](repeating: 0, count: capacity)
        counts = [Int32](repeating: 0, count: capacity)
        shift = UInt64(64 - capacity.trailingZeroBitCount)
        used = 0
        for (slot, key) in oldKeys.enumerated() where key != 0 {
            var target = home(of: key)
            while keys[target] != 0 { target = (target + 1) & (capacity - 1) }
            keys[target] = key
            counts[target] = oldCounts[slot]
            used += 1
        }
    }
}
