import Foundation

/// Folds text for case- and accent-insensitive search (`donnees` finds `Données`, `αθηνα` finds
/// `Αθήνα`), and notices characters that `TerminalSafety` would escape while it is at it.
///
/// Hand-written around a per-scalar cache because it runs over every email and justification at
/// load time (hundreds of megabytes): ASCII goes eight bytes at a time, anything else is folded once
/// per distinct character through Foundation and then looked up.
package struct SearchFolder {
    /// Cache for the Basic Multilingual Plane: 0 = not computed yet, `dropped` = folds to nothing,
    /// top bit set = index into `expansions`, otherwise the single folded scalar.
    private var bmpCache: [UInt32]
    /// The last astral scalars folded (emoji), direct-mapped by their low byte: the scalar in the
    /// high half, its entry (as `bmpCache`'s) in the low half, 0 when empty. Looked up in a
    /// dictionary of their folded bytes, each emoji of a load was a hash and the retain of its
    /// bytes (~0.4% of a first `stats` on a queue of shared sentences).
    private var astralEntries: [UInt64]
    /// Every astral scalar's entry once worked out (so that an expansion is stored once).
    private var astralEntryOf: [UInt32: UInt32] = [:]
    private var expansions: [[UInt8]] = []
    private static let dropped: UInt32 = 0x7FFF_FFFF
    private static let expansionFlag: UInt32 = 0x8000_0000
    /// `UnsafeScalarTable`'s bits, held here: a global's lazy initialiser is checked at every
    /// access, which was a call per non-Latin scalar of the load (0.45% of a first `stats`).
    private let unsafeScalars: [UInt64]

    package init() {
        bmpCache = [UInt32](repeating: 0, count: 0x10000)
        astralEntries = [UInt64](repeating: 0, count: 256)
        unsafeScalars = UnsafeScalarTable.bits
    }

    /// A placeholder without its cache, to swap a real folder in and out of a context.
    package init(empty: ()) {
        bmpCache = []
        astralEntries = []
        unsafeScalars = UnsafeScalarTable.bits
    }

    /// Folds a whole string, for a search needle.
    package static func fold(_ text: String) -> String {
        var folder = SearchFolder()
        var output = ByteBuffer()
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { _ = folder.appendFolded($0, to: &output) }
        return String(decoding: output.bytes, as: UTF8.self)
    }

    /// Appends the folded form of valid UTF-8 `text` to `output`; returns true when `text` holds
    /// a character that must be escaped before display (tabs and line breaks do not count).
    @discardableResult
    package mutating func appendFolded(_ text: UnsafeRawBufferPointer, to output: inout ByteBuffer) -> Bool {
        guard let source = text.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return false }
        let count = text.count
        output.reserve(additional: count * 3 + 8)
        var unsafe = false
        var index = 0
        var previous: UInt32 = 0
        while index < count {
            if index + 8 <= count {
                let word = UnsafeRawPointer(source + index).loadUnaligned(as: UInt64.self)
                let flags = Self.notPlainFlags(word)
                if flags == 0 {
                    output.appendUnchecked(Self.lowercased(word))
                    index += 8
                    previous = UInt32(source[index - 1])
                    continue
                }
                // The plain bytes before the first that is not (lowercasing carries only upwards,
                // from bytes at or above it): copied at once rather than byte by byte, which was
                // a third of folding text with an accent every few words.
                let plain = flags.trailingZeroBitCount >> 3
                if plain > 0 {
                    output.appendUnchecked(Self.lowercased(word), length: plain)
                    index += plain
                    previous = UInt32(source[index - 1])
                }
            }
            let lead = source[index]
            if lead < 0x80 {
                let value = UInt32(lead)
                if value < 0x20 || value == 0x7F {
                    if value == 0x0D {
                        if !(index + 1 < count && source[index + 1] == 0x0A) { unsafe = true }
                    } else if value != 0x0A && value != 0x09 {
                        unsafe = true
                    }
                    output.appendUnchecked(byte: 0x20)  // never part of a needle word
                } else {
                    output.appendUnchecked(byte: lead | (lead &- 0x41 < 26 ? 0x20 : 0))
                }
                previous = value
                index += 1
                continue
            }
            let (scalar, length) = Self.decodeScalar(source + index, lead: lead)
            if TerminalSafety.isUnsafe(scalar, table: unsafeScalars) {
                let next = index + length
                let partOfEmoji = TerminalSafety.isDroppedInsideEmoji(scalar, after: index > 0 ? previous : nil) {
                    next < count ? Self.decodeScalar(source + next, lead: source[next]).0 : nil
                }
                if !partOfEmoji { unsafe = true }
            }
            appendFolded(scalar: scalar, to: &output)
            previous = scalar
            index += length
        }
        return unsafe
    }

    /// What `appendFolded` returns, without folding: whether valid UTF-8 `text` holds a character
    /// that must be escaped before display. The load path calls this when the folded text is left
    /// for later (`LazySearchText`); a test keeps the two in agreement.
    package static func needsEscaping(_ text: UnsafeRawBufferPointer) -> Bool {
        guard let source = text.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return false }
        let count = text.count
        var index = 0
        var previous: UInt32 = 0
        while index < count {
            if index + 8 <= count, isPlainASCII(UnsafeRawPointer(source + index).loadUnaligned(as: UInt64.self)) {
                index += 8
                previous = UInt32(source[index - 1])
                continue
            }
            let lead = source[index]
            if lead < 0x80 {
                let value = UInt32(lead)
                if value < 0x20 || value == 0x7F {
                    if value == 0x0D {
                        if !(index + 1 < count && source[index + 1] == 0x0A) { return true }
                    } else if value != 0x0A && value != 0x09 {
                        return true
                    }
                }
                previous = value
                index += 1
                continue
            }
            let (scalar, length) = decodeScalar(source + index, lead: lead)
            if TerminalSafety.isUnsafe(scalar) {
                let next = index + length
                let partOfEmoji = TerminalSafety.isDroppedInsideEmoji(scalar, after: index > 0 ? previous : nil) {
                    next < count ? decodeScalar(source + next, lead: source[next]).0 : nil
                }
                if !partOfEmoji { return true }
            }
            previous = scalar
            index += length
        }
        return false
    }

    @inline(__always)
    private static func isPlainASCII(_ word: UInt64) -> Bool { notPlainFlags(word) == 0 }

    /// The high bit of each byte of `word` (little-endian) that is a control byte, DEL or
    /// non-ASCII; exact up to the lowest flagged byte (a borrow only carries upwards from it),
    /// possibly wrong above it.
    @inline(__always)
    private static func notPlainFlags(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let control = (word &- ones &* 0x20) & ~word & highs
        let delete = ((word ^ (ones &* 0x7F)) &- ones) & ~(word ^ (ones &* 0x7F)) & highs
        return control | delete | (word & highs)
    }

    /// Lower-cases eight ASCII bytes at once: adds 0x20 to each byte in 'A'...'Z'.
    @inline(__always)
    private static func lowercased(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let aboveZ = word &+ ones &* (0x7F - 0x5A)
        let atLeastA = word &+ ones &* (0x80 - 0x41)
        let upper = atLeastA & ~aboveZ & (ones &* 0x80)
        return word | (upper >> 2)
    }

    @inline(__always)
    package static func decodeScalar(_ pointer: UnsafePointer<UInt8>, lead: UInt8) -> (UInt32, Int) {
        if lead < 0x80 { return (UInt32(lead), 1) }
        if lead < 0xE0 { return (UInt32(lead & 0x1F) << 6 | UInt32(pointer[1] & 0x3F), 2) }
        if lead < 0xF0 {
            return (UInt32(lead & 0x0F) << 12 | UInt32(pointer[1] & 0x3F) << 6 | UInt32(pointer[2] & 0x3F), 3)
        }
        return (UInt32(lead & 0x07) << 18 | UInt32(pointer[1] & 0x3F) << 12
                | UInt32(pointer[2] & 0x3F) << 6 | UInt32(pointer[3] & 0x3F), 4)
    }

    private mutating func appendFolded(scalar: UInt32, to output: inout ByteBuffer) {
        let entry = scalar >= 0x10000 ? astralEntry(scalar) : bmpEntry(scalar)
        if entry == Self.dropped { return }
        if entry & Self.expansionFlag != 0 {
            output.appendUnchecked(contentsOf: expansions[Int(entry & ~Self.expansionFlag)])
        } else {
            output.appendUnchecked(scalar: entry)
        }
    }

    /// What `appendFolded` writes for the non-ASCII `scalar` when that is one scalar, else
    /// `severalOrNone` (then `foldedBytes(of:)` has it): for callers that consume folded scalars
    /// rather than bytes (`ShingleYardstick`), without writing and decoding them again.
    @inline(__always)
    package mutating func foldedScalar(_ scalar: UInt32) -> UInt32 {
        guard scalar < 0x10000 else { return Self.severalOrNone }
        let entry = bmpEntry(scalar)
        return entry & Self.expansionFlag != 0 || entry == Self.dropped ? Self.severalOrNone : entry
    }

    package static let severalOrNone: UInt32 = .max

    /// The UTF-8 bytes `appendFolded` writes for the non-ASCII `scalar` (possibly none).
    package mutating func foldedBytes(of scalar: UInt32) -> [UInt8] {
        let entry = scalar >= 0x10000 ? astralEntry(scalar) : bmpEntry(scalar)
        if entry == Self.dropped { return [] }
        if entry & Self.expansionFlag != 0 { return expansions[Int(entry & ~Self.expansionFlag)] }
        return Unicode.Scalar(entry).map { Array(String($0).utf8) } ?? []
    }

    /// The entry of an astral scalar, as `bmpEntry` gives for the Basic Multilingual Plane.
    @inline(__always)
    private mutating func astralEntry(_ scalar: UInt32) -> UInt32 {
        let slot = Int(scalar & 0xFF)
        let packed = astralEntries[slot]
        if packed >> 32 == UInt64(scalar) { return UInt32(truncatingIfNeeded: packed) }
        let entry = astralEntryOf[scalar] ?? newAstralEntry(scalar)
        astralEntries[slot] = UInt64(scalar) << 32 | UInt64(entry)
        return entry
    }

    private mutating func newAstralEntry(_ scalar: UInt32) -> UInt32 {
        let entry = entry(folded: Self.computeFolding(scalar))
        astralEntryOf[scalar] = entry
        return entry
    }

    /// A cache entry for a scalar that folds to `folded`: `dropped`, the one folded scalar, or an
    /// index into `expansions` (added).
    private mutating func entry(folded: [UInt8]) -> UInt32 {
        let scalars = String(decoding: folded, as: UTF8.self).unicodeScalars
        if folded.isEmpty { return Self.dropped }
        if scalars.count == 1, let single = scalars.first { return single.value }
        expansions.append(folded)
        return Self.expansionFlag | UInt32(expansions.count - 1)
    }

    /// The cache entry of a scalar of the Basic Multilingual Plane, computed on first use.
    @inline(__always)
    private mutating func bmpEntry(_ scalar: UInt32) -> UInt32 {
        let entry = bmpCache[Int(scalar)]
        return entry != 0 ? entry : computeEntry(scalar)
    }

    private mutating func computeEntry(_ scalar: UInt32) -> UInt32 {
        let entry = entry(folded: Self.computeFolding(scalar))
        bmpCache[Int(scalar)] = entry
        return entry
    }

    /// Letters that Unicode does not decompose but every reader treats as accented Latin letters.
    private static let extraLatin: [UInt32: String] = [
        0xF8: "o", 0x142: "l", 0x111: "d", 0xE6: "ae", 0x153: "oe", 0x131: "i", 0xFE: "th", 0x3C2: "σ",
    ]

    private static func computeFolding(_ scalar: UInt32) -> [UInt8] {
        guard let unicodeScalar = Unicode.Scalar(scalar) else { return [] }
        switch scalar {
        case 0x0300...0x036F, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x20D0...0x20FF, 0xFE20...0xFE2F:
            return []  // combining accents of decomposed text
        default: break
        }
        let folded = String(Character(unicodeScalar))
            .folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        var result = ""
        for foldedScalar in folded.unicodeScalars {
            if let replacement = extraLatin[foldedScalar.value] {
                result += replacement
            } else if !(0x0300...0x036F).contains(foldedScalar.value) {
                result.unicodeScalars.append(foldedScalar)
            }
        }
        return Array(result.utf8)
    }
}
