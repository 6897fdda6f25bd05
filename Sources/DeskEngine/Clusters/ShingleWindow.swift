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
/// shared sentences.
struct ShingleWindow {
    private var low: UInt64 = 0
    private var high: UInt64 = 0
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
    /// in memory and every byte waited for the last one's store. Without branches on white space
    /// (one was mispredicted at every word): a key is written every time, kept only when a window
    /// was made.
    @inline(never)
    mutating func feedPlain(_ base: UnsafePointer<UInt8>, from start: Int, count: Int, stops: Stops) -> Int {
        var (low, high, emitted, lastWasSpace, produced) = (self.low, self.high, self.emitted, self.lastWasSpace, self.produced)
        let out = self.out
        var index = start
        while index < count {
            var byte = base[index]
            guard byte < 0x80 && byte >= stops.below && byte != stops.first && byte != stops.second else { break }
            index += 1
            let isSpace = byte <= 0x20 || byte == 0x7F
            byte = isSpace ? 0x20 : byte | (byte &- 0x41 < 26 ? 0x20 : 0)
            let shifts = !(isSpace && lastWasSpace)
            lastWasSpace = isSpace
            let shiftedLow = (low << 12 | UInt64(byte)) & Self.lowMask
            let shiftedHigh = (high << 9) & Self.highMask
            low = shifts ? shiftedLow : low
            high = shifts ? shiftedHigh : high
            emitted &+= shifts ? 1 : 0
            out[produced] = Self.key(low: low, high: high)  // `out` has room for it
            produced &+= shifts && emitted >= 5 ? 1 : 0
        }
        (self.low, self.high, self.emitted, self.lastWasSpace, self.produced) = (low, high, emitted, lastWasSpace, produced)
        return index
    }

    @inline(__always)
    private mutating func shift(_ scalar: UInt32) {
        low = (low << 12 | UInt64(scalar & 0xFFF)) & Self.lowMask
        high = (high << 9 | UInt64(scalar >> 12)) & Self.highMask
        emitted += 1
        if emitted >= 5 {
            out[produced] = Self.key(low: low, high: high)
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
