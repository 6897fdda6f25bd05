import DeskCore
import DeskStore

/// What a justification holds once links and handles are set aside.
package enum JustificationKind: UInt8, Sendable {
    /// No words at all (empty, spaces, punctuation or emoji only).
    case empty = 0
    /// Only links (`http://…`, `https://…`, `www.…`) and @handles.
    case linkOnly = 1
    /// Fewer words than near-duplicate detection needs: grouped only when the words are identical.
    case short = 2
    /// Enough words to be compared by similarity.
    case text = 3
}

/// Splits folded justification text (see `SearchFolder`) into hashed word tokens.
///
/// A token is a run of letters and digits; everything else (spaces, line breaks, punctuation,
/// straight or curly quotes, dashes, emoji) only separates tokens, so those edits never change the
/// token sequence. CJK ideographs, kana and hangul are one token each, since those scripts do not
/// put spaces between words. Links and @handles contribute no tokens (a pasted profile link or an
/// inserted handle is not part of what the person wrote): a token right after `@`, or `http` /
/// `https` followed by `://`, or `www` followed by `.`, skips everything up to the next whitespace.
///
/// Hand-written: it runs over every justification in the queue when clusters are built (hundreds
/// of megabytes at a million rows), where a byte-at-a-time loop cost 4 ns a byte, mostly in
/// mispredicted branches at word ends. ASCII is classified eight bytes at a time (SWAR masks of
/// word characters) into one bit per byte over windows of up to 64 bytes, so the loop branches
/// per token rather than per byte (windows of one block cost a mispredicted exit every 8 bytes:
/// the composed million's tokenizing samples fell by a fifth with 64); non-ASCII bytes go scalar
/// by scalar through a per-tokenizer class cache. A token's hash is
/// computed from its bytes when it ends (eight-byte loads), the same way `hash(ofFoldedWord:)` does.
struct ClusterTokenizer {
    /// Scalar classes for the first two planes (letters and emoji): 0 = not computed yet.
    private var classes: [UInt8]
    static let word: UInt8 = 1
    private static let separator: UInt8 = 2
    static let standalone: UInt8 = 3
    static let space: UInt8 = 4

    /// Token hashes of the last text in `storage[0..<tokenCount]`; the array only grows.
    private var storage: [UInt32] = []
    private(set) var tokenCount = 0
    /// With `recordingSpans`, each token's start and end byte offsets in the text, in pairs
    /// (`spans[0..<2 * tokenCount]`).
    private(set) var spans: [UInt32] = []

    init() {
        classes = [UInt8](repeating: 0, count: 0x20000)
        storage = [UInt32](repeating: 0, count: 1024)
    }

    /// A placeholder without buffers, to swap a real tokenizer in and out of a context.
    init(empty: ()) {
        classes = []
    }

    /// The tokens of the last text, as 32-bit hashes.
    var tokens: [UInt32] { Array(storage[0..<tokenCount]) }

