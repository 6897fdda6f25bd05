import DeskCore

/// The yardstick's windows of five folded scalars, fed one scalar at a time: whitespace runs count
/// as one space and none at either end, and a text under five scalars is one key
/// (`ShingleYardstick.shingles`). Shared by the two ways a text is read — folded already, or as
/// the queue file holds it — so that both give the same keys.
///
/// A window's key is its scalars themselves when each is below U+1000 (12 bits each, 60 in all:
/// Latin, Greek, Cyrillic, Arabic, Hebrew, Indic scripts), and otherwise a mix of the low and high
/// parts (CJK, emoji). Both are shift registers updated per scalar: a rolling polynomial chained a
/// multiplication per scalar and a mix per window, the yardstick's largest cost on a queue of
/// shared sentences. A window of five ASCII scalars is its five bytes instead (tagged with
/// `asciiTag`), so that runs of plain ASCII make their windows eight bytes at a time
/// (`feedPlain`): a key per byte through the shift registers was most of the yardstick's time.
struct ShingleWindow {
    private var low: UInt64 = 0
    private var high: UInt64 = 0
    /// The last eight scalars' low bytes, the newest in the top byte.
    private var bytes: UInt64 = 0
    /// How many of the last scalars are ASCII (counted up to a large number, never wrapping).
    private var asciiRun = 0
    private var emitted = 0
    /// The last scalar fed was white space (as at the start: leading white space is dropped).
    /// The first of a run is shifted in at once, and taken back by `finish` if it ends the text.
    private var lastWasSpace = true
    /// Keys written to `out` so far.
    private(set) var produced = 0
    /// Room for a key per scalar fed.
    private let out: UnsafeMutablePointer<UInt64>

    init(out: UnsafeMutablePointer<UInt64>) {
        self.out = out
    }

    /// A folded scalar of the text (off the plain ASCII runs `feedPlain` takes).
    @inline(__always)
    mutating func feed(_ scalar: UInt32) {
        let isSpace = Self.isWhitespace(scalar)
        defer { lastWasSpace = isSpace }
        if isSpace && lastWasSpace { return }
        shift(isSpace ? 0x20 : scalar)
    }

    /// Bytes that end a run of plain ASCII besides those from 0x80 up: in folded text none; in a
    /// JSON string's content as the file holds it, escapes, and the quote and control bytes that
    /// make it invalid (so reading it back checks it as it goes).
    struct Stops {
        let below: UInt8
        let first: UInt8
        let second: UInt8
        static let foldedText = Stops(below: 0, first: 0x80, second: 0x80)
        static let jsonContent = Stops(below: 0x20, first: 0x22, second: 0x5C)
    }

