/// XXH64 (seed 0), the checksum of the queue index's header and sections.
///
/// Not a cryptographic hash: it detects a torn, truncated or bit-flipped index. SHA-256 would cost
/// ~60 ms over a million rows' index where this takes a few; whoever can write the index can write
/// the queue beside it too, so a keyed or cryptographic hash would protect nothing more.
/// Same output as `xxhsum -H1`, so a section can be checked by hand.
package enum XXHash64 {
    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    private static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
    private static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63
    private static let prime5: UInt64 = 0x27D4_EB2F_1656_67C5

    @inline(__always)
    private static func rotate(_ value: UInt64, _ bits: UInt64) -> UInt64 { value << bits | value >> (64 - bits) }

    @inline(__always)
    private static func round(_ accumulator: UInt64, _ input: UInt64) -> UInt64 {
        rotate(accumulator &+ input &* prime2, 31) &* prime1
    }

    @inline(__always)
    private static func merge(_ accumulator: UInt64, _ value: UInt64) -> UInt64 {
        (accumulator ^ round(0, value)) &* prime1 &+ prime4
    }

    package static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let length = bytes.count
        guard let base = bytes.baseAddress else { return avalanche(prime5) }
        var position = 0
        var hash: UInt64
        if length >= 32 {
            var v1 = prime1 &+ prime2
            var v2 = prime2
            var v3: UInt64 = 0
            var v4 = 0 &- prime1
            while position + 32 <= length {
                v1 = round(v1, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: position, as: UInt64.self)))
                v2 = round(v2, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: position + 8, as: UInt64.self)))
                v3 = round(v3, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: position + 16, as: UInt64.self)))
                v4 = round(v4, UInt64(littleEndian: base.loadUnaligned(fromByteOffset: position + 24, as: UInt64.self)))
                position += 32
            }
            hash = rotate(v1, 1) &+ rotate(v2, 7) &+ rotate(v3, 12) &+ rotate(v4, 18)
            hash = merge(merge(merge(merge(hash, v1), v2), v3), v4)
        } else {
            hash = prime5
        }
        hash = hash &+ UInt64(length)
        while position + 8 <= length {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: position, as: UInt64.self))
            hash = rotate(hash ^ round(0, word), 27) &* prime1 &+ prime4
            position += 8
        }
        if position + 4 <= length {
            let word = UInt64(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: position, as: UInt32.self)))
            hash = rotate(hash ^ (word &* prime1), 23) &* prime2 &+ prime3
            position += 4
        }
        while position < length {
            hash = rotate(hash ^ (UInt64(base.load(fromByteOffset: position, as: UInt8.self)) &* prime5), 11) &* prime1
            position += 1
        }
        return avalanche(hash)
    }

    package static func hash(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBytes { hash($0) } }

    @inline(__always)
    private static func avalanche(_ value: UInt64) -> UInt64 {
        var hash = value
        hash ^= hash >> 33
        hash = hash &* prime2
        hash ^= hash >> 29
        hash = hash &* prime3
        hash ^= hash >> 32
        return hash
    }
}