    func withTokens<Result>(_ body: (UnsafeBufferPointer<UInt32>) -> Result) -> Result {
        storage.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[0..<tokenCount])) }
    }

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// The high bits of a word's eight bytes (`flags`, other bits clear) as eight low bits.
    @inline(__always)
    static func gather(_ flags: UInt64) -> UInt64 {
        ((flags >> 7) &* 0x0102_0408_1020_4080) >> 56
    }

    /// Tokenizes `text` (folded UTF-8) into `tokens`; `minimumTokens` decides `.short`.
    mutating func tokenize(_ text: UnsafeRawBufferPointer, minimumTokens: Int, recordingSpans: Bool = false) -> JustificationKind {
        tokenCount = 0
        guard let base = text.baseAddress?.assumingMemoryBound(to: UInt8.self), text.count > 0 else { return .empty }
        let count = text.count
        if storage.count < count + 1 { storage = [UInt32](repeating: 0, count: max(count + 1, storage.count * 2)) }
        if recordingSpans && spans.count < 2 * count + 2 { spans = [UInt32](repeating: 0, count: 2 * count + 2) }
        let (produced, sawLink) = storage.withUnsafeMutableBufferPointer { out in
            classes.withUnsafeMutableBufferPointer { classes in
                spans.withUnsafeMutableBufferPointer { spans in
                    Self.walk(base, count, out: out.baseAddress!, spans: recordingSpans ? spans.baseAddress : nil, classes: classes)
                }
            }
        }
        tokenCount = produced
        if produced == 0 { return sawLink ? .linkOnly : .empty }
        return produced < minimumTokens ? .short : .text
    }

    /// The tokenizer's state while it walks one text.
    private struct WalkState {
        var produced = 0
        var inToken = false
        var tokenStart = 0
        /// Tokens starting before this offset belong to a link or handle and are skipped.
        var skipUntil = 0
        var sawLink = false
    }

    /// The tokenizer's loop. The straight path (ASCII runs, up to 64 bytes at a time, and
    /// tokens of at most eight bytes hashed where they end) is written out inline with its state
    /// in local variables: helper methods on a state struct were not inlined and kept the state
    /// in memory, and local functions capturing the variables boxed them (13 ns a byte).
    private static func walk(_ base: UnsafePointer<UInt8>, _ count: Int, out: UnsafeMutablePointer<UInt32>,
                             spans: UnsafeMutablePointer<UInt32>?, classes: UnsafeMutableBufferPointer<UInt8>) -> (Int, Bool) {
        var state = WalkState()
        var index = 0
        while index < count {
            if index &+ 8 <= count {
                // Up to 64 bytes of plain ASCII from `index`, one bit per byte: letters and digits
                // in `words`. Blocks are classified eight bytes at a time (high bits of each byte:
                // with the high bit forced on, subtracting a constant below 0x80 never borrows
                // across bytes) and gathered into the bit mask, so that tokens are then found a
                // window at a time rather than a block at a time (the loop over a block's token
                // starts and ends mispredicted at every block's end).
                var words: UInt64 = 0
                var valid = 0
                while valid < 64 && index &+ valid &+ 8 <= count {
                    let block = UnsafeRawPointer(base + (index &+ valid)).loadUnaligned(as: UInt64.self)
                    let high = block & highs
                    let raised = block | highs
                    let letter = (raised &- ones &* 0x61) & ~(raised &- ones &* 0x7B)
                    let digit = (raised &- ones &* 0x30) & ~(raised &- ones &* 0x3A)
                    let gathered = gather((letter | digit) & highs)
                    if high != 0 {
                        let plain = high.trailingZeroBitCount >> 3
                        words |= (gathered & ((1 << UInt64(plain)) &- 1)) << UInt64(valid)
                        valid &+= plain
                        break
                    }
                    words |= gathered << UInt64(valid)
                    valid &+= 8
                }
                if valid > 0 {
                    let limit: UInt64 = valid == 64 ? ~0 : (1 << UInt64(valid)) &- 1
                    var inToken = state.inToken
                    var tokenStart = state.tokenStart
                    let wordBefore = words << 1 | (inToken ? 1 : 0)
                    var starts = words & ~wordBefore
                    var ends = ~words & wordBefore & limit
                    // Starts and ends alternate, beginning with an end when a token is open.
                    while true {
                        if inToken {
                            guard ends != 0 else { break }
                            let position = index &+ ends.trailingZeroBitCount
                            ends &= ends &- 1
                            inToken = false
                            let tokenLength = position &- tokenStart
                            guard tokenLength <= 8 && position >= 8 else {
                                state.tokenStart = tokenStart
                                endToken(base, count, at: position, out: out, spans: spans, &state)
                                continue
                            }
                            let tail = UnsafeRawPointer(base + (position &- 8)).loadUnaligned(as: UInt64.self) >> UInt64(64 &- 8 &* tokenLength)
                            if tail == 0x77_7777 || tail == 0x7074_7468 || tail == 0x73_7074_7468,  // www, http, https
                               isLinkStart(base, count, tokenStart, position) {
                                markLink(base, count, from: tokenStart, &state)
                            }
                            if tokenStart >= state.skipUntil {
                                out[state.produced] = finish(hash: 0, word: tail, length: tokenLength)
                                if let spans {
                                    spans[2 &* state.produced] = UInt32(truncatingIfNeeded: tokenStart)
                                    spans[2 &* state.produced &+ 1] = UInt32(truncatingIfNeeded: position)
                                }
                                state.produced &+= 1
                            }
                        }
                        guard starts != 0 else { break }
                        let position = index &+ starts.trailingZeroBitCount
                        starts &= starts &- 1
                        inToken = true
                        tokenStart = position
                        if position > 0 && base[position &- 1] == 0x40 {  // @handle
                            state.tokenStart = tokenStart
                            markLink(base, count, from: position, &state)
                        }
                    }
                    state.inToken = inToken
                    state.tokenStart = tokenStart
                    index &+= valid
                    continue
                }
            } else if base[index] < 0x80 {
                let byte = base[index]
                let isWord = byte &- 0x61 < 26 || byte &- 0x30 < 10
                if isWord && !state.inToken {
                    startToken(base, count, at: index, &state)
                } else if !isWord && state.inToken {
                    endToken(base, count, at: index, out: out, spans: spans, &state)
                }
                index += 1
                continue
            }
            // A non-ASCII scalar.
            let (scalar, length) = SearchFolder.decodeScalar(base + index, lead: base[index])
            let role = scalarClass(scalar, cache: classes)
            if role == word {
                if !state.inToken { startToken(base, count, at: index, &state) }
            } else {
                if state.inToken { endToken(base, count, at: index, out: out, spans: spans, &state) }
                if role == standalone {
                    startToken(base, count, at: index, &state)
                    endToken(base, count, at: index + length, out: out, spans: spans, &state)
                }
            }
            index += length
        }
        if state.inToken { endToken(base, count, at: count, out: out, spans: spans, &state) }
        return (state.produced, state.sawLink)
    }

    /// A token starts at `position` (off the straight path).
    private static func startToken(_ base: UnsafePointer<UInt8>, _ count: Int, at position: Int, _ state: inout WalkState) {
        state.inToken = true
        state.tokenStart = position
        if position > 0 && base[position - 1] == 0x40 { markLink(base, count, from: position, &state) }  // @handle
    }

    /// The token from `state.tokenStart` ends at `position` (off the straight path).
    private static func endToken(_ base: UnsafePointer<UInt8>, _ count: Int, at position: Int, out: UnsafeMutablePointer<UInt32>,
                                 spans: UnsafeMutablePointer<UInt32>?, _ state: inout WalkState) {
        state.inToken = false
        let length = position - state.tokenStart
        if length >= 3 && length <= 5 && isLinkStart(base, count, state.tokenStart, position) {
            markLink(base, count, from: state.tokenStart, &state)
        }
        guard state.tokenStart >= state.skipUntil else { return }
        out[state.produced] = hash(base + state.tokenStart, length, textStart: base)
        if let spans {
            spans[2 * state.produced] = UInt32(state.tokenStart)
            spans[2 * state.produced + 1] = UInt32(position)
        }
        state.produced += 1
    }

    /// Skips from `position` to the next whitespace: a link or a handle.
    private static func markLink(_ base: UnsafePointer<UInt8>, _ count: Int, from position: Int, _ state: inout WalkState) {
        state.skipUntil = max(state.skipUntil, linkEnd(base, count, from: position))
        state.sawLink = true
    }

    /// `http://`, `https://` or `www.` at the token `base[start..<end]`.
    private static func isLinkStart(_ base: UnsafePointer<UInt8>, _ count: Int, _ start: Int, _ end: Int) -> Bool {
        // Bytes compared in place: through `elementsEqual` on string views this was a generic
        // call per short token next to non-ASCII text (0.3% of a first `stats`).
        let length = end - start
        let rest = count - end
        if length == 3 && base[start] == 0x77 && base[start + 1] == 0x77 && base[start + 2] == 0x77 {  // www
            return rest >= 1 && base[end] == 0x2E
        }
        if (length == 4 || length == 5) && base[start] == 0x68 && base[start + 1] == 0x74 && base[start + 2] == 0x74
            && base[start + 3] == 0x70 && (length == 4 || base[start + 4] == 0x73) {  // http, https
            return rest >= 3 && base[end] == 0x3A && base[end + 1] == 0x2F && base[end + 2] == 0x2F
        }
        return false
    }

    /// Where the link or handle starting at `position` ends: the next whitespace.
    private static func linkEnd(_ base: UnsafePointer<UInt8>, _ count: Int, from position: Int) -> Int {
        var index = position
        while index < count {
            let byte = base[index]
            if byte == 0x20 { break }
            if byte >= 0x80 {
                let (scalar, length) = SearchFolder.decodeScalar(base + index, lead: byte)
                if computeClass(scalar) == space { break }
                index += length
            } else {
                index += 1
            }
        }
        return index
    }

    /// The hash of the token `bytes[0..<length]`: its eight-byte little-endian chunks folded by
    /// multiplication, then the last one to eight bytes (the tail) and the length mixed in. Reads only within
    /// `textStart..<bytes + length`.
    @inline(__always)
    static func hash(_ bytes: UnsafePointer<UInt8>, _ length: Int, textStart: UnsafePointer<UInt8>) -> UInt32 {
        var hash: UInt64 = 0
        var offset = 0
        while length - offset > 8 {
            hash = (hash ^ UnsafeRawPointer(bytes + offset).loadUnaligned(as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
            offset += 8
        }
        let rest = length - offset
        var tail: UInt64 = 0
        if rest > 0 {
            let end = bytes + length
            if end - textStart >= 8 {
                tail = UnsafeRawPointer(end - 8).loadUnaligned(as: UInt64.self) >> UInt64(8 * (8 - rest))
            } else {
                for index in 0..<rest { tail |= UInt64(bytes[offset + index]) << UInt64(8 * index) }
            }
        }
        return finish(hash: hash, word: tail, length: length)
    }

    @inline(__always)
    static func finish(hash: UInt64, word: UInt64, length: Int) -> UInt32 {
        var value = (hash ^ word) &* 0xBF58_476D_1CE4_E5B9 ^ UInt64(length)
        value = (value ^ (value >> 31)) &* 0x94D0_49BB_1331_11EB
        return UInt32(truncatingIfNeeded: value ^ (value >> 29))
    }

    @inline(__always)
    private static func scalarClass(_ scalar: UInt32, cache: UnsafeMutableBufferPointer<UInt8>) -> UInt8 {
        if scalar < 0x20000 {
            let cached = cache[Int(scalar)]
            if cached != 0 { return cached }
            let computed = computeClass(scalar)
            cache[Int(scalar)] = computed
            return computed
        }
        return computeClass(scalar)
    }

    static func computeClass(_ value: UInt32) -> UInt8 {
        guard let scalar = Unicode.Scalar(value) else { return separator }
        switch value {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0x20000...0x3FFFF:
            return standalone
        default: break
        }
        let properties = scalar.properties
        if properties.isWhitespace { return space }
        // Variation selectors and tags only style the character before them (emoji).
        if (0xFE00...0xFE0F).contains(value) || (0xE0000...0xE01EF).contains(value) { return separator }
        if properties.isAlphabetic || properties.numericType != nil || properties.generalCategory == .nonspacingMark {
            return properties.generalCategory == .nonspacingMark && value < 0x0370 ? separator : word
        }
        return separator
    }
}

extension ClusterTokenizer {
    /// The hash `tokenize` gives the folded word `bytes` (letters and digits only).
    static func hash(ofFoldedWord bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let start = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return finish(hash: 0, word: 0, length: 0) }
        return hash(start, bytes.count, textStart: start)
    }

    static func hash(ofFoldedWord word: String) -> UInt32 {
        var word = word
        return word.withUTF8 { hash(ofFoldedWord: UnsafeRawBufferPointer($0)) }
    }

    /// How the tokenizer treats a scalar of folded text: a word character, a character that is a
    /// word by itself (CJK), whitespace (which ends a skipped link), or another separator.
    enum CharacterRole { case word, standalone, space, separator }

    mutating func role(of scalar: Unicode.Scalar) -> CharacterRole {
        let value = scalar.value
        if value < 0x80 {
            let byte = UInt8(value)
            if byte &- 0x61 < 26 || byte &- 0x30 < 10 { return .word }
            return byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) ? .space : .separator
        }
        switch classes.withUnsafeMutableBufferPointer({ Self.scalarClass(value, cache: $0) }) {
        case Self.word: return .word
        case Self.standalone: return .standalone
        case Self.space: return .space
        default: return .separator
        }
    }
}