    /// Feeds the ASCII bytes of `base[start..<count]` up to the first that is not (or is one of
    /// `stops`), folding them as `SearchFolder` does (capitals small, control bytes a space; folded
    /// text is unchanged by it), and returns where it stopped.
    ///
    /// Its own function, on copies of the state: in the caller's loop, with its calls and the
    /// stores to `out` (which may alias the state as far as the compiler knows), the state lived
    /// in memory and every byte waited for the last one's store. Eight bytes at a time once the
    /// window holds four ASCII scalars (`plainBlock`); byte by byte otherwise, without branches on
    /// white space (one was mispredicted at every word): a key is written every time, kept only
    /// when a window was made.
    @inline(never)
    mutating func feedPlain(_ base: UnsafePointer<UInt8>, from start: Int, count: Int, stops: Stops) -> Int {
        var (low, high, bytes, asciiRun, emitted, lastWasSpace, produced) =
            (self.low, self.high, self.bytes, self.asciiRun, self.emitted, self.lastWasSpace, self.produced)
        let out = self.out
        var index = start
        var blockWise = asciiRun >= 4 && emitted >= 4
        var retryAt = start  // after a block refused, its bytes go one by one
        while index < count {
            if blockWise && index >= retryAt && index + 8 <= count {
                if let block = Self.plainBlock(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self), stops: stops,
                                               afterSpace: lastWasSpace) {
                    Self.writeWindows(of: block, after: bytes, to: out + produced)
                    bytes = block
                    produced &+= 8
                    emitted &+= 8
                    asciiRun &+= 8
                    lastWasSpace = block >> 56 == 0x20
                    index += 8
                    continue
                }
                retryAt = index + 8
            }
            var byte = base[index]
            guard byte < 0x80 && byte >= stops.below && byte != stops.first && byte != stops.second else { break }
            index += 1
            let isSpace = byte <= 0x20 || byte == 0x7F
            byte = isSpace ? 0x20 : byte | (byte &- 0x41 < 26 ? 0x20 : 0)
            let shifts = !(isSpace && lastWasSpace)
            lastWasSpace = isSpace
            let shiftedLow = (low << 12 | UInt64(byte)) & Self.lowMask
            let shiftedHigh = (high << 9) & Self.highMask
            let shiftedBytes = bytes >> 8 | UInt64(byte) << 56
            low = shifts ? shiftedLow : low
            high = shifts ? shiftedHigh : high
            bytes = shifts ? shiftedBytes : bytes
            emitted &+= shifts ? 1 : 0
            asciiRun &+= shifts ? 1 : 0
            out[produced] = asciiRun >= 5 ? Self.asciiKey(bytes) : Self.key(low: low, high: high)  // `out` has room for it
            produced &+= shifts && emitted >= 5 ? 1 : 0
            blockWise = asciiRun >= 4 && emitted >= 4
        }
        if asciiRun >= 5 {  // the shift registers, behind after blocks, from the last five bytes
            low = 0
            for shift in stride(from: 24, through: 56, by: 8) { low = low << 12 | (bytes >> UInt64(shift) & 0xFF) }
            high = 0
        }
        (self.low, self.high, self.bytes, self.asciiRun, self.emitted, self.lastWasSpace, self.produced) =
            (low, high, bytes, asciiRun, emitted, lastWasSpace, produced)
        return index
    }

    /// Eight bytes folded, when each is plain ASCII (not one of `stops`) and no two white spaces
    /// meet (nor the first with one before, `afterSpace`): runs of white space count as one and
    /// are left to the bytewise loop.
    @inline(__always)
    private static func plainBlock(_ word: UInt64, stops: Stops, afterSpace: Bool) -> UInt64? {
        let high: UInt64 = 0x8080_8080_8080_8080
        let ones: UInt64 = 0x0101_0101_0101_0101
        guard word & high == 0 else { return nil }
        // Per byte, exact (no borrow crosses a byte, since every byte is below 0x80).
        func atLeast(_ value: UInt8) -> UInt64 { ((word | high) &- UInt64(value) &* ones) & high }
        func equal(_ value: UInt8) -> UInt64 { ~(((word ^ UInt64(value) &* ones) | high) &- ones) & high }
        let refused = (high ^ atLeast(stops.below)) | equal(stops.first) | equal(stops.second)
        guard refused == 0 else { return nil }
        let space = (high ^ atLeast(0x21)) | equal(0x7F)
        guard space & (space << 8 | (afterSpace ? 0x80 : 0)) == 0 else { return nil }
        let capital = atLeast(0x41) & (high ^ atLeast(0x5B))
        return (word & ~((space >> 7) &* 0xFF)) | space >> 2 | capital >> 2
    }

    /// The eight windows ending at each byte of `block`, the four bytes before it in the top half
    /// of `before`.
    @inline(__always)
    private static func writeWindows(of block: UInt64, after before: UInt64, to out: UnsafeMutablePointer<UInt64>) {
        let previous = before >> 32
        let mask: UInt64 = (1 << 40) - 1
        out[0] = (previous | block << 32) & mask | asciiTag
        out[1] = (previous >> 8 | block << 24) & mask | asciiTag
        out[2] = (previous >> 16 | block << 16) & mask | asciiTag
        out[3] = (previous >> 24 | block << 8) & mask | asciiTag
        out[4] = block & mask | asciiTag
        out[5] = block >> 8 & mask | asciiTag
        out[6] = block >> 16 & mask | asciiTag
        out[7] = block >> 24 | asciiTag
    }

    @inline(__always)
    private mutating func shift(_ scalar: UInt32) {
        low = (low << 12 | UInt64(scalar & 0xFFF)) & Self.lowMask
        high = (high << 9 | UInt64(scalar >> 12)) & Self.highMask
        bytes = bytes >> 8 | UInt64(scalar & 0xFF) << 56
        asciiRun = scalar < 0x80 ? asciiRun &+ 1 : 0
        emitted += 1
        if emitted >= 5 {
            out[produced] = asciiRun >= 5 ? Self.asciiKey(bytes) : Self.key(low: low, high: high)
            produced += 1
        }
    }

    /// The number of keys, once the whole text was fed.
    mutating func finish() -> Int {
        if lastWasSpace && emitted > 0 {  // the space shifted in at the end is taken back
            if emitted >= 5 { produced -= 1 }
            emitted -= 1
            low >>= 12
            high >>= 9
            bytes <<= 8
            asciiRun -= 1
        }
        if emitted > 0 && emitted < 5 {
            out[0] = Self.key(low: low, high: high) | Self.shortText
            produced = 1
        }
        return produced
    }

    private static let lowMask: UInt64 = (1 << 60) - 1
    private static let highMask: UInt64 = (1 << 45) - 1
    /// Set in the one key of a text under five scalars, so that it never equals a window.
    private static let shortText: UInt64 = 1 << 62
    /// Set in the key of a window of five ASCII scalars (its bytes, the oldest lowest), which
    /// the 60 bits of scalars below U+1000 never reach.
    private static let asciiTag: UInt64 = 1 << 61

    @inline(__always)
    private static func asciiKey(_ bytes: UInt64) -> UInt64 { bytes >> 24 | asciiTag }

    /// A window's key from the low 12 bits and the rest of each scalar, shifted in one by one.
    @inline(__always)
    static func key(low: UInt64, high: UInt64) -> UInt64 {
        guard high != 0 else { return low }
        var mixed = low &+ high &* 0x9E37_79B9_7F4A_7C15
        mixed ^= mixed >> 31
        mixed = mixed &* 0x7FB5_D329_728E_A185
        return (mixed ^ (mixed >> 27)) | 1 << 63
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
