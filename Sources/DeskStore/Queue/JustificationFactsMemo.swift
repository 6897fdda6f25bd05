import DeskCore

/// What the load finds in a justification (empty, only a link, needs escaping on a terminal),
/// remembered by a hash of its bytes on one loading thread.
///
/// Why: three rows in four of a large queue repeat a justification byte for byte (form letters,
/// copied texts), and scanning each one for unsafe scalars was a tenth of the load. Direct-mapped
/// and fixed in size: a frequent text keeps its slot, a rare one is scanned again. A slot packs a
/// 60-bit tag of the hash with the facts, so one cache line answers.
struct JustificationFactsMemo {
    struct Facts {
        var isEmpty: Bool
        var isURLOnly: Bool
        var needsEscaping: Bool
    }

    /// Up to 2^17 slots (1 MiB): at 2^14 the one-off texts of a large queue evicted the frequent
    /// ones (a simulation of a 1M-row queue's two loading threads: about 425k scans at 2^14, 305k
    /// at 2^17). It starts at 2^10 and doubles as lookups pass its size: `decide` parses each
    /// chosen line again with a parser of its own, which must not clear a megabyte per row.
    private static let firstBits = 10
    private static let largestBits = 17
    private static let tagMask: UInt64 = ~0xF
    private static let occupied: UInt64 = 0x8
    private var slots = [UInt64](repeating: 0, count: 1 << JustificationFactsMemo.firstBits)
    private var bits = JustificationFactsMemo.firstBits
    private var lookups = 0

    /// Doubles the table once it has been asked as many times as it has slots, moving what it holds.
    private mutating func grow() {
        bits += 1
        var larger = [UInt64](repeating: 0, count: 1 << bits)
        for packed in slots where packed != 0 { larger[Int(truncatingIfNeeded: packed >> UInt64(64 - bits))] = packed }
        slots = larger
    }

    /// A hash of `bytes`; never 0.
    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        XXHash64.hash(bytes) | 1
    }

    /// The facts of `justification`, whose `hash` is given: remembered, or found and remembered;
    /// `knownSafe` when the scanner already saw that nothing in it needs escaping, and
    /// `needsEscaping` when the caller found out already (nil: scanned here).
    @inline(__always)
    mutating func facts(of justification: UnsafeRawBufferPointer, hash: UInt64, knownSafe: Bool = false,
                        needsEscaping known: Bool? = nil) -> Facts {
        lookups += 1
        if lookups > slots.count && bits < Self.largestBits { grow() }
        let slot = Int(truncatingIfNeeded: hash >> UInt64(64 - bits))
        let packed = slots[slot]
        if packed != 0 && packed & Self.tagMask == hash & Self.tagMask {
            return Facts(isEmpty: packed & 1 != 0, isURLOnly: packed & 2 != 0, needsEscaping: packed & 4 != 0)
        }
        let isEmpty = JustificationShape.isEmpty(justification)
        let facts = Facts(isEmpty: isEmpty, isURLOnly: !isEmpty && JustificationShape.isURLOnly(justification),
                          needsEscaping: !knownSafe && (known ?? SearchFolder.needsEscaping(justification)))
        slots[slot] = hash & Self.tagMask | Self.occupied | (facts.isEmpty ? 1 : 0) | (facts.isURLOnly ? 2 : 0) | (facts.needsEscaping ? 4 : 0)
        return facts
    }
}
